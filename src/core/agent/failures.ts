/**
 * What went wrong with one model request, and whether the engine retries it. The SDK is told not to
 * retry (`maxRetries: 0`), so every failure lands here: HTTP errors, connection errors before headers,
 * streams that drop or stall after headers, and `error` events inside a stream.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { RetryCause } from '../events';
import { retryAfterMsOf } from '../limiter';
import { describeError } from './text';

/** Causes the run's shared limiter handles: they pause every agent, not just this one. */
export type SharedCause = 'rate-limited' | 'overloaded' | 'server-error';

export type TurnFailure =
  | { readonly kind: 'cancelled' }
  | {
      readonly kind: 'transient';
      readonly cause: RetryCause;
      readonly status?: number;
      readonly message: string;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'fatal'; readonly status?: number; readonly message: string };

/** The reason a request was aborted by its idle watchdog (`AbortController.abort(reason)`). */
export class StreamStalled extends Error {
  constructor(readonly idleMs: number) {
    super(`No data from the API for ${idleMs} ms; the request was abandoned.`);
    this.name = 'StreamStalled';
  }
}

export function isSharedCause(cause: RetryCause): cause is SharedCause {
  return cause === 'rate-limited' || cause === 'overloaded' || cause === 'server-error';
}

export interface FailureContext {
  /** The agent's signal: aborted means the run or the agent was cancelled. */
  readonly agentSignal: AbortSignal;
  /** The request's own signal (a child of the agent's); its reason tells a stall from a cancel. */
  readonly requestSignal: AbortSignal;
  /** Whether response headers had arrived (after that, a broken connection is a dropped stream). */
  readonly connected: boolean;
  readonly model: string;
}

export function classifyFailure(error: unknown, context: FailureContext): TurnFailure {
  if (context.agentSignal.aborted) {
    return { kind: 'cancelled' };
  }
  const reason: unknown = context.requestSignal.reason;
  if (context.requestSignal.aborted && reason instanceof StreamStalled) {
    return { kind: 'transient', cause: 'stream-stalled', message: reason.message };
  }
  if (error instanceof APIUserAbortError) {
    // Aborted by nothing we know of: treat like a dropped connection rather than a cancel.
    return { kind: 'transient', cause: context.connected ? 'stream-dropped' : 'connection', message: 'The request was aborted.' };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return { kind: 'transient', cause: 'connection', message: 'The API did not answer in time.' };
  }
  if (error instanceof APIConnectionError) {
    return { kind: 'transient', cause: 'connection', message: `Could not reach the API: ${connectionDetail(error)}` };
  }
  if (error instanceof APIError) {
    return error.status === undefined ? streamErrorFailure(error) : httpFailure(error, error.status, context.model);
  }
  // Anything else after headers is the body breaking off ("terminated", a stream that ended early).
  const detail = describeError(error);
  return context.connected
    ? { kind: 'transient', cause: 'stream-dropped', message: `The response stream broke off: ${detail}` }
    : { kind: 'transient', cause: 'connection', message: `Could not reach the API: ${detail}` };
}

/** An `event: error` frame inside a 200 stream: the SDK surfaces it as an APIError without a status. */
function streamErrorFailure(error: APIError): TurnFailure {
  const message = apiMessage(error);
  switch (error.type) {
    case 'overloaded_error':
      return { kind: 'transient', cause: 'overloaded', message: `The API is overloaded: ${message}` };
    case 'rate_limit_error':
      return { kind: 'transient', cause: 'rate-limited', message: `Rate limited: ${message}` };
    case 'api_error':
    case 'timeout_error':
      return { kind: 'transient', cause: 'server-error', message: `API error: ${message}` };
    default:
      return { kind: 'fatal', message: `The API stopped the response with ${error.type ?? 'an error'}: ${message}` };
  }
}

function httpFailure(error: APIError, status: number, model: string): TurnFailure {
  const message = apiMessage(error);
  const retryAfterMs = retryAfterMsOf(error);
  const shouldRetry = error.headers?.get('x-should-retry');
  if (shouldRetry === 'false') {
    return { kind: 'fatal', status, message: `The API refused the request (${status}) and said not to retry: ${message}` };
  }
  if (status === 429) {
    return { kind: 'transient', cause: 'rate-limited', status, message: `Rate limited (429): ${message}`, retryAfterMs };
  }
  if (status === 529) {
    return { kind: 'transient', cause: 'overloaded', status, message: `The API is overloaded (529): ${message}`, retryAfterMs };
  }
  if (status >= 500 && status !== 501 && status !== 505) {
    return { kind: 'transient', cause: 'server-error', status, message: `API server error (${status}): ${message}`, retryAfterMs };
  }
  if (status === 408 || shouldRetry === 'true') {
    return { kind: 'transient', cause: 'connection', status, message: `The request failed (${status}): ${message}`, retryAfterMs };
  }
  return { kind: 'fatal', status, message: fatalMessage(status, message, model) };
}

function fatalMessage(status: number, message: string, model: string): string {
  switch (status) {
    case 401:
      return 'The API key was rejected (401). Set a valid key with "Fanout: Set API Key" or ANTHROPIC_API_KEY.';
    case 403:
      return `The API key may not use this model or feature (403): ${message}. Check the key's workspace permissions or choose another model in the fanout.models.* settings.`;
    case 404:
      return `Model "${model}" or the API endpoint was not found (404): ${message}. Check the fanout.models.* settings and fanout.apiBaseUrl.`;
    case 413:
      return `The request was too large for the API (413): ${message}. Narrow the task or its context.`;
    case 400:
      return `The API rejected the request (400): ${message}`;
    default:
      return `The API rejected the request (${status}): ${message}`;
  }
}

function apiMessage(error: APIError): string {
  return error.apiMessage ?? describeError(error);
}

function connectionDetail(error: APIConnectionError): string {
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${describeError(cause)})` : error.message;
}
