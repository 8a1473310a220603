/**
 * One model turn with the engine's retries. Every attempt first waits at the run's shared limiter; a
 * 429/529/5xx (or an overloaded/api error inside the stream) pauses every agent through the limiter,
 * while a dropped, stalled or unreachable connection backs off this agent only. The conversation so far
 * is resent unchanged, so a transient failure never costs the agent its finished turns.
 */
import type { AgentResult, AgentRunContext, RetryPolicy } from '../engineTypes';
import { abortableSleep } from '../limiter';
import { isSharedCause } from './failures';
import { streamTurn, type StreamOpener, type TextSource } from './turn';

export type AttemptsResult<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly end: AgentResult };

/** One model request of an agent: how to open its stream, and where its streamed text goes. */
export interface TurnCall<M> {
  readonly open: StreamOpener<M>;
  readonly model: string;
  readonly onText: (text: string, source: TextSource) => void;
  /** The agent already showed text (the next block starts on a new line). */
  readonly afterText: () => boolean;
}

export async function requestTurn<M>(ctx: AgentRunContext, call: TurnCall<M>, turn: number): Promise<AttemptsResult<M>> {
  const maxAttempts = Math.max(1, ctx.retry.maxAttemptsPerTurn);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ctx.limiter.ready(ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) {
        return { ok: false, end: cancelledResult(ctx.signal) };
      }
      throw error;
    }
    const result = await streamTurn({
      open: call.open,
      model: call.model,
      signal: ctx.signal,
      idleTimeoutMs: ctx.retry.idleTimeoutMs,
      onText: call.onText,
      afterText: call.afterText(),
    });
    if (result.ok) {
      ctx.limiter.succeeded();
      return result;
    }
    const failure = result.failure;
    if (failure.kind === 'cancelled') {
      return { ok: false, end: cancelledResult(ctx.signal) };
    }
    if (failure.kind === 'fatal') {
      return { ok: false, end: { outcome: 'failed', reason: 'error', message: failure.message } };
    }
    // Report shared causes even on the last attempt: the other agents should still hold off.
    const delayMs = isSharedCause(failure.cause) ? ctx.limiter.backoff(failure.cause, failure.retryAfterMs) : localBackoff(ctx.retry, attempt);
    if (attempt >= maxAttempts) {
      return {
        ok: false,
        end: {
          outcome: 'failed',
          reason: 'error',
          message: `Model turn ${turn} failed ${attempt} times in a row; the last error: ${sentence(failure.message)} Retry the agent when the API is healthy again; files it already staged are kept.`,
        },
      };
    }
    ctx.emit({
      kind: 'agent.retrying',
      taskId: ctx.task.id,
      cause: failure.cause,
      attempt,
      delayMs,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      message: failure.message,
    });
    if (!isSharedCause(failure.cause)) {
      try {
        await abortableSleep(delayMs, ctx.signal);
      } catch (error) {
        if (ctx.signal.aborted) {
          return { ok: false, end: cancelledResult(ctx.signal) };
        }
        throw error;
      }
    }
  }
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Backoff for failures that concern this agent's connection only: exponential, jittered, capped. */
export function localBackoff(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30);
  return Math.max(0, Math.round(Math.min(exponential, policy.maxDelayMs) * (1 - 0.25 * random())));
}

export function cancelledResult(signal: AbortSignal): AgentResult {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' && reason !== ''
    ? { outcome: 'cancelled', reason: 'cancelled', message: reason }
    : { outcome: 'cancelled', reason: 'cancelled' };
}
