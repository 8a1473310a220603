/**
 * The one streaming wrapper for model requests (agent turns, compaction, router, planner). It sends
 * one `messages.stream()` request, passes streamed text and thinking on in pieces, and turns every way
 * the request can fail into a classified `ModelFailure`; it never throws for an API failure.
 *
 * One signal stops the request: the caller's signal, the idle watchdog's and the total timeout's,
 * combined with `AbortSignal.any`. Which of them fired decides the kind (cancelled, stalled,
 * timeout). The composite lives as long as the request, so nothing accumulates on a caller's
 * long-lived signal.
 *
 * The idle watchdog exists because the SDK's timeout only covers the wait for headers: a stream that
 * goes quiet would otherwise hang its caller forever. It is one timer per request, not one per frame:
 * stream events only note the time, and the timer, when it fires, either abandons the request or
 * sleeps again for the silence still allowed.
 *
 * A tool call whose input is not valid JSON does not cost the answer (the SDK alone would throw it
 * away): the answer comes back whole, with the call named in `invalidToolInputs` (`toolInputs.ts`).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { performance } from 'node:perf_hooks';
import { classifyModelFailure, type ModelFailure } from './failure';
import { readRateLimits, type HeaderSource, type RateLimitSnapshot } from './rateLimitHeaders';
import { TextPieces } from './textPieces';
import { ToolInputGuard, type InvalidToolInput } from './toolInputs';

export interface StreamSettings {
  readonly client: Anthropic;
  /** The caller's signal: its abort is a cancel. */
  readonly signal?: AbortSignal;
  /** Longest silence (no headers, no stream event) before the request is abandoned as stalled; 0 or absent: no watchdog. */
  readonly idleTimeoutMs?: number;
  /** Cap on the whole call, the SDK's own retries and the streaming included (also the SDK's wait for headers). */
  readonly totalTimeoutMs?: number;
  /** The answer's text, in pieces of up to TEXT_FLUSH_MS of stream, never empty. */
  readonly onText?: (text: string) => void;
  /** The answer's (summarized) thinking, in pieces like the text; a piece never mixes the two. */
  readonly onThinking?: (text: string) => void;
  /** Text was shown before this request: its first block starts on a new line too. */
  readonly afterText?: boolean;
  /** Extra request headers (a beta). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The SDK's own retries before headers: 0 where the caller retries itself. */
  readonly sdkRetries: number;
  /** Told the account's rate limits a response reported (`anthropic-ratelimit-*`), a success's or an error's. */
  readonly onRateLimits?: (limits: RateLimitSnapshot) => void;
}

/**
 * The answer, or why there is none. `invalidToolInputs`: the answer's tool calls whose input was not
 * valid JSON (their `input` reads `{}`; see `toolInputs.ts`), by tool_use id; absent when there are none.
 */
export type StreamOutcome<M> =
  | { readonly ok: true; readonly message: M; readonly invalidToolInputs?: ReadonlyMap<string, InvalidToolInput> }
  | { readonly ok: false; readonly failure: ModelFailure };

/** A regular request: `client.messages.stream`. */
export function streamMessage(request: StreamSettings & { readonly params: Anthropic.MessageStreamParams }): Promise<StreamOutcome<Anthropic.Message>> {
  return run(request, (options, hooks) => {
    const stream = request.client.messages.stream(request.params, options);
    hooks.wire(stream);
    return stream.finalMessage();
  });
}

/** A beta request (compaction): `client.beta.messages.stream`, whose types know the beta blocks. */
export function streamBetaMessage(
  request: StreamSettings & { readonly params: Anthropic.Beta.Messages.MessageCreateParamsStreaming },
): Promise<StreamOutcome<Anthropic.Beta.BetaMessage>> {
  return run(request, (options, hooks) => {
    const stream = request.client.beta.messages.stream(request.params, options);
    hooks.wire(stream);
    return stream.finalMessage();
  });
}

/** The request options the SDK takes; a key it is given must hold a value (it validates `timeout`). */
interface SdkOptions {
  signal?: AbortSignal;
  maxRetries: number;
  timeout?: number;
  headers?: Record<string, string>;
}

/** The events both SDK streams emit that the wrapper listens to. */
interface StreamEvents {
  /** The HTTP response, once connected. */
  readonly response?: { readonly headers: HeaderSource } | null;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'streamEvent', listener: (event: { readonly type: string }, snapshot: { readonly content: readonly unknown[] }) => void): unknown;
  on(event: 'text' | 'thinking', listener: (delta: string) => void): unknown;
}

