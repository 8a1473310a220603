/**
 * The engine's boundaries: options a run takes, the handle it returns, and the small interfaces
 * between the scheduler, the agent loop, the tools and the staging store. Pure types.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentEndReason, CapacityReason, ModelFailureKind, RunEvent, RunEventBody } from './events';
import type { PriceTier, ResolvedModel } from '../model/modelSpec';
import type { ModelTable } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import type { Plan, TaskSpec } from '../plan/plan';
import type { ValidatedPlan } from '../plan/planCheck';
import type { RateLimitSnapshot } from '../model/call/rateLimitHeaders';
import type { RunState } from './runState';
import type { TokenUsage } from '../model/usage';
import type { SavedConversation, TranscriptWriter } from './agent/transcript';
import type { HistoryMessage } from './agent/history';
import type { ChecksConfig, ChecksSkippedReason } from '../checks/checkTypes';

/** USD per million tokens. Cache writes default to 1.25x input, cache reads to 0.1x input. */
export interface ModelPrice {
  readonly input: number;
  readonly output: number;
  readonly cacheWrite?: number;
  readonly cacheRead?: number;
  /** Prices by prompt length (built-in prices of tiered models); when present they win over the flat fields. */
  readonly tiers?: readonly PriceTier[];
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Limits that are enforced, not advisory. 0 means "no limit" for every numeric cap. */
export interface Budgets {
  readonly maxTurnsPerAgent: number;
  readonly maxTokensPerAgent: number;
  readonly maxCostUsdPerAgent: number;
  readonly maxWallMsPerAgent: number;
  readonly maxTokensPerRun: number;
  readonly maxCostUsdPerRun: number;
  readonly maxWallMsPerRun: number;
}

export interface RetryPolicy {
  /** Engine-level attempts of one model turn after the SDK gave up or the stream broke. */
  readonly maxAttemptsPerTurn: number;
  /** A stream with no event for this long is aborted and retried (the SDK has no idle timeout). */
  readonly idleTimeoutMs: number;
  /** Cap on an honoured `retry-after` (a server asking for an hour gets this). */
  readonly maxRetryAfterMs: number;
  /** Exponential backoff base and cap when the server gives no `retry-after`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface ModelDefaults {
  /** Contract and implement tasks. */
  readonly agent: string;
  /** Validate tasks. */
  readonly validator: string;
}

export interface RunOptions {
  /** The plan the check passed (`checkPlan`): the engine runs it without checking it again. */
  readonly plan: ValidatedPlan;
  /** Absolute path of the workspace root; agents are confined to it. */
  readonly workspaceRoot: string;
  readonly client: Anthropic;
  readonly models: ModelDefaults;
  readonly maxConcurrency: number;
  readonly budgets: Budgets;
  readonly prices: PriceTable;
  readonly retry: RetryPolicy;
  /** Project instructions (CLAUDE.md …) and repo map placed in the shared, cached prefix. */
  readonly sharedContext?: string;
  /** Folder for the run log (`events.jsonl`) and staged blobs; none keeps the run in memory. */
  readonly runDir?: string;
  readonly runId?: string;
  readonly demo?: boolean;
  readonly signal?: AbortSignal;
  /** Called synchronously for every event, in seq order. */
  readonly onEvent?: (event: RunEvent) => void;
  /** Clock for event stamps (tests). */
  readonly now?: () => number;
  /** Max output tokens per model turn (thinking included); capped by each model's maximum. */
  readonly maxOutputTokens?: number;
  /** What each model accepts and how large its window is; DEFAULT_MODEL_TABLE when absent. */
  readonly modelTable?: ModelTable;
  /** Effort for implement/contract agents and for validators; 'medium' for both when absent. */
  readonly effort?: { readonly agent: EffortSetting; readonly validator: EffortSetting };
  /** A model that retries, once, a turn the task's model refused; none when absent. */
  readonly fallbackModel?: string;
  /** The ripgrep search_text runs (the host passes VS Code's own); absent: `rg` on PATH, else the in-process engine. */
  readonly ripgrepPath?: string;
  /**
   * The approved checks the run proves its result with, in a snapshot outside the workspace, with
   * fix-up rounds; absent: no check phase (`checksSkipped` says why in the log).
   */
  readonly checks?: ChecksConfig;
  readonly checksSkipped?: { readonly reason: ChecksSkippedReason; readonly message: string };
  /**
   * A read-only fan-out (review, research) ends with a synthesis: one call to this model merges the
   * agents' findings and summaries into ranked findings and a Markdown report (`synthesis.finished`).
   */
  readonly synthesis?: SynthesisOptions;
}

export interface SynthesisOptions {
  readonly model: string;
  readonly effort?: EffortSetting;
  /** What the report answers, in words ("Review of the working tree against HEAD"); the plan's request when absent. */
  readonly subject?: string;
}

/**
 * Options to resume an interrupted run: a run's options without its plan and id (both come from its
 * log), and with its folder, which holds the log, the blobs and the agents' transcripts.
 */
export type ResumeOptions = Omit<RunOptions, 'plan' | 'runId' | 'runDir'> & { readonly runDir: string };

export interface RunHandle {
  readonly runId: string;
  /** Resolves with the final state when the run first ends (done, failed or cancelled). Never rejects. */
  readonly done: Promise<RunState>;
  /** Resolves when the run ends again after a retry reopened it (or now, when it is idle and ended). */
  settled(): Promise<RunState>;
  readonly staging: StagingReader;
  /** Current state (reduce of the events so far). */
  state(): RunState;
  cancel(reason?: string): void;
  /** Cancels one agent; its staged files are kept. */
  cancelAgent(taskId: string): void;
  /** Queues a failed, cancelled or blocked agent again, with what it blocked; reopens an ended run. */
  retryAgent(taskId: string): void;
  /**
   * Stops the agents at once without ending the run (no `run.finished`: it stays resumable with
   * `resumeRun`), flushes and closes the log and drops the live marker; resolves once the log is closed.
   */
  interrupt(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Staging
// ---------------------------------------------------------------------------------------------

export interface StagedEntry {
  readonly path: string;
  readonly taskId: string;
  /** What the agent saw in the workspace before its first write (null: the file did not exist). */
  readonly base: { readonly content: string; readonly hash: string } | null;
  /** Proposed content, or null for a delete. */
  readonly proposed: string | null;
  readonly proposedHash: string | null;
}

/** Read access to everything staged in a run (review, validators, CLI patches). */
export interface StagingReader {
  entries(): readonly StagedEntry[];
  entry(path: string): StagedEntry | undefined;
}

/** What one agent sees when it reads a path: staged content it may see, else the workspace. */
export type FileRead =
  | { readonly kind: 'file'; readonly content: string; readonly source: 'staged' | 'workspace'; readonly stagedBy?: string }
  | { readonly kind: 'deleted'; readonly stagedBy: string }
  | { readonly kind: 'missing' };

/** Visibility for one agent: its own writes, then the given tasks' writes, then the workspace. */
export interface StagingView {
  readonly taskId: string;
  read(path: string): Promise<FileRead>;
  /** Staged paths this view can see (own and visible tasks' writes), so listings can merge them with the workspace. */
  stagedPaths(): readonly { readonly path: string; readonly deleted: boolean }[];
  /** Stages a write or delete for this task; returns the event body to emit. */
  write(path: string, content: string | null): Promise<Extract<RunEventBody, { kind: 'file.staged' }>>;
}

// ---------------------------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------------------------

/** What a tool call needs: the agent's task, its view of the staging store, the run's plan and emitter. */
export interface ToolContext {
  readonly task: TaskSpec;
  readonly plan: Plan;
  readonly workspaceRoot: string;
  readonly view: StagingView;
  /** Emits `agent.*`, `file.staged`, `write.denied`, `finding.reported` bodies for this task. */
  readonly emit: (body: RunEventBody) => void;
  /** Aborts when the run or this agent is cancelled. */
  readonly signal: AbortSignal;
  /** The run's approved checks, for `run_check`; absent in a run without checks. */
  readonly checks?: CheckTool;
}

/** What `run_check` runs on: the run's approved checks, each in the run's snapshot of the combined result. */
export interface CheckTool {
  readonly ids: readonly string[];
  /** Runs one check for a validator; its outcome is the tool result (exit code, output tail, problems found). */
  run(checkId: string, taskId: string, signal: AbortSignal): Promise<ToolOutcome>;
}

export interface ToolOutcome {
  /** Text for the tool_result block. */
  readonly content: string;
  readonly isError: boolean;
  /** Set by the finish tool: the agent is done with this summary. */
  readonly finished?: { readonly summary: string };
  /** Workspace-relative path the call concerned, for events. */
  readonly path?: string;
}

export interface Toolbox {
  /** Tool definitions for a task's phase, in a stable order (they are part of the cached prefix). */
  definitions(phase: TaskSpec['phase']): Anthropic.Tool[];
  /** A short summary of a call for the UI: "edit src/api/user.ts". */
  describe(name: string, input: unknown): { readonly summary: string; readonly path?: string };
  execute(name: string, input: unknown, ctx: ToolContext): Promise<ToolOutcome>;
}

// ---------------------------------------------------------------------------------------------
// Agents
// ---------------------------------------------------------------------------------------------

/** Run-wide spend shared by all agents; an agent checks it before every turn. */
export interface RunBudget {
  record(usage: TokenUsage, costUsd: number | null): void;
  /** 'run-budget' once the run's token, cost or wall limit is reached. */
  exceeded(): 'run-budget' | undefined;
}

/** Failures that pause every agent of a run, not just the one that saw them. */
export type SharedBackoffCause = Extract<ModelFailureKind, 'rate-limited' | 'overloaded' | 'server-error'>;

/** Why a request waits before it is sent: a shared backoff, or one of the account's limits until its window resets. */
export interface CapacityWait {
  /** Epoch ms at which the gate looks again. */
  readonly until: number;
  readonly reason: CapacityReason;
}

export interface ReadyOptions {
  /** The request's estimated input tokens, weighed against the input-token limit left. */
  readonly inputTokens?: number;
  /** Told each time the request starts to wait, and until when. */
  readonly onWait?: (wait: CapacityWait) => void;
}

/**
 * One gate shared by everything that calls the model with one account (the run's agents, the router
 * and the planner): when any request is rate-limited (429) or the API is overloaded (529), all hold
 * their next request until the backoff ends, and no request is sent that the account's reported
 * limits would refuse.
 */
export interface RequestLimiter {
  /** Resolves when a request may be sent now; rejects with the signal's reason when aborted. */
  ready(signal: AbortSignal, options?: ReadyOptions): Promise<void>;
  /**
   * Reports a 429/529/5xx: pauses everyone for `retryAfterMs` (capped) or an exponential backoff;
   * returns the wait. `policy`: the caller's (a run's settings), else the one the limiter was made with.
   */
  backoff(cause: SharedBackoffCause, retryAfterMs: number | undefined, policy?: RetryPolicy): number;
  /** Reports a success, which resets the backoff. */
  succeeded(): void;
  /** Reports the limits a response (a success or a 429) carried. */
  observe(limits: RateLimitSnapshot): void;
}

/**
 * What every agent and tool of a run shares, built once per run and passed whole: the client, the
 * toolbox, the shared limits and spend, prices and models, the shared system block, the validated
 * plan, the run's emitter, clock, staging store and signal.
 */
export interface RunContext {
  readonly runId: string;
  /** The validated plan (its lint findings attached). */
  readonly plan: Plan;
  /** Absolute path of the workspace root; agents are confined to it. */
  readonly workspaceRoot: string;
  readonly client: Anthropic;
  readonly toolbox: Toolbox;
  readonly limiter: RequestLimiter;
  readonly runBudget: RunBudget;
  readonly budgets: Budgets;
  readonly retry: RetryPolicy;
  readonly prices: PriceTable;
  readonly modelTable: ModelTable;
  /** Byte-identical for every agent of the run; carries the cache_control breakpoint. */
  readonly sharedSystem: string;
  /** Output cap wanted per turn (thinking included); each request caps it at its model's maximum. */
  readonly maxOutputTokens: number;
  readonly staging: StagingReader;
  readonly emit: (body: RunEventBody) => void;
  readonly now: () => number;
  /** Aborts when the run is cancelled or runs out of wall time. */
  readonly signal: AbortSignal;
  /** The run's checks (`run_check`); absent in a run without checks. */
  readonly checks?: CheckTool;
  /**
   * Told when an agent is about to send a model request and wait for it: a quiet moment in which the
   * run writes what its log holds (see `RunLogSink.quiet`). Absent: nothing to tell.
   */
  readonly awaitingModel?: () => void;
}

/**
 * One agent's context: the run's context, whole, and what is particular to its task. It is also the
 * context its tools get (a ToolContext), so nothing is copied from one to the other.
 */
export interface AgentRunContext extends ToolContext {
  readonly run: RunContext;
  /** The task's model as the model table describes it: shapes every request and bounds the context. */
  readonly model: ResolvedModel;
  /** The effort setting for this task's role (agent or validator). */
  readonly effort: EffortSetting;
  /** Asked once for a turn the task's model refused; absent when none is set or it is the task's own model. */
  readonly fallbackModel?: ResolvedModel;
  /** Task-specific context for the opening message (owned files' content, dependency summaries). */
  readonly taskContext?: string;
  /** Where this attempt's conversation is kept, turn by turn, for a resume; absent: in memory only. */
  readonly transcript?: TranscriptWriter;
  /** What an interrupted attempt left: the loop continues its conversation and its counters. */
  readonly resume?: AgentResume;
}

/** An interrupted attempt of an agent: its saved conversation and what it had spent. */
export interface AgentResume {
  readonly conversation: SavedConversation;
  readonly turns: number;
  readonly usage: TokenUsage;
  /** null once any turn had no price. */
  readonly costUsd: number | null;
  /** Time it had been at work, counted against its wall budget. */
  readonly activeMs: number;
}

export interface AgentResult {
  readonly outcome: 'done' | 'failed' | 'cancelled';
  readonly reason: AgentEndReason;
  readonly message?: string;
  readonly summary?: string;
  /** The kind of model failure it ended on, when it ended on one. */
  readonly failure?: ModelFailureKind;
  /**
   * The whole conversation of an agent that ended done (its last answer and the results of its calls
   * included), so a fix-up round can continue it. Never logged.
   */
  readonly conversation?: FinalConversation;
}

export interface FinalConversation {
  readonly messages: readonly HistoryMessage[];
  readonly compacted: boolean;
}
