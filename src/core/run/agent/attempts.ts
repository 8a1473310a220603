/**
 * One model turn with the engine's retries: the agents' policy over the one streaming wrapper. The SDK
 * does not retry (so its uncapped retry-after sleeps cannot stall an agent, and the shared limiter sees
 * every 429/529); every attempt first waits at the run's shared limiter and runs under the idle
 * watchdog. A 429/529/5xx (or an overloaded/api error inside the stream) pauses every agent through
 * the limiter, while a dropped, stalled or unreachable connection backs off this agent only. The
 * conversation so far is resent unchanged, so a transient failure never costs the agent its finished
 * turns.
 */
import type { AgentResult, AgentRunContext, RetryPolicy } from '../engineTypes';
import { abortableSleep } from '../limiter';
import type { StreamOutcome } from '../../model/call/streamMessage';
import { agentFailureMessage, isSharedCause } from './failures';

export type AttemptsResult<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly end: AgentResult };

/** The agents' settings for one attempt: no SDK retries, the run's idle timeout, the agent's signal. */
export interface AttemptSettings {
  readonly signal: AbortSignal;
  readonly idleTimeoutMs: number;
  readonly sdkRetries: 0;
}

/** One model request of an agent: how to send one attempt of it, and which model it asks. */
export interface TurnCall<M> {
  readonly send: (settings: AttemptSettings) => Promise<StreamOutcome<M>>;
  /** The model asked, for failure messages. */
  readonly model: string;
}

export async function requestTurn<M>(ctx: AgentRunContext, call: TurnCall<M>, turn: number): Promise<AttemptsResult<M>> {
  const { limiter, retry } = ctx.run;
  const settings: AttemptSettings = { signal: ctx.signal, idleTimeoutMs: retry.idleTimeoutMs, sdkRetries: 0 };
  const maxAttempts = Math.max(1, retry.maxAttemptsPerTurn);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await limiter.ready(ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) {
        return { ok: false, end: cancelledResult(ctx.signal) };
      }
      throw error;
    }
    const result = await call.send(settings);
    if (result.ok) {
      limiter.succeeded();
      return result;
    }
    const failure = result.failure;
    if (failure.kind === 'cancelled') {
      return { ok: false, end: cancelledResult(ctx.signal) };
    }
    const message = agentFailureMessage(failure, call.model);
    if (!failure.retryable) {
      return { ok: false, end: { outcome: 'failed', reason: 'error', message, failure: failure.kind } };
    }
    // Report shared causes even on the last attempt: the other agents should still hold off.
    const shared = isSharedCause(failure.kind);
    const delayMs = shared ? limiter.backoff(failure.kind, failure.retryAfterMs) : localBackoff(retry, attempt);
    if (attempt >= maxAttempts) {
      return {
        ok: false,
        end: {
          outcome: 'failed',
          reason: 'error',
          message: `Model turn ${turn} failed ${attempt} times in a row; the last error: ${sentence(message)} Retry the agent when the API is healthy again; files it already staged are kept.`,
          failure: failure.kind,
        },
      };
    }
    ctx.emit({
      kind: 'agent.retrying',
      taskId: ctx.task.id,
      cause: failure.kind,
      attempt,
      delayMs,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      message,
    });
    if (!shared) {
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
