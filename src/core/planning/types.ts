/**
 * Shapes of the planning stage: patterns (how a feature is usually split), the context the planner
 * sees, the cost estimate and lint options. Pure types shared by the router, planner, lint, the CLI
 * and the extension.
 */
import type { Budgets, PriceTable } from '../run/engineTypes';
import type { Phase, PlanFinding, RouteDecision } from '../plan/plan';
import type { CheckedPlan } from '../plan/planCheck';

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
}
