/**
 * Streams one model turn. Each request gets its own AbortController, a child of the agent's signal,
 * and an idle watchdog: the SDK's timeout only covers the wait for headers, so a stream that goes quiet
 * (or headers that never come) would otherwise hang the agent forever.
 *
 * Text deltas are passed on in pieces of up to TEXT_FLUSH_MS of stream: a model streams a few
 * characters per delta, and one event (run-log line, state update, message to the view) per delta
 * would cost more than the text is worth. Nothing is held back longer than that, or past the end of
 * the attempt.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { performance } from 'node:perf_hooks';
import { classifyFailure, StreamStalled, type TurnFailure } from './failures';

export interface TurnRequest {
  readonly client: Anthropic;
  readonly params: Anthropic.MessageStreamParams;
  /** The agent's signal; the request aborts with it. */
  readonly signal: AbortSignal;
  /** Longest silence (no headers, no stream event) before the request is abandoned as stalled; 0 turns the watchdog off. */
  readonly idleTimeoutMs: number;
  /** Called for every non-empty text delta as it streams. */
  readonly onText: (delta: string) => void;
}

/** Longest stretch of stream whose text deltas are joined into one `onText` call. */
export const TEXT_FLUSH_MS = 100;

export type TurnResult = { readonly ok: true; readonly message: Anthropic.Message } | { readonly ok: false; readonly failure: TurnFailure };

export async function streamTurn(request: TurnRequest): Promise<TurnResult> {
  if (request.signal.aborted) {
    return { ok: false, failure: { kind: 'cancelled' } };
  }
  const call = new AbortController();
  const forwardAbort = (): void => call.abort(request.signal.reason);
  request.signal.addEventListener('abort', forwardAbort, { once: true });

  // One timer per request, not one per streamed frame: activity only notes the time, and the timer,
  // when it fires, either abandons the request or sleeps again for the silence still allowed.
  let watchdog: NodeJS.Timeout | undefined;
  let lastActivity = performance.now();
  const check = (): void => {
    const quietMs = performance.now() - lastActivity;
    if (quietMs >= request.idleTimeoutMs) {
      call.abort(new StreamStalled(request.idleTimeoutMs));
    } else if (!call.signal.aborted) {
      watchdog = setTimeout(check, request.idleTimeoutMs - quietMs);
    }
  };
  const rearm = (): void => {
    lastActivity = performance.now();
  };

  let pendingText = '';
  let pendingSince = 0;
  const flushText = (): void => {
    if (pendingText === '') return;
    const text = pendingText;
    pendingText = '';
    request.onText(text);
  };

  let connected = false;
  try {
    if (request.idleTimeoutMs > 0) {
      watchdog = setTimeout(check, request.idleTimeoutMs);
    }
    // The engine owns every retry: with the SDK's own retries off, its uncapped retry-after sleeps
    // cannot stall an agent, and the shared limiter sees every 429/529.
    const stream = request.client.messages.stream(request.params, { signal: call.signal, maxRetries: 0 });
    stream.on('connect', () => {
      connected = true;
      rearm();
    });
    // The SDK emits `streamEvent` for every event (pings included) before `text` for a text delta.
    stream.on('streamEvent', () => {
      rearm();
      if (pendingText !== '' && lastActivity - pendingSince >= TEXT_FLUSH_MS) flushText();
    });
    stream.on('text', (delta) => {
      if (delta === '') return;
      if (pendingText === '') pendingSince = performance.now();
      pendingText += delta;
    });
    const message = await stream.finalMessage();
    return { ok: true, message };
  } catch (error) {
    return {
      ok: false,
      failure: classifyFailure(error, {
        agentSignal: request.signal,
        requestSignal: call.signal,
        connected,
        model: request.params.model,
      }),
    };
  } finally {
    flushText();
    clearTimeout(watchdog);
    request.signal.removeEventListener('abort', forwardAbort);
  }
}
