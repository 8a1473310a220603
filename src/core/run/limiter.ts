/**
 * The run's request gate. Every agent awaits `ready()` before each model request; a 429, 529 or 5xx
 * seen by any agent pauses all of them until the pause ends, so parallel agents back off together
 * instead of hammering an API that already said "slow down".
 */
import type { RequestLimiter, RetryPolicy } from './engineTypes';

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** What the limiter knows right now (for tests and diagnostics). */
export interface LimiterState {
  /** Epoch ms until which requests wait; at or before `now()` means open. */
  readonly pausedUntil: number;
  /** Backoffs since the last success: the exponent of the next computed delay. */
  readonly consecutiveFailures: number;
}

export interface RunRequestLimiter extends RequestLimiter {
  state(): LimiterState;
}

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
 * One limiter per run. A reported failure pauses every agent for the server's `retry-after` (capped at
 * `policy.maxRetryAfterMs`), or else for an exponential backoff with jitter (base `baseDelayMs`, doubled
 * per consecutive failure, capped at `maxDelayMs`). Pauses only ever extend, never shorten, an existing
 * one. A success resets the exponent, not a pause someone else has just started.
 */
export function createRequestLimiter(
  policy: RetryPolicy,
  now: () => number = Date.now,
  sleep: Sleep = abortableSleep,
  random: () => number = Math.random,
): RunRequestLimiter {
  let pausedUntil = 0;
  let consecutiveFailures = 0;

  const computedDelay = (): number => {
    const exponential = policy.baseDelayMs * 2 ** Math.min(consecutiveFailures, 30);
    const capped = Math.min(exponential, policy.maxDelayMs);
    // Up to 25% less than the cap, so agents that failed together do not retry together.
    return Math.max(0, Math.round(capped * (1 - 0.25 * random())));
  };

  return {
    async ready(signal: AbortSignal): Promise<void> {
      for (;;) {
        if (signal.aborted) {
          throw abortReason(signal);
        }
        const wait = pausedUntil - now();
        if (wait <= 0) {
          return;
        }
        // The pause may be extended while we sleep, so look again afterwards.
        await sleep(wait, signal);
      }
    },

    backoff(_cause, retryAfterMs): number {
      const delay =
        retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
          ? Math.min(Math.round(retryAfterMs), policy.maxRetryAfterMs)
          : computedDelay();
      consecutiveFailures += 1;
      const at = now();
      pausedUntil = Math.max(pausedUntil, at + delay);
      return pausedUntil - at;
    },

    succeeded(): void {
      consecutiveFailures = 0;
    },

    state(): LimiterState {
      return { pausedUntil, consecutiveFailures };
    },
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
