/**
 * Run events: the single source of truth. Every state change of a run is one event; the run log is
 * the events as JSONL, and every view of a run (UI, metrics, review, history) is `reduce(events)`.
 * Events are plain JSON: no class instances, no functions, no secrets.
 */
import type { Plan } from '../plan/plan';
import type { AgentEventBody } from './agentEvents';
import type { CheckEventBody, SynthesisEventBody } from './checkEvents';
import type { RunOutcome } from './eventVocabulary';

export type { LegacyRetryCause, ModelFailureKind, RetryCause } from '../model/call/kinds';

export interface EventMeta {
  readonly runId: string;
  /** Monotonic within a run, starting at 1. */
  readonly seq: number;
  /** Epoch milliseconds. */
  readonly at: number;
}

export type RunEventBody =
  | {
      readonly kind: 'run.started';
      readonly plan: Plan;
      /** Folder name only (never a key or an absolute home path in a shared log). */
      readonly workspaceName: string;
      readonly maxConcurrency: number;
      readonly demo: boolean;
    }
  | { readonly kind: 'run.finished'; readonly outcome: RunOutcome; readonly message?: string }
  /**
   * The run continues after an interruption (a window reload, a crash, `kill -9` of the CLI): agents
   * that had finished stay finished, the ones that were at work continue from their last finished
   * turn, and the budgets count what was spent before.
   */
  | { readonly kind: 'run.resumed'; readonly maxConcurrency: number }
  /**
   * Something the user should know about the run as a whole, once per run: a model id the model
   * table does not know (what Fanout assumed instead), right after `run.started`.
   */
  | { readonly kind: 'run.warning'; readonly message: string; readonly model?: string }
  | AgentEventBody
  | CheckEventBody
  | SynthesisEventBody
  | { readonly kind: 'review.applied'; readonly taskId: string; readonly path: string; readonly merged: boolean }
  | { readonly kind: 'review.discarded'; readonly taskId: string; readonly path: string }
  | { readonly kind: 'review.conflict'; readonly taskId: string; readonly path: string; readonly message: string };

export type RunEventKind = RunEventBody['kind'];
export type RunEvent = EventMeta & RunEventBody;
export type RunEventOf<K extends RunEventKind> = EventMeta & Extract<RunEventBody, { kind: K }>;

/** Stamps bodies with runId, a monotonic seq and the time. */
export class EventStamper {
  private seq: number;
  /** `lastSeq` continues a run whose log already holds events (review actions after a reload). */
  constructor(
    readonly runId: string,
    private readonly now: () => number = Date.now,
    lastSeq = 0,
  ) {
    this.seq = lastSeq;
  }

  stamp(body: RunEventBody): RunEvent {
    this.seq += 1;
    return { runId: this.runId, seq: this.seq, at: this.now(), ...body };
  }

  get lastSeq(): number {
    return this.seq;
  }
}
