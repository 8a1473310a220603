/** The wait a failed response asks for, from its `retry-after-ms` and `retry-after` headers. */
import { APIError } from '@anthropic-ai/sdk';

/**
 * The wait a failed response asks for, in ms: `retry-after-ms`, else `retry-after` as seconds or as an
 * HTTP date. Undefined when the error carries neither (or they do not parse).
 */
export function retryAfterMsOf(error: unknown, now: () => number = Date.now): number | undefined {
  if (!(error instanceof APIError)) return undefined;
  // `instanceof` narrows to the SDK's error with `any` type parameters; the headers are a Headers or absent.
  const headers: Headers | undefined = (error as APIError).headers;
  if (headers === undefined) return undefined;
  return parseRetryAfter(headers.get('retry-after-ms'), headers.get('retry-after'), now);
}

/** Parses the two retry-after headers (see `retryAfterMsOf`). */
export function parseRetryAfter(retryAfterMs: string | null, retryAfter: string | null, now: () => number = Date.now): number | undefined {
  if (retryAfterMs !== null && retryAfterMs.trim() !== '') {
    const ms = Number(retryAfterMs.trim());
    if (Number.isFinite(ms) && ms >= 0) {
      return ms;
    }
  }
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const text = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(text)) {
      return Number(text) * 1000;
    }
    const date = Date.parse(text);
    if (Number.isFinite(date)) {
      return Math.max(0, date - now());
    }
  }
  return undefined;
}
