/**
 * The contexts a run hands down: the run-wide `RunContext` (built once, `runContext.ts`), one agent's
 * context (the run's, whole, plus its task; also what its tools get), and what an agent returns.
 * Pure types.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ResolvedModel } from '../model/modelSpec';
import type { ModelTable } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import type { TokenUsage } from '../model/usage';
import type { Plan } from '../plan/plan';
import type { StagingReader } from '../workspace/stagingTypes';
import type { CheckTool, ToolContext, Toolbox } from '../workspace/tools/toolTypes';
import type { HistoryMessage } from './agent/history';
import type { SavedConversation, TranscriptWriter } from './agent/transcript';
import type { Budgets, PriceTable, RetryPolicy } from './engineTypes';
import type { AgentEndReason } from './eventVocabulary';
import type { ModelFailureKind, RunEventBody } from './events';
import type { RequestLimiter, RunBudget } from './limitTypes';

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
