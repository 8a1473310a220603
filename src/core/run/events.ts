/**
 * Run events: the single source of truth. Every state change of a run is one event; the run log is
 * the events as JSONL, and every view of a run (UI, metrics, review, history) is `reduce(events)`.
 * Events are plain JSON: no class instances, no functions, no secrets.
 */
import type { LegacyRetryCause, ModelFailureKind, RetryCause } from '../model/call/kinds';
import type { Plan, Severity } from '../plan/plan';
import type { TokenUsage } from '../model/usage';
import type { CheckDiagnostic, CheckOutcome, CheckSpec, ChecksSkippedReason, ChecksVerdict } from '../checks/checkTypes';

export type { LegacyRetryCause, ModelFailureKind, RetryCause } from '../model/call/kinds';

/** How an agent ended. `blocked` tasks never started because a dependency did not finish. */
export type AgentOutcome = 'done' | 'failed' | 'cancelled' | 'blocked';

/** Why an agent ended, beyond its outcome. */
export type AgentEndReason =
  | 'finished' // called the finish tool, or ended its turn with no tool call
  | 'error' // an unrecoverable model or tool error (message says which)
  | 'budget-turns'
  | 'budget-tokens'
  | 'budget-cost'
  | 'budget-wall'
  | 'run-budget' // the run's budget ran out
  | 'cancelled'
  | 'dependency' // blocked by a failed or cancelled dependency
  | 'context-window' // the conversation no longer fits the model's context window (message says what to do)
  | 'refusal'; // the model declined the task (message names the category when the API gave one)

export type RunOutcome = 'done' | 'failed' | 'cancelled';

export type FileChange = 'create' | 'modify' | 'delete';

/** Why a tool refused a path. */
/**
 * Why a path was refused. `sensitive`: a path that can run code or hold secrets (`.vscode/tasks.json`,
 * `.github/workflows/**`, `.env*` …) that the plan does not name exactly. `path-conflict`: a path that
 * cannot coexist with one already staged or on disk (a file under a file, a folder where a file is).
 * `invalid-path`: a path no file can have (a trailing slash, over-long, a name the file system refuses).
 */
export type DenialReason =
  | 'not-owned'
  | 'outside-workspace'
  | 'absolute-path'
  | 'symlink-escape'
  | 'git-internal'
  | 'binary'
  | 'too-large'
  | 'not-a-file'
  | 'sensitive'
  | 'path-conflict'
  | 'invalid-path';

