/**
 * The one protocol between the extension host and the Fanout webview. Both bundles import this
 * module (the webview with `import type` only, so no validator ships in its bundle, plus
 * `./version`); the host validates every inbound message against `webviewToHostSchema` before dispatch.
 */
import { z } from 'zod';
import type { RunEvent } from '../core/run/events';
import type { PlanFinding, Route, RouteDecision, Plan } from '../core/plan/plan';
import { reviewPlanEditSchema, routeSchema } from '../core/plan/planSchema';
import { INSTRUCTION_FILES, MAX_INSTRUCTION_SECTIONS, MAX_SECTION_ID_CHARS } from '../core/planning/instructionSections';
import type { CostEstimate, InstructionFileChoice, InstructionSectionChoice } from '../core/planning/types';
import type { RunState } from '../core/run/runState';
import { RUN_ID_PATTERN } from '../core/store/runId';
import type { PROTOCOL_VERSION } from './version';
import type { CheckSource, CheckSpec, ChecksVerdict } from '../core/checks/checkTypes';

export { PROTOCOL_VERSION } from './version';

export type WorkspaceStatus =
  { readonly kind: 'none' } | { readonly kind: 'untrusted'; readonly name: string } | { readonly kind: 'ready'; readonly name: string };

/** A pattern the composer offers. */
export interface PatternChoice {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** When to pick it ("Pick it for …"), shown under the picker for the selected pattern. */
  readonly whenToPick: string;
  readonly source: 'builtin' | 'workspace' | 'claude-md' | 'claude-agents';
}

export type { InstructionFileChoice, InstructionSectionChoice };

/** The sections of project instruction files the user chose in plan review, per file (ids in any order). */
export type InstructionsSelection = readonly { readonly path: string; readonly sections: readonly string[] }[];

/** A plan waiting for the user's approval, with everything the review step shows. */
export interface PlanReview {
  readonly route: RouteDecision;
  readonly plan: Plan;
  readonly findings: readonly PlanFinding[];
  readonly estimate: CostEstimate;
  readonly needsApproval: boolean;
  /** Models the user may pick per task. */
  readonly models: readonly string[];
  /** The commands the run will check its combined result with (editable in the review). */
  readonly checks: PlanReviewChecks;
  /** Project instruction files longer than the agents get by default, with their sections to choose from. */
  readonly instructions?: readonly InstructionFileChoice[];
}

/** The checks a plan review shows: detected or edited, whether the workspace approved them, or why none will run. */
export interface PlanReviewChecks {
  readonly list: readonly CheckSpec[];
  /** The source they came from (the first that had any); absent when none was found or the user edited them. */
  readonly source?: CheckSource;
  readonly fixRounds: number;
  /** This exact list was approved for the workspace before; otherwise approving the plan asks first. */
  readonly approved: boolean;
  /** Why no check will run (an untrusted workspace, checks turned off); absent when they will. */
  readonly unavailable?: string;
  /** Problems met reading the sources (an invalid .fanout/checks.json …), shown under the list. */
  readonly notes: readonly string[];
}

/** One past run of the workspace, for history and the velocity charts. */
export interface RunSummary {
  readonly runId: string;
  readonly request: string;
  readonly status: RunState['status'];
  readonly startedAt: number;
  readonly wallMs: number;
  readonly speedup: number;
  readonly costUsd: number | null;
  readonly agents: number;
  readonly filesStaged: number;
  readonly pendingReview: number;
  readonly demo: boolean;
  /** How its checks ended; absent for a run without a check phase. */
  readonly checks?: ChecksVerdict;
  /** With `checks`: fix-up rounds used, time spent checking and fixing, and the agents right the first time of those that wrote. */
  readonly checkStats?: { readonly rounds: number; readonly checkMs: number; readonly fixupMs: number; readonly firstPass: number; readonly writers: number };
  /** A run whose log is still being written by another window or a CLI process: running, but not here (never resumable). */
  readonly elsewhere?: boolean;
}

/** Where the sidebar is in the flow. */
export type ViewStage =
  | { readonly kind: 'compose'; readonly draft: string; readonly context?: string }
  | { readonly kind: 'planning'; readonly request: string; readonly step: 'routing' | 'planning' }
  | { readonly kind: 'review'; readonly review: PlanReview }
  | { readonly kind: 'run'; readonly runId: string }
  | { readonly kind: 'error'; readonly request: string; readonly message: string; readonly action?: 'setApiKey' | 'openFolder' | 'trust' };

/** Everything the sidebar shows, sent after `ready` and whenever the stage changes. */
export interface SidebarSnapshot {
  readonly protocol: typeof PROTOCOL_VERSION;
  /** Monotonic sequence of host->webview updates. */
  readonly seq: number;
  readonly workspace: WorkspaceStatus;
  /** True when no API key is configured and runs use the built-in demo. */
  readonly demoMode: boolean;
  readonly patterns: readonly PatternChoice[];
  readonly stage: ViewStage;
  /** The run shown (the current one, or a reopened past run); its events follow as `events`. */
  readonly run?: RunState;
  readonly history: readonly RunSummary[];
}

// ---------------------------------------------------------------------------------------------
// Webview -> host
// ---------------------------------------------------------------------------------------------

