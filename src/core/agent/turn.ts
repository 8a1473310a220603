/**
 * Streams one model turn. Each request gets its own AbortController, a child of the agent's signal,
 * and an idle watchdog: the SDK's timeout only covers the wait for headers, so a stream that goes quiet
 * (or headers that never come) would otherwise hang the agent forever.
 *
 * Text and thinking deltas are passed on in pieces of up to TEXT_FLUSH_MS of stream: a model streams
 * a few characters per delta, and one event (run-log line, state update, message to the view) per
 * delta would cost more than the text is worth. Nothing is held back longer than that, or past the
 * end of the attempt. Thinking matters as much as text here: on the current models the notes the
 * model writes between tool calls arrive as (summarized) thinking, and without them an agent's card
 * would stay silent until its final answer.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { performance } from 'node:perf_hooks';
import { classifyFailure, StreamStalled, type TurnFailure } from './failures';

/** Where a piece of streamed text comes from: the answer's text blocks or its thinking blocks. */
export type TextSource = 'text' | 'thinking';

/** What `streamTurn` needs to hear from an SDK stream while it runs. */
export interface StreamHooks {
  /** Response headers arrived. */
  connected(): void;
  /** Any stream event (pings included); called before the text or thinking hook of the same event. */
  activity(event: { readonly type: string }): void;
  text(delta: string): void;
  thinking(delta: string): void;
}

/** Opens one request's stream, wires the hooks, and resolves with the final message. */
export type StreamOpener<M> = (signal: AbortSignal, hooks: StreamHooks) => Promise<M>;

/** A regular turn: `client.messages.stream`, with extra headers (a beta) when given. */
export function messagesStream(
  client: Anthropic,
  params: Anthropic.MessageStreamParams,
  headers?: Readonly<Record<string, string>>,
): StreamOpener<Anthropic.Message> {
  return (signal, hooks) => {
    // The engine owns every retry: with the SDK's own retries off, its uncapped retry-after sleeps
    // cannot stall an agent, and the shared limiter sees every 429/529.
    const stream = client.messages.stream(params, { signal, maxRetries: 0, ...(headers !== undefined ? { headers: { ...headers } } : {}) });
    stream.on('connect', () => hooks.connected());
    stream.on('streamEvent', (event) => hooks.activity(event));
    stream.on('text', (delta) => hooks.text(delta));
    stream.on('thinking', (delta) => hooks.thinking(delta));
    return stream.finalMessage();
  };
}

/** A beta request (compaction): `client.beta.messages.stream`, whose types know the beta blocks. */
export function betaMessagesStream(client: Anthropic, params: Anthropic.Beta.Messages.MessageCreateParamsStreaming): StreamOpener<Anthropic.Beta.BetaMessage> {
  return (signal, hooks) => {
    const stream = client.beta.messages.stream(params, { signal, maxRetries: 0 });
    stream.on('connect', () => hooks.connected());
    stream.on('streamEvent', (event) => hooks.activity(event));
    stream.on('text', (delta) => hooks.text(delta));
    stream.on('thinking', (delta) => hooks.thinking(delta));
    return stream.finalMessage();
  };
}

export interface TurnRequest<M> {
  readonly open: StreamOpener<M>;
  /** The model asked, for failure messages. */
  readonly model: string;
  /** The agent's signal; the request aborts with it. */
  readonly signal: AbortSignal;
  /** Longest silence (no headers, no stream event) before the request is abandoned as stalled; 0 turns the watchdog off. */
  readonly idleTimeoutMs: number;
  /**
   * Called with the streamed text, joined over up to TEXT_FLUSH_MS, never empty. A piece never mixes
   * sources, and a block that follows earlier text (in this stream, or before it when `afterText`)
   * starts with a line break, so notes of different blocks and turns read as separate lines.
   */
  readonly onText: (text: string, source: TextSource) => void;
  /** The agent already showed text before this request. */
  readonly afterText?: boolean;
}

/** Longest stretch of stream whose text deltas are joined into one `onText` call. */
export const TEXT_FLUSH_MS = 100;

export type TurnResult<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly failure: TurnFailure };

export async function streamTurn<M>(request: TurnRequest<M>): Promise<TurnResult<M>> {
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

  const pending = { text: '', source: 'text' as TextSource, since: 0 };
  let spoke = request.afterText ?? false;
  let blockStarted = false;
  const flush = (): void => {
    if (pending.text === '') return;
    const text = pending.text;
    pending.text = '';
    request.onText(text, pending.source);
  };
  const add = (delta: string, source: TextSource): void => {
    if (delta === '') return;
    if (pending.text !== '' && pending.source !== source) flush();
    let piece = delta;
    if (blockStarted) {
      blockStarted = false;
      if (spoke) piece = `\n${piece}`;
    }
    spoke = true;
    if (pending.text === '') {
      pending.since = performance.now();
      pending.source = source;
    }
    pending.text += piece;
  };

  let connected = false;
  try {
    if (request.idleTimeoutMs > 0) {
      watchdog = setTimeout(check, request.idleTimeoutMs);
    }
    const message = await request.open(call.signal, {
      connected: () => {
        connected = true;
        lastActivity = performance.now();
      },
      activity: (event) => {
        lastActivity = performance.now();
        if (event.type === 'content_block_start') blockStarted = true;
        if (pending.text !== '' && lastActivity - pending.since >= TEXT_FLUSH_MS) flush();
      },
      text: (delta) => add(delta, 'text'),
      thinking: (delta) => add(delta, 'thinking'),
    });
    return { ok: true, message };
  } catch (error) {
    return {
      ok: false,
      failure: classifyFailure(error, {
        agentSignal: request.signal,
        requestSignal: call.signal,
        connected,
        model: request.model,
      }),
    };
  } finally {
    flush();
    clearTimeout(watchdog);
    request.signal.removeEventListener('abort', forwardAbort);
  }
}
