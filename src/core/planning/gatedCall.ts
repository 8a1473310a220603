/**
 * How a router or planner request is sent: at the client's shared gate (`sharedLimiter`), the same
 * the agents wait at, waiting out rate limits and an overloaded API for as long as the call's one
 * timeout allows, and retrying other transient failures up to STRUCTURED_CALL_MAX_RETRIES times.
 */
import type { Anthropic } from '@anthropic-ai/sdk';
import { DEFAULT_RETRY } from '../defaults';
import { streamMessage, type StreamOutcome } from '../model/call/streamMessage';
import { abortableSleep, isCapacityCause, retryWait, sharedLimiter } from '../run/limiter';

export const STRUCTURED_CALL_MAX_RETRIES = 2;

/** What the gate needs of a structured call. */
export interface GatedRequest {
  readonly client: Anthropic;
  /** Cap on the whole call, waits and retries included. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Sends the request at the client's shared gate, waiting out rate limits within the call's timeout. */
export async function sendAtGate(request: GatedRequest, params: Anthropic.MessageStreamParams): Promise<StreamOutcome<Anthropic.Message>> {
  const limiter = sharedLimiter(request.client, DEFAULT_RETRY);
  const deadline = Date.now() + request.timeoutMs;
  const signal =
    request.signal !== undefined ? AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]) : AbortSignal.timeout(request.timeoutMs);
  let failures = 0;
  for (;;) {
    try {
      await limiter.ready(signal);
    } catch {
      // Cancelled, or the timeout ran out while waiting: the request's own outcome says which.
    }
    const left = deadline - Date.now();
    const answer = await streamMessage({
      client: request.client,
      params,
      signal: request.signal,
      totalTimeoutMs: Math.max(1, left),
      sdkRetries: 0,
      onRateLimits: (limits) => limiter.observe(limits),
    });
    if (answer.ok) {
      limiter.succeeded();
      return answer;
    }
    const { failure } = answer;
    if (!failure.retryable || failure.kind === 'cancelled' || failure.kind === 'timeout') return answer;
    failures += 1;
    const { delayMs, sleep } = retryWait(limiter, failure, DEFAULT_RETRY, failures);
    if ((!isCapacityCause(failure.kind) && failures > STRUCTURED_CALL_MAX_RETRIES) || Date.now() + delayMs >= deadline) return answer;
    if (sleep) {
      try {
        await abortableSleep(delayMs, signal);
      } catch {
        return answer;
      }
    }
  }
}
