/**
 * The one classifier of model-request failures. Every way a request can fail (an HTTP error status,
 * an `error` event inside a 200 stream, the network, Fanout's own timers, a cancel) becomes a
 * `ModelFailure` in the one vocabulary of `kinds.ts`. Callers word it for their users (agents and
 * planning say different things about a 429) but never decide the kind themselves.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { ModelFailureKind } from './kinds';
import { retryAfterMsOf } from './retryAfter';

/** Where a failure came from. */
export type FailureOrigin =
  /** An HTTP error status, answered before any body. */
  | 'http'
  /** An `error` event inside a 200 stream (the SDK surfaces it as an APIError without a status). */
  | 'stream'
  /** The network: no connection, a connection that broke, the SDK's wait for headers. */
  | 'network'
  /** Fanout itself: a cancel, the idle watchdog, the call's total timeout. */
  | 'local';

export interface ModelFailure {
  readonly kind: ModelFailureKind;
  /** Whether the same request may succeed when sent again (the API's `x-should-retry` wins). */
  readonly retryable: boolean;
  readonly origin: FailureOrigin;
  /** The API's own message, or what broke ("fetch failed (ECONNREFUSED)", "No data from the API for 300 ms; …"). */
  readonly detail: string;
  readonly status?: number;
  /** The error type the API named (`overloaded_error`, `invalid_request_error`, …). */
  readonly errorType?: string;
  /** The wait the response asked for (`retry-after-ms` / `retry-after`). */
  readonly retryAfterMs?: number;
  /** The API said not to retry (`x-should-retry: false`). */
  readonly doNotRetry?: boolean;
}

/** What the streaming wrapper knows about a failed request besides the error it threw. */
export interface FailureContext {
  /** The caller's own signal aborted the request. */
  readonly cancelled: boolean;
  /** The idle watchdog abandoned the request after this many ms without data. */
  readonly stalledMs?: number;
  /** The call's total timeout stopped it after this many ms. */
  readonly timedOutMs?: number;
  /** Response headers had arrived (after that, a broken connection is a dropped stream). */
  readonly connected: boolean;
}

/** Error types of an in-stream `error` event, by kind; any other type is a server error. */
const KIND_OF_ERROR_TYPE: Readonly<Record<string, ModelFailureKind>> = {
  authentication_error: 'auth',
  permission_error: 'permission',
  billing_error: 'permission',
  not_found_error: 'not-found',
  rate_limit_error: 'rate-limited',
  overloaded_error: 'overloaded',
  api_error: 'server-error',
  timeout_error: 'server-error',
  invalid_request_error: 'bad-request',
  request_too_large: 'bad-request',
};

/** In-stream error types worth sending the request again for. */
const RETRYABLE_ERROR_TYPES: ReadonlySet<string> = new Set(['rate_limit_error', 'overloaded_error', 'api_error', 'timeout_error']);

export function classifyModelFailure(error: unknown, context: FailureContext): ModelFailure {
  if (context.cancelled) {
    return { kind: 'cancelled', retryable: false, origin: 'local', detail: 'The request was cancelled.' };
  }
  if (context.stalledMs !== undefined) {
    return { kind: 'stalled', retryable: true, origin: 'local', detail: `No data from the API for ${context.stalledMs} ms; the request was abandoned.` };
  }
  if (context.timedOutMs !== undefined) {
    return { kind: 'timeout', retryable: true, origin: 'local', detail: `No complete answer within ${context.timedOutMs} ms; the request was stopped.` };
  }
  if (error instanceof APIUserAbortError) {
    // Aborted by nothing Fanout knows of: treat it like a broken connection rather than a cancel.
    return { kind: context.connected ? 'dropped' : 'connection', retryable: true, origin: 'network', detail: 'The request was aborted.' };
  }
  if (error instanceof APIConnectionTimeoutError) {
    return { kind: 'timeout', retryable: true, origin: 'network', detail: 'The API did not answer in time.' };
  }
  if (error instanceof APIConnectionError) {
    return { kind: 'connection', retryable: true, origin: 'network', detail: connectionDetail(error) };
  }
  if (error instanceof APIError) {
    // `instanceof` narrows to the SDK's error with `any` type parameters; these are its defaults.
    const api = error as APIError;
    return api.status === undefined ? streamErrorFailure(api) : httpFailure(api, api.status);
  }
  // Anything else after headers is the body breaking off ("terminated", a stream that ended early).
  return { kind: context.connected ? 'dropped' : 'connection', retryable: true, origin: 'network', detail: describe(error) };
}

/** The kind an HTTP error status stands for. */
export function kindOfStatus(status: number): ModelFailureKind {
  switch (status) {
    case 401:
      return 'auth';
    case 403:
      return 'permission';
    case 404:
      return 'not-found';
    case 408:
      return 'timeout';
    case 429:
      return 'rate-limited';
    case 529:
      return 'overloaded';
    default:
      return status >= 500 ? 'server-error' : 'bad-request';
  }
}

function streamErrorFailure(error: APIError): ModelFailure {
  const type = error.type ?? undefined;
  const kind = (type !== undefined ? KIND_OF_ERROR_TYPE[type] : undefined) ?? 'server-error';
  return { kind, retryable: type !== undefined && RETRYABLE_ERROR_TYPES.has(type), origin: 'stream', detail: apiMessage(error), errorType: type };
}

function httpFailure(error: APIError, status: number): ModelFailure {
  const kind = kindOfStatus(status);
  const shouldRetry = error.headers?.get('x-should-retry');
  const retryable =
    shouldRetry === 'false'
      ? false
      : shouldRetry === 'true' ||
        kind === 'rate-limited' ||
        kind === 'overloaded' ||
        kind === 'timeout' ||
        (kind === 'server-error' && status !== 501 && status !== 505);
  return {
    kind,
    retryable,
    origin: 'http',
    detail: apiMessage(error),
    status,
    errorType: error.type ?? undefined,
    retryAfterMs: retryAfterMsOf(error),
    doNotRetry: shouldRetry === 'false',
  };
}

function apiMessage(error: APIError): string {
  return error.apiMessage ?? describe(error);
}

function connectionDetail(error: APIConnectionError): string {
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message} (${describe(cause)})` : error.message;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message !== '' ? error.message : error.name;
  return String(error);
}
