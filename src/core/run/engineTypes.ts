/**
 * The engine's boundary: the options a run takes (models, budgets, retry policy, prices) and the
 * handle it returns. Pure types. The contracts inside a run have their own files: `contextTypes.ts`
 * (run and agent contexts, an agent's result), `limitTypes.ts` (shared spend and request gate),
 * `../workspace/stagingTypes.ts` and `../workspace/tools/toolTypes.ts`.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { RunEvent } from './events';
import type { PriceTier } from '../model/modelSpec';
import type { ModelTable } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import type { ValidatedPlan } from '../plan/planCheck';
import type { RunState } from './runState';
import type { StagingReader } from '../workspace/stagingTypes';
import type { Toolbox } from '../workspace/tools/toolTypes';
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
   * The agents' tools; absent: the workspace toolbox (`createToolbox`), with \`ripgrepPath\` and the
   * checks' \`run_check\`. Given: used as it is, whatever `ripgrepPath` and `checks` say.
   */
  readonly toolbox?: Toolbox;
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
