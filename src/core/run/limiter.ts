/**
 * The request gate shared by everything that calls the model with one account: the agents of a run
 * and the router and planner before it. Two things make a request wait:
 * - a backoff: a 429, 529 or 5xx seen by any caller pauses all of them until the pause ends, so
 *   parallel agents back off together instead of hammering an API that already said "slow down";
 * - the account's own limits: every response reports what is left of the requests, input and output
 *   tokens of the current window (`anthropic-ratelimit-*`, read by `observe`). A request that would
 *   not fit what is left waits for the window's reset, so a fan-out stays under the limits instead of
 *   bouncing off them. Between two reports the gate counts what it let through itself.
 * A caller learns how long it waits through `onWait`, to show "waiting for capacity".
 */
import type { CapacityWait, ReadyOptions, RequestLimiter, SharedBackoffCause } from './limitTypes';
import type { RetryPolicy } from './engineTypes';
import type { ModelFailureKind } from '../model/call/kinds';
import type { RateBucket, RateLimitSnapshot } from '../model/call/rateLimitHeaders';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** What the limiter knows right now (for tests and diagnostics). */
export interface LimiterState {
  /** Epoch ms until which requests wait; at or before `now()` means open. */
  readonly pausedUntil: number;
  /** Backoffs since the last success: the exponent of the next computed delay. */
  readonly consecutiveFailures: number;
  /** The account's limits as last reported, less what was let through since. */
  readonly limits: RateLimitSnapshot;
}

export interface RunRequestLimiter extends RequestLimiter {
  state(): LimiterState;
}

type BucketName = keyof RateLimitSnapshot;

