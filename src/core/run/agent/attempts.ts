/**
 * One model turn with the engine's retries: the agents' policy over the one streaming wrapper. The SDK
 * does not retry (so its uncapped retry-after sleeps cannot stall an agent, and the shared limiter sees
 * every 429/529); every attempt first waits at the run's shared limiter and runs under the idle
 * watchdog. A 429/529/5xx (or an overloaded/api error inside the stream) pauses every agent through
 * the limiter, while a dropped, stalled or unreachable connection backs off this agent only. The
 * conversation so far is resent unchanged, so a transient failure never costs the agent its finished
 * turns.
 *
 * Rate limits never end an agent: past the last attempt, a 429 or 529 turns the retries into a wait
 * for capacity (`agent.waiting`) that lasts as long as the run may (its wall time, or
 * MAX_CAPACITY_WAIT_MS per turn for a run without one). The account's reported limits make a request
 * wait before it is sent, and that wait is shown the same way.
 */
import type { AgentResult, AgentRunContext } from '../contextTypes';
import type { CapacityWait } from '../limitTypes';
import type { RateLimitSnapshot } from '../../model/call/rateLimitHeaders';
import { abortableSleep, isCapacityCause, retryWait } from '../limiter';
import type { StreamOutcome } from '../../model/call/streamMessage';
import type { InvalidToolInput } from '../../model/call/toolInputs';
import { agentFailureMessage } from './failures';
import { definedFields } from '../../definedFields';

/** The answer (with the tool calls whose input was not valid JSON, when any), or how the agent ends. */
export type AttemptsResult<M> =
  | { readonly ok: true; readonly message: M; readonly invalidToolInputs?: ReadonlyMap<string, InvalidToolInput> }
  | { readonly ok: false; readonly end: AgentResult };

/** The agents' settings for one attempt: no SDK retries, the run's idle timeout, the agent's signal. */
export interface AttemptSettings {
  readonly signal: AbortSignal;
  readonly idleTimeoutMs: number;
  readonly sdkRetries: 0;
  /** Reports the account's limits a response carried to the shared limiter. */
  readonly onRateLimits: (limits: RateLimitSnapshot) => void;
}

/** Longest a turn waits for capacity when the run has no wall-time limit. */
export const MAX_CAPACITY_WAIT_MS = 60 * 60_000;

/** Shorter waits are not announced: they end before a view would show them. */
const ANNOUNCE_WAIT_MS = 250;

/** One model request of an agent: how to send one attempt of it, and which model it asks. */
export interface TurnCall<M> {
  readonly send: (settings: AttemptSettings) => Promise<StreamOutcome<M>>;
  /** The model asked, for failure messages. */
  readonly model: string;
  /** The request's estimated input tokens, weighed against the account's input-token limit. */
  readonly inputTokens?: number;
}

export async function requestTurn<M>(ctx: AgentRunContext, call: TurnCall<M>, turn: number): Promise<AttemptsResult<M>> {
  const { limiter, retry } = ctx.run;
  const settings: AttemptSettings = {
    signal: ctx.signal,
    idleTimeoutMs: retry.idleTimeoutMs,
    sdkRetries: 0,
    onRateLimits: (limits) => limiter.observe(limits),
  };
  const maxAttempts = Math.max(1, retry.maxAttemptsPerTurn);
  const waitLimitMs = ctx.run.budgets.maxWallMsPerRun > 0 ? Number.POSITIVE_INFINITY : MAX_CAPACITY_WAIT_MS;
  let firstCapacityFailureAt: number | undefined;
  /** The end of the latest wait the agent's card already shows (a retry's or a capacity wait's). */
  let shownUntil = 0;
  const onWait = (wait: CapacityWait): void => {
    if (wait.until <= shownUntil || wait.until - ctx.run.now() < ANNOUNCE_WAIT_MS) return;
    shownUntil = wait.until;
    ctx.emit({ kind: 'agent.waiting', taskId: ctx.task.id, until: wait.until, reason: wait.reason });
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await limiter.ready(ctx.signal, call.inputTokens !== undefined ? { inputTokens: call.inputTokens, onWait } : { onWait });
    } catch (error) {
      if (ctx.signal.aborted) {
        return { ok: false, end: cancelledResult(ctx.signal) };
      }
      throw error;
    }
    ctx.run.awaitingModel?.();
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
    const { delayMs, sleep } = retryWait(limiter, failure, retry, attempt);
    const capacity = isCapacityCause(failure.kind);
    if (capacity) firstCapacityFailureAt ??= ctx.run.now();
    const mayWait = capacity && ctx.run.now() + delayMs - (firstCapacityFailureAt ?? 0) <= waitLimitMs;
    if (attempt >= maxAttempts && mayWait) {
      // Out of retries, not out of work: wait for capacity as long as the run may.
      shownUntil = ctx.run.now() + delayMs;
      ctx.emit({ kind: 'agent.waiting', taskId: ctx.task.id, until: shownUntil, reason: 'backoff' });
      continue;
    }
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
    shownUntil = ctx.run.now() + delayMs;
    ctx.emit({
      kind: 'agent.retrying',
      taskId: ctx.task.id,
      cause: failure.kind,
      attempt,
      delayMs,
      ...definedFields({ status: failure.status }),
      message,
    });
    if (sleep) {
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

export function cancelledResult(signal: AbortSignal): AgentResult {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' && reason !== ''
    ? { outcome: 'cancelled', reason: 'cancelled', message: reason }
    : { outcome: 'cancelled', reason: 'cancelled' };
}
