/**
 * The account's rate limits as the Messages API reports them on every response (and on a 429):
 * `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`, the
 * reset an RFC 3339 time. Only well-formed values are kept: a header that is missing, negative, not
 * a number or not a date leaves that figure unknown, so a proxy that strips or mangles them just
 * turns the adaptation off.
 */

/** One limit: how much is left of it and when it is full again (epoch ms). */
export interface RateBucket {
  readonly limit: number;
  readonly remaining: number;
  readonly resetAt: number;
}

export interface RateLimitSnapshot {
  readonly requests?: RateBucket;
  /** Input and output tokens together (older accounts). */
  readonly tokens?: RateBucket;
  readonly inputTokens?: RateBucket;
  readonly outputTokens?: RateBucket;
}

/** Anything with `get(name)`: fetch's `Headers`, or a plain record wrapped by the caller. */
export interface HeaderSource {
  get(name: string): string | null;
}

const BUCKETS = { requests: 'requests', tokens: 'tokens', inputTokens: 'input-tokens', outputTokens: 'output-tokens' } as const;

/** Longest header value looked at; real ones are a few dozen characters. */
const MAX_VALUE_CHARS = 64;

function count(value: string | null): number | undefined {
  if (value === null || value.length > MAX_VALUE_CHARS || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

function time(value: string | null): number | undefined {
  if (value === null || value.length > MAX_VALUE_CHARS) return undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) ? at : undefined;
}

function bucket(headers: HeaderSource, name: string): RateBucket | undefined {
  const prefix = `anthropic-ratelimit-${name}-`;
  const limit = count(headers.get(`${prefix}limit`));
  const remaining = count(headers.get(`${prefix}remaining`));
  const resetAt = time(headers.get(`${prefix}reset`));
  if (limit === undefined || remaining === undefined || resetAt === undefined) return undefined;
  return { limit, remaining: Math.min(remaining, limit), resetAt };
}

/** The limits a response reported; undefined when it reported none. */
export function readRateLimits(headers: HeaderSource | undefined | null): RateLimitSnapshot | undefined {
  if (!headers) return undefined;
  const snapshot: Record<string, RateBucket> = {};
  for (const [key, name] of Object.entries(BUCKETS)) {
    const found = bucket(headers, name);
    if (found) snapshot[key] = found;
  }
  return Object.keys(snapshot).length > 0 ? snapshot : undefined;
}
