/**
 * The one vocabulary for what went wrong with a model request, shared by agent turns, planning calls,
 * run events and the host. Pure types (no SDK import), so run events and the webview can name them.
 */

export type ModelFailureKind =
  /** The API key was rejected (401). */
  | 'auth'
  /** The key may not use this model or feature (403). */
  | 'permission'
  /** The model or the endpoint does not exist (404). */
  | 'not-found'
  /** Too many requests for this key (429, or a rate_limit_error inside the stream). */
  | 'rate-limited'
  /** The API is overloaded (529, or an overloaded_error inside the stream). */
  | 'overloaded'
  /** The API failed on its side (5xx, or an api_error inside the stream). */
  | 'server-error'
  /** The API refused the request as sent (400, 413 and other 4xx). */
  | 'bad-request'
  /** The API could not be reached, or the connection broke before the response began. */
  | 'connection'
  /** No answer in time: the call's total timeout, the SDK's wait for headers, or 408. */
  | 'timeout'
  /** The response went quiet for longer than the idle timeout and was abandoned. */
  | 'stalled'
  /** The response stream broke off after it began. */
  | 'dropped'
  /** The caller's signal aborted the request. */
  | 'cancelled';

export const MODEL_FAILURE_KINDS: readonly ModelFailureKind[] = [
  'auth',
  'permission',
  'not-found',
  'rate-limited',
  'overloaded',
  'server-error',
  'bad-request',
  'connection',
  'timeout',
  'stalled',
  'dropped',
  'cancelled',
];

/** Why a model request was sent again: the kind of the failure it retries (never a cancel). */
export type RetryCause = Exclude<ModelFailureKind, 'cancelled'>;

/** Retry causes of run logs written before the one vocabulary; read as `dropped` and `stalled`. */
export type LegacyRetryCause = 'stream-dropped' | 'stream-stalled';

/** A retry cause as any run log may hold it, in the current vocabulary. */
export function currentRetryCause(cause: RetryCause | LegacyRetryCause): RetryCause {
  return cause === 'stream-dropped' ? 'dropped' : cause === 'stream-stalled' ? 'stalled' : cause;
}
