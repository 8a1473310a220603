/**
 * Shapes of the planning stage: patterns (how a feature is usually split), the context the planner
 * sees, the cost estimate and lint options. Pure types shared by the router, planner, lint, the CLI
 * and the extension.
 */
import type { Budgets, PriceTable } from '../run/engineTypes';
import type { Phase, PlanFinding, RouteDecision } from '../plan/plan';
import type { CheckedPlan } from '../plan/planCheck';
import type { DefaultCutKeeps, InstructionFile } from './instructionSections';

/** One role of a pattern: a task the planner should create (or merge away when the request is small). */
export interface PatternRole {
  /** "Types", "Component", "Security review" … */
  readonly role: string;
  readonly phase: Phase;
  /** What the role does and, where the pattern says, which files it usually owns. */
  readonly description: string;
  /** Read-only roles own nothing (validators, reviewers, researchers). */
  readonly readOnly: boolean;
  readonly model?: string;
  /** Tool names a Claude Code subagent definition allows (informational). */
  readonly tools?: readonly string[];
}

export type PatternSource = 'builtin' | 'workspace' | 'claude-md' | 'claude-agents';

export interface Pattern {
  /** Stable id used by `--pattern` and the picker: `feature-7`, `domain`, or a file's slug. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** When to pick it, one or two sentences the composer shows as "Pick it when …" guidance. */
  readonly whenToPick: string;
  readonly source: PatternSource;
  /** Workspace-relative file the pattern came from. */
  readonly path?: string;
  readonly roles: readonly PatternRole[];
}

/** A problem found while reading a user pattern file (the pattern is skipped or partly read). */
export interface PatternProblem {
  readonly path: string;
  readonly message: string;
}

/** A bounded map of the repository for the planner: tree, sizes, exported symbols. */
export interface RepoMap {
  readonly text: string;
  readonly files: number;
  /** True when the map was cut to stay within its bound. */
  readonly truncated: boolean;
}

/** The project's own instructions (CLAUDE.md, AGENTS.md, .github/copilot-instructions.md). */
export interface ProjectInstructions {
  readonly text: string;
  readonly sources: readonly string[];
}

/** Section ids chosen per instruction file (workspace-relative path -> ids in any order). */
export type InstructionSectionPicks = Readonly<Record<string, readonly string[]>>;

/** One section of a project instructions file, as the review's chooser lists it. */
export interface InstructionSectionChoice {
  /** Stable id: the slugs of its heading path, `~2`, `~3` … for repeats; `~preamble` for the text before the first heading. */
  readonly id: string;
  /** The heading's text; '' for the text before the first heading. */
  readonly heading: string;
  /** 1-6 for a heading; 0 for the text before the first heading. */
  readonly level: number;
  /** Bytes of the section in the file, its heading line included. */
  readonly bytes: number;
  readonly defaultCut: DefaultCutKeeps;
  /** In the user's selection; without one, kept (whole or partly) by the default cut. */
  readonly selected: boolean;
}

/** A project instructions file the default cut loses content of, with its sections to choose from. */
export interface InstructionFileChoice {
  readonly path: InstructionFile;
  /** The file's size. */
  readonly bytes: number;
  /** Bytes the default cut keeps (the start of the file, in whole lines). */
  readonly defaultKeptBytes: number;
  /** Most bytes of chosen sections the agents get of this file. */
  readonly ceilingBytes: number;
  /** True when the user's selection is in effect; false while the default cut is. */
  readonly picked: boolean;
  /** True when only the start of a very large file (or its first sections) could be listed. */
  readonly truncated: boolean;
  readonly sections: readonly InstructionSectionChoice[];
}

/** A cost range in USD; null bounds when a model has no price (never a guess). */
export interface CostEstimate {
  readonly lowUsd: number | null;
  readonly highUsd: number | null;
  /** Input + output tokens the range assumes, low and high. */
  readonly lowTokens: number;
  readonly highTokens: number;
  /** Models in the plan with no price in the table. */
  readonly unpricedModels: readonly string[];
  /** How it was estimated, one line. */
  readonly basis: string;
}

export interface LintOptions {
  readonly workspaceRoot: string;
  readonly maxConcurrency: number;
  readonly budgets: Budgets;
  readonly prices: PriceTable;
  readonly models: { readonly agent: string; readonly validator: string };
  /** Sections the user chose of the project instruction files, when they did (reported instead of the default cut). */
  readonly instructionSections?: InstructionSectionPicks;
}

/** What planning hands to the review step (and the CLI's `plan --json`). */
export interface PlanProposal {
  readonly route: RouteDecision;
  /** Checked once, with its lint findings; a `ValidatedPlan` (`isValidated`) when the check passed. */
  readonly plan: CheckedPlan;
  readonly findings: readonly PlanFinding[];
  readonly estimate: CostEstimate;
  /** True when the estimate's high end is above the run budget: approval must be explicit. */
  readonly needsApproval: boolean;
  /**
   * The project instruction files the default cut loses content of, with their sections, for plan
   * review to choose from. Set by the review step (planning itself leaves it out).
   */
  readonly instructions?: readonly InstructionFileChoice[];
}
