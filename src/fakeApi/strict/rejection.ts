/**
 * The answer to a request the real Messages API would refuse, and small readers for the JSON body the
 * rules walk. Every rule of the strict fake returns a `RequestRejection` or null.
 */
import type { JsonObject, JsonValue } from '../script';

/** A 400 `invalid_request_error`, sent as the API's error JSON. */
export interface RequestRejection {
  readonly status: 400;
  readonly type: 'invalid_request_error';
  readonly message: string;
  /** `error.details`: the SDK turns `error_code` into its own error class (`CompactionBlockMisplacedError`, …). */
  readonly details?: { readonly error_code: string };
}

export function invalid(message: string, errorCode?: string): RequestRejection {
  return errorCode === undefined
    ? { status: 400, type: 'invalid_request_error', message }
    : { status: 400, type: 'invalid_request_error', message, details: { error_code: errorCode } };
}

/** Tells a rejection from the value a reader returns otherwise (a string, a list, a view). */
export function isRejection<T>(value: T | RequestRejection): value is RequestRejection {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'status' in value && value.type === 'invalid_request_error';
}

/** Runs rules in order and returns the first rejection. */
export function firstRejection(rules: ReadonlyArray<() => RequestRejection | null>): RequestRejection | null {
  for (const rule of rules) {
    const rejection = rule();
    if (rejection !== null) return rejection;
  }
  return null;
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** A field that is absent or null counts as not sent, as the API treats it. */
export function isSet(value: JsonValue | undefined): value is Exclude<JsonValue, null> {
  return value !== undefined && value !== null;
}

export function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

/** A JSON value for a message, with strings quoted. */
export function show(value: JsonValue | undefined): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