/** Why a request waits for capacity: a shared backoff, or the account's requests / tokens / input / output tokens limit. */
export type CapacityReason = 'backoff' | 'requests' | 'tokens' | 'inputTokens' | 'outputTokens';

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
  | { readonly kind: 'agent.queued'; readonly taskId: string }
  /**
   * `fixup`: the agent starts again for fix-up round N (its conversation continues with what failed);
   * its attempt stays the same.
   */
  | { readonly kind: 'agent.started'; readonly taskId: string; readonly model: string; readonly attempt: number; readonly fixup?: number }
  /**
   * Text the model streamed: the deltas of up to 100 ms of stream (TEXT_FLUSH_MS), joined again by the
   * host before a view gets them. A block that follows earlier text starts with a line break.
   */
  | {
      readonly kind: 'agent.text';
      readonly taskId: string;
      readonly text: string;
      /**
       * `thinking`: the text of a thinking block (the summarized thinking, which on the current models
       * also holds the notes the model writes between tool calls). Absent: the answer's text.
       * Optional: logs written before it existed have no such field.
       */
      readonly source?: 'thinking';
    }
  | {
      readonly kind: 'agent.toolCall';
      readonly taskId: string;
      readonly toolUseId: string;
      readonly tool: string;
      /** The path the call is about, when it has one. */
      readonly path?: string;
      /** A short human summary: "edit src/api/user.ts". */
      readonly summary: string;
    }
  | {
      readonly kind: 'agent.toolResult';
      readonly taskId: string;
      readonly toolUseId: string;
      readonly tool: string;
      readonly ok: boolean;
      /** First line of the result or error, bounded. */
      readonly summary: string;
    }
  | {
      readonly kind: 'agent.retrying';
      readonly taskId: string;
      /** The kind of the failure being retried; logs written before that vocabulary hold a legacy cause. */
      readonly cause: RetryCause | LegacyRetryCause;
      /** 1 for the first retry of this turn. */
      readonly attempt: number;
      readonly delayMs: number;
      readonly status?: number;
      readonly message: string;
    }
  | {
      /**
       * The agent's next request waits for capacity: a shared backoff after a 429/529, or one of the
       * account's reported limits (requests, tokens) until its window resets. Work is never dropped
       * for it; the wait ends at `until` (epoch ms) or when the run stops.
       */
      readonly kind: 'agent.waiting';
      readonly taskId: string;
      readonly until: number;
      readonly reason: CapacityReason;
    }
  | {
      readonly kind: 'agent.usage';
      readonly taskId: string;
      readonly model: string;
      readonly turn: number;
      readonly usage: TokenUsage;
      /** Cost of this turn in USD, or null when the model has no price (never a guess). */
      readonly costUsd: number | null;
      /**
       * USD saved by prompt-cache reads this turn against the full input price; null when the model has
       * no price. Optional: logs written before it existed have no such field.
       */
      readonly cacheSavingsUsd?: number | null;
    }
  /**
   * The conversation was compacted to stay within the model's window: the API summarized it, and the
   * summary replaces it from the next turn on. `turn` is the compaction request's own turn number (it
   * is a model request like any turn, with its `agent.usage`, and counts against the turn budget).
   * Token counts are Fanout's estimates of a turn request's input before and after.
   */
  | { readonly kind: 'agent.compacted'; readonly taskId: string; readonly turn: number; readonly tokensBefore: number; readonly tokensAfter: number }
  /**
   * The model refused turn `turn`; the same conversation is asked once of the fallback model
   * (`fanout.fallbackModel`) as turn `turn + 1`. Later turns go back to the task's model.
   */
  | { readonly kind: 'agent.fallback'; readonly taskId: string; readonly turn: number; readonly from: string; readonly to: string }
  | {
      readonly kind: 'agent.finished';
      readonly taskId: string;
      readonly outcome: AgentOutcome;
      readonly reason: AgentEndReason;
      readonly message?: string;
      /** The agent's own summary from the finish tool. */
      readonly summary?: string;
      /** The kind of model failure the agent ended on (a rejected key, retries used up, …); absent for any other ending. */
      readonly failure?: ModelFailureKind;
    }
  | {
      readonly kind: 'file.staged';
      readonly taskId: string;
      readonly path: string;
      readonly change: FileChange;
      /** sha256 of the workspace content the agent saw, or null when the file did not exist. */
      readonly baseHash: string | null;
      /** sha256 of the proposed content (a blob in the run's store), or null for a delete. */
      readonly proposedHash: string | null;
      readonly bytes: number;
    }
  | {
      readonly kind: 'write.denied';
      readonly taskId: string;
      readonly path: string;
      readonly tool: string;
      readonly reason: DenialReason;
      /** The task that owns the path, when another task does. */
      readonly owner?: string;
      readonly message: string;
    }
  | {
      readonly kind: 'finding.reported';
      readonly taskId: string;
      readonly severity: Severity;
      readonly message: string;
      readonly path?: string;
      readonly line?: number;
    }
  /**
   * The run checks its combined result with these approved commands (after `run.started`), with at
   * most `fixRounds` fix-up rounds. Absent from a run without checks, which says `checks.skipped`.
   */
  | { readonly kind: 'checks.planned'; readonly checks: readonly CheckSpec[]; readonly fixRounds: number }
  /** The run has no check phase, and why (nothing to run, an untrusted workspace, a list not approved). */
  | { readonly kind: 'checks.skipped'; readonly reason: ChecksSkippedReason; readonly message: string }
  /**
   * One check starts in the run's snapshot. `pass` 1 checks the implementers' result; pass N+1 follows
   * fix-up round N. `requestedBy`: a validator ran it with `run_check` (not part of a pass's verdict).
   */
  | { readonly kind: 'check.started'; readonly checkId: string; readonly pass: number; readonly command: string; readonly requestedBy?: string }
  | {
      readonly kind: 'check.finished';
      readonly checkId: string;
      readonly pass: number;
      readonly requestedBy?: string;
      readonly outcome: CheckOutcome;
      readonly exitCode: number | null;
      readonly signal?: string;
      readonly durationMs: number;
      /** Bytes the check printed, counted past the cap too. */
      readonly outputBytes: number;
      readonly truncated: boolean;
      /** The last CHECK_TAIL_CHARS characters of its output. */
      readonly tail: string;
      /** Problems its output points at, each attributed to the owning task (first MAX_EVENT_DIAGNOSTICS). */
      readonly diagnostics: readonly CheckDiagnostic[];
      readonly diagnosticsTotal: number;
      /** The whole kept output, relative to the run folder (`checks/p1-test.log`); absent for a run without a folder. */
      readonly log?: string;
      readonly message?: string;
    }
  /** Failing checks and error findings went back to these agents, each to fix its own files. */
  | {
      readonly kind: 'fixup.started';
      readonly round: number;
      readonly tasks: readonly { readonly taskId: string; readonly checks: readonly string[]; readonly diagnostics: number; readonly findings: number }[];
    }
  /** The check phase ended: every check passed, or these still fail (and the agents whose files they point at). */
  | {
      readonly kind: 'checks.finished';
      readonly verdict: ChecksVerdict;
      /** Check passes made (1 + fix-up rounds used). */
      readonly passes: number;
      readonly rounds: number;
      readonly failing: readonly string[];
      readonly owners: readonly string[];
      readonly message: string;
    }
  /**
   * A read-only fan-out's synthesis: after every agent (and the checks) ended, one model call merges
   * the agents' findings and summaries (never their transcripts) into ranked, de-duplicated findings
   * and one Markdown report.
   */
  | { readonly kind: 'synthesis.started'; readonly model: string }
  | {
      readonly kind: 'synthesis.finished';
      readonly model: string;
      /** Markdown, at most SYNTHESIS_REPORT_CHARS characters. */
      readonly report: string;
      /** Most important first; each names the tasks that reported it. */
      readonly findings: readonly RankedFinding[];
      readonly usage: TokenUsage;
      /** USD, or null when the model has no price. */
      readonly costUsd: number | null;
    }
  | { readonly kind: 'synthesis.failed'; readonly message: string }
  | { readonly kind: 'review.applied'; readonly taskId: string; readonly path: string; readonly merged: boolean }
  | { readonly kind: 'review.discarded'; readonly taskId: string; readonly path: string }
  | { readonly kind: 'review.conflict'; readonly taskId: string; readonly path: string; readonly message: string };

/** One finding of a synthesis: several agents' reports of one problem merged, ranked by the synthesis. */
export interface RankedFinding {
  readonly severity: Severity;
  readonly message: string;
  readonly path?: string;
  readonly line?: number;
  /** The tasks whose findings it merges. */
  readonly from: readonly string[];
}

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
