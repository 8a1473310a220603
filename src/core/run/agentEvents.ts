/**
 * The events of one agent at work (`agent.*`) and of its tool calls that change the run (`file.staged`,
 * `write.denied`, `finding.reported`): part of `RunEventBody` (`events.ts`).
 */
import type { LegacyRetryCause, ModelFailureKind, RetryCause } from '../model/call/kinds';
import type { Severity } from '../plan/plan';
import type { TokenUsage } from '../model/usage';
import type { AgentEndReason, AgentOutcome, CapacityReason, DenialReason, FileChange } from './eventVocabulary';

export type AgentEventBody =
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
    };
