/**
 * The limits every agent of a run shares: the run-wide spend, and the one request gate per account
 * (shared backoff on 429/529/5xx, the account's reported limits). Pure types; the gate is
 * `limiter.ts`, the spend `runBudget.ts`.
 */
import type { RateLimitSnapshot } from '../model/call/rateLimitHeaders';
import type { TokenUsage } from '../model/usage';
import type { RetryPolicy } from './engineTypes';
import type { CapacityReason } from './eventVocabulary';
import type { ModelFailureKind } from './events';

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