const taskId = z.string().min(1).max(64);
/** A run of the history; only the shape of a run id the engine makes (no path can travel in it). */
const runId = z.string().max(100).regex(RUN_ID_PATTERN);
/** The plan schema's edits a person makes in plan review. */
const planEdit = reviewPlanEditSchema;
/**
 * Chosen sections per instruction file: each path one of the instruction files, once; ids bounded.
 * The host keeps only the files the review lists as cut, and ids those files have.
 */
const instructionsSelection = z
  .array(
    z
      .object({
        path: z.enum(INSTRUCTION_FILES),
        sections: z.array(z.string().min(1).max(MAX_SECTION_ID_CHARS)).max(MAX_INSTRUCTION_SECTIONS),
      })
      .strict(),
  )
  .min(1)
  .max(INSTRUCTION_FILES.length)
  .refine((files) => new Set(files.map((f) => f.path)).size === files.length, { error: 'each instruction file may appear once' });

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), protocol: z.number().int() }).strict(),
  z.object({ type: z.literal('distribute') }).strict(),
  z.object({ type: z.literal('setApiKey') }).strict(),
  z.object({ type: z.literal('openSettings') }).strict(),
  z
    .object({
      type: z.literal('submitRequest'),
      request: z.string().max(20_000),
      pattern: z.string().max(100).optional(),
      route: routeSchema.optional(),
    })
    .strict(),
  z.object({ type: z.literal('saveDraft'), draft: z.string().max(20_000) }).strict(),
  z.object({ type: z.literal('editPlan'), edits: z.array(planEdit).min(1).max(50) }).strict(),
  /** Applies the fix of the finding at `index` in the review's findings. */
  z.object({ type: z.literal('applyFix'), index: z.number().int().min(0) }).strict(),
  z.object({ type: z.literal('approvePlan'), confirmedOverBudget: z.boolean() }).strict(),
  /** The review's check commands as the user edited them (an empty list: no checks for this run). */
  z.object({ type: z.literal('editChecks'), commands: z.array(z.string().trim().min(1).max(1000)).max(20) }).strict(),
  /** Opens a check's whole output of its latest pass in an editor. */
  z.object({ type: z.literal('showCheckOutput'), runId, checkId: z.string().min(1).max(64) }).strict(),
  /** The sections of the listed instruction files the agents get instead of the default cut (re-reads them, re-lints). */
  z.object({ type: z.literal('pickInstructions'), selection: instructionsSelection }).strict(),
  z.object({ type: z.literal('backToCompose') }).strict(),
  z.object({ type: z.literal('cancelRun') }).strict(),
  z.object({ type: z.literal('cancelAgent'), taskId }).strict(),
  z.object({ type: z.literal('retryAgent'), taskId }).strict(),
  z.object({ type: z.literal('reviewAgent'), taskId }).strict(),
  z.object({ type: z.literal('acceptAgent'), taskId }).strict(),
  z.object({ type: z.literal('discardAgent'), taskId }).strict(),
  z.object({ type: z.literal('openRun'), runId }).strict(),
  /** Continues an interrupted run of the history (the host checks it is interrupted). */
  z.object({ type: z.literal('resumeRun'), runId }).strict(),
  /** Ends an interrupted run for good, its pending files discarded (the host asks first). */
  z.object({ type: z.literal('discardRun'), runId }).strict(),
  z.object({ type: z.literal('newRequest') }).strict(),
  /** Shows the Source Control view, where the run's staged changes wait for review. */
  z.object({ type: z.literal('openSourceControl') }).strict(),
  /** Opens the report of a review or research run (its run folder's report.md). */
  z.object({ type: z.literal('openReport'), runId }).strict(),
  /** Runs "Fanout: Distribute Review" / "Fanout: Distribute Research" (their pickers ask the rest). */
  z.object({ type: z.literal('distributeReview') }).strict(),
  z.object({ type: z.literal('distributeResearch') }).strict(),
  /** Runs "Fanout: Try the Demo" (copies the sample project and opens it in demo mode). */
  z.object({ type: z.literal('tryDemo') }).strict(),
]);

export type WebviewToHost = z.infer<typeof webviewToHostSchema>;
export type WebviewToHostType = WebviewToHost['type'];
export type WebviewMessageOf<T extends WebviewToHostType> = Extract<WebviewToHost, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Host -> webview
// ---------------------------------------------------------------------------------------------

export type HostToWebview =
  | { readonly type: 'snapshot'; readonly snapshot: SidebarSnapshot }
  /** Run events since the snapshot (batched, text coalesced), for the run in the snapshot. */
  | { readonly type: 'events'; readonly runId: string; readonly events: readonly RunEvent[] }
  | { readonly type: 'focusComposer'; readonly seq: number; readonly context?: string };

export type HostToWebviewType = HostToWebview['type'];
export type PlanEditMessage = z.infer<typeof planEdit>;
export type { Route };

/** Parses an inbound message; returns the typed message or a human-readable reason. */
export function parseWebviewMessage(raw: unknown): { readonly ok: true; readonly message: WebviewToHost } | { readonly ok: false; readonly error: string } {
  const result = webviewToHostSchema.safeParse(raw);
  if (result.success) {
    return { ok: true, message: result.data };
  }
  return { ok: false, error: z.prettifyError(result.error) };
}