/** The reset of a window the gate assumes has begun but has no report of yet. */
const UNKNOWN_RESET = Number.MAX_SAFE_INTEGER;
/** How often a request held by a used-up assumed window looks again for a report. */
export const UNKNOWN_RESET_POLL_MS = 250;
const BUCKET_NAMES: readonly BucketName[] = ['requests', 'tokens', 'inputTokens', 'outputTokens'];

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export const abortableSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * One limiter per account in use (a window's model access, a CLI process). A reported failure
 * pauses every caller for the server's `retry-after` (capped at `policy.maxRetryAfterMs`), or else for
 * an exponential backoff with jitter (base `baseDelayMs`, doubled per consecutive failure, capped at
 * `maxDelayMs`). Pauses only ever extend, never shorten, an existing one. A success resets the
 * exponent, not a pause someone else has just started.
 */
export function createRequestLimiter(
  policy: RetryPolicy,
  now: () => number = Date.now,
  sleep: Sleep = abortableSleep,
  random: () => number = Math.random,
): RunRequestLimiter {
  let pausedUntil = 0;
  let consecutiveFailures = 0;
  const limits: { -readonly [K in BucketName]?: RateBucket } = {};

  const computedDelay = (used: RetryPolicy): number => {
    const exponential = used.baseDelayMs * 2 ** Math.min(consecutiveFailures, 30);
    const capped = Math.min(exponential, used.maxDelayMs);
    // Up to 25% less than the cap, so agents that failed together do not retry together.
    return Math.max(0, Math.round(capped * (1 - 0.25 * random())));
  };

  /** What a request takes from a limit: one request; its estimated input tokens (never more than the whole limit). */
  const need = (name: BucketName, bucket: RateBucket, inputTokens: number): number => {
    if (name === 'requests' || name === 'outputTokens') return 1;
    return Math.min(Math.max(1, Math.ceil(inputTokens)), bucket.limit);
  };

  /**
   * The first reason to wait now, or undefined when the request may go. A limit whose window ended is
   * assumed full again until the next report says when the new window ends: the gate lets `limit`
   * through, then looks again every UNKNOWN_RESET_POLL_MS for that report.
   */
  const blocker = (at: number, inputTokens: number): CapacityWait | undefined => {
    if (pausedUntil > at) return { until: pausedUntil, reason: 'backoff' };
    let wait: CapacityWait | undefined;
    for (const name of BUCKET_NAMES) {
      let bucket = limits[name];
      if (bucket === undefined) continue;
      if (bucket.resetAt <= at && bucket.resetAt !== UNKNOWN_RESET) {
        bucket = { limit: bucket.limit, remaining: bucket.limit, resetAt: UNKNOWN_RESET };
        limits[name] = bucket;
      }
      if (bucket.remaining >= need(name, bucket, inputTokens)) continue;
      const until = bucket.resetAt === UNKNOWN_RESET ? at + UNKNOWN_RESET_POLL_MS : bucket.resetAt;
      if (wait === undefined || until > wait.until) wait = { until, reason: name };
    }
    return wait;
  };

  return {
    async ready(signal: AbortSignal, options: ReadyOptions = {}): Promise<void> {
      const inputTokens = options.inputTokens ?? 0;
      for (;;) {
        if (signal.aborted) {
          throw abortReason(signal);
        }
        const at = now();
        const wait = blocker(at, inputTokens);
        if (wait === undefined) {
          for (const name of BUCKET_NAMES) {
            const bucket = limits[name];
            if (bucket) limits[name] = { ...bucket, remaining: Math.max(0, bucket.remaining - need(name, bucket, inputTokens)) };
          }
          return;
        }
        options.onWait?.(wait);
        // The pause may be extended (or a window reported) while we sleep, so look again afterwards.
        await sleep(wait.until - at, signal);
      }
    },

    backoff(_cause, retryAfterMs, callerPolicy = policy): number {
      const delay =
        retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
          ? Math.min(Math.round(retryAfterMs), callerPolicy.maxRetryAfterMs)
          : computedDelay(callerPolicy);
      consecutiveFailures += 1;
      const at = now();
      pausedUntil = Math.max(pausedUntil, at + delay);
      return pausedUntil - at;
    },

    succeeded(): void {
      consecutiveFailures = 0;
    },

    observe(snapshot: RateLimitSnapshot): void {
      const at = now();
      for (const name of BUCKET_NAMES) {
        const reported = snapshot[name];
        // A report of an ended window says nothing about the next one.
        if (reported === undefined || reported.resetAt <= at) continue;
        const known = limits[name];
        // Answers of one window arrive out of order, and a report lags the requests still in flight:
        // the lowest remaining (the report's, or what the gate counted) is the latest word on it.
        const sameWindow = known !== undefined && (known.resetAt === reported.resetAt || known.resetAt === UNKNOWN_RESET);
        limits[name] = sameWindow ? { ...reported, remaining: Math.min(known.remaining, reported.remaining) } : reported;
      }
    },

    state(): LimiterState {
      return { pausedUntil, consecutiveFailures, limits: { ...limits } };
    },
  };
}

/** Failures the shared gate handles: they pause every caller, not just the one that saw them. */
export function isSharedCause(kind: ModelFailureKind): kind is SharedBackoffCause {
  return kind === 'rate-limited' || kind === 'overloaded' || kind === 'server-error';
}

/** A rate limit or an overloaded API: waited out for as long as the caller may, never a reason to give up. */
export function isCapacityCause(kind: ModelFailureKind): boolean {
  return kind === 'rate-limited' || kind === 'overloaded';
}

/** Backoff for failures that concern one caller's connection only: exponential, jittered, capped. */
export function localBackoff(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30);
  return Math.max(0, Math.round(Math.min(exponential, policy.maxDelayMs) * (1 - 0.25 * random())));
}

/**
 * The wait before a failed request is sent again (its `attempt`-th failure). A shared cause pauses
 * every caller at the gate, so `ready()` does the waiting (`sleep` false); any other failure backs off
 * this caller only, which sleeps itself.
 */
export function retryWait(
  limiter: RequestLimiter,
  failure: { readonly kind: ModelFailureKind; readonly retryAfterMs?: number | undefined },
  policy: RetryPolicy,
  attempt: number,
): { readonly delayMs: number; readonly sleep: boolean } {
  return isSharedCause(failure.kind)
    ? { delayMs: limiter.backoff(failure.kind, failure.retryAfterMs, policy), sleep: false }
    : { delayMs: localBackoff(policy, attempt), sleep: true };
}

const shared = new WeakMap<object, RunRequestLimiter>();

/**
 * The limiter of everything that calls the model through `client` (one client per model access: a
 * window's planning and runs, a CLI process), made on first use with `policy`. The router, the
 * planner and every run on that client wait at the same gate.
 */
export function sharedLimiter(client: object, policy: RetryPolicy): RunRequestLimiter {
  let limiter = shared.get(client);
  if (limiter === undefined) {
    limiter = createRequestLimiter(policy);
    shared.set(client, limiter);
  }
  return limiter;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