type Open<M> = (options: SdkOptions, hooks: { wire(stream: StreamEvents): void }) => Promise<M>;

async function run<M>(request: StreamSettings, open: Open<M>): Promise<StreamOutcome<M>> {
  const caller = request.signal;
  if (caller?.aborted) {
    return { ok: false, failure: classifyModelFailure(undefined, { cancelled: true, connected: false }) };
  }
  const idleMs = request.idleTimeoutMs ?? 0;
  const watchdog = idleMs > 0 ? new IdleWatchdog(idleMs) : undefined;
  const totalMs = request.totalTimeoutMs;
  const deadline = totalMs !== undefined ? AbortSignal.timeout(totalMs) : undefined;
  const signals = [caller, watchdog?.signal, deadline].filter((signal): signal is AbortSignal => signal !== undefined);

  const options: SdkOptions = { maxRetries: request.sdkRetries };
  if (signals.length > 0) options.signal = signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  if (totalMs !== undefined) options.timeout = totalMs;
  if (request.headers !== undefined) options.headers = { ...request.headers };

  const { onText, onThinking } = request;
  const pieces =
    onText !== undefined || onThinking !== undefined
      ? new TextPieces((text, source) => (source === 'thinking' ? onThinking?.(text) : onText?.(text)), request.afterText ?? false)
      : undefined;

  let connected = false;
  const reportLimits = (headers: HeaderSource | undefined): void => {
    const limits = request.onRateLimits !== undefined ? readRateLimits(headers) : undefined;
    if (limits !== undefined) request.onRateLimits?.(limits);
  };
  /** When the current stream event arrived: the SDK emits `streamEvent` before the event's text or thinking. */
  let eventAt = 0;
  const toolInputs = new ToolInputGuard();
  const wire = (stream: StreamEvents): void => {
    stream.on('connect', () => {
      connected = true;
      watchdog?.touch(performance.now());
      reportLimits(stream.response?.headers);
    });
    stream.on('streamEvent', (event, snapshot) => {
      toolInputs.observe(event, snapshot);
      // Only what someone needs is done: a planning call has neither watchdog nor text.
      if (watchdog === undefined && pieces === undefined) return;
      eventAt = performance.now();
      watchdog?.touch(eventAt);
      if (pieces === undefined) return;
      if (event.type === 'content_block_start') pieces.blockStart();
      pieces.tick(eventAt);
    });
    if (pieces !== undefined) {
      if (onText !== undefined) stream.on('text', (delta) => pieces.add(delta, 'text', eventAt));
      if (onThinking !== undefined) stream.on('thinking', (delta) => pieces.add(delta, 'thinking', eventAt));
    }
  };

  try {
    const message = await open(options, { wire });
    return toolInputs.invalid.size === 0 ? { ok: true, message } : { ok: true, message, invalidToolInputs: new Map(toolInputs.invalid) };
  } catch (error) {
    reportLimits(headersOf(error));
    return {
      ok: false,
      failure: classifyModelFailure(error, {
        cancelled: caller?.aborted === true,
        stalledMs: watchdog?.fired === true ? idleMs : undefined,
        timedOutMs: deadline?.aborted === true ? totalMs : undefined,
        connected,
      }),
    };
  } finally {
    pieces?.flush();
    watchdog?.stop();
  }
}

/** The response headers an SDK error carries (a 429 reports the limits too). */
function headersOf(error: unknown): HeaderSource | undefined {
  if (typeof error !== 'object' || error === null || !('headers' in error)) return undefined;
  const headers: unknown = error.headers;
  return typeof headers === 'object' && headers !== null && 'get' in headers && typeof headers.get === 'function' ? (headers as HeaderSource) : undefined;
}

/** Aborts its signal once `idleMs` pass without `touch`. */
class IdleWatchdog {
  readonly #controller = new AbortController();
  #last = performance.now();
  #timer: NodeJS.Timeout;

  constructor(private readonly idleMs: number) {
    this.#timer = setTimeout(this.#check, idleMs);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get fired(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Activity at `now` (performance.now()). */
  touch(now: number): void {
    this.#last = now;
  }

  stop(): void {
    clearTimeout(this.#timer);
  }

  readonly #check = (): void => {
    const quietMs = performance.now() - this.#last;
    if (quietMs >= this.idleMs) this.#controller.abort();
    else this.#timer = setTimeout(this.#check, this.idleMs - quietMs);
  };
}
