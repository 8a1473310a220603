/**
 * An account's rate limits, as the fake enforces them: requests and input tokens per fixed window.
 * Every answer to `POST /v1/messages` carries `anthropic-ratelimit-*` headers like the real API's
 * (limit, remaining, reset as RFC 3339); a request over a limit gets the API's 429
 * `rate_limit_error` with `retry-after` (seconds) and the same headers. Off unless configured.
 */

export interface FakeRateLimits {
  readonly requests?: number;
  readonly inputTokens?: number;
  /** Length of one window; the real API's limits are per minute. Default 60,000. */
  readonly windowMs?: number;
  /** Send the `anthropic-ratelimit-*` headers (default true); false: enforce the limits without saying what is left. */
  readonly report?: boolean;
}

export type RateDecision =
  | { readonly ok: true; readonly headers: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly headers: Readonly<Record<string, string>>; readonly message: string };

export class FakeAccountLimits {
  #windowStart = 0;
  #requests = 0;
  #inputTokens = 0;
  /** Requests refused with 429 so far. */
  refused = 0;

  constructor(
    private readonly limits: FakeRateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request of `inputTokens` against the current window, or refuses it. */
  take(inputTokens: number): RateDecision {
    const windowMs = this.limits.windowMs ?? 60_000;
    const at = this.now();
    if (at >= this.#windowStart + windowMs) {
      this.#windowStart = at;
      this.#requests = 0;
      this.#inputTokens = 0;
    }
    const resetAt = this.#windowStart + windowMs;
    const { requests, inputTokens: tokenLimit } = this.limits;
    const overRequests = requests !== undefined && this.#requests + 1 > requests;
    const overTokens = tokenLimit !== undefined && this.#inputTokens + inputTokens > tokenLimit;
    if (!overRequests && !overTokens) {
      this.#requests += 1;
      this.#inputTokens += inputTokens;
    }
    const headers: Record<string, string> = {};
    const reset = new Date(resetAt).toISOString();
    if (requests !== undefined) {
      headers['anthropic-ratelimit-requests-limit'] = String(requests);
      headers['anthropic-ratelimit-requests-remaining'] = String(Math.max(0, requests - this.#requests));
      headers['anthropic-ratelimit-requests-reset'] = reset;
    }
    if (tokenLimit !== undefined) {
      headers['anthropic-ratelimit-input-tokens-limit'] = String(tokenLimit);
      headers['anthropic-ratelimit-input-tokens-remaining'] = String(Math.max(0, tokenLimit - this.#inputTokens));
      headers['anthropic-ratelimit-input-tokens-reset'] = reset;
    }
    if (this.limits.report === false) for (const name of Object.keys(headers)) delete headers[name];
    if (!overRequests && !overTokens) return { ok: true, headers };
    this.refused += 1;
    headers['retry-after'] = String(Math.max(1, Math.ceil((resetAt - at) / 1000)));
    const which = overRequests ? 'requests' : 'input tokens';
    return {
      ok: false,
      headers,
      message: `This request would exceed your organization's rate limit of ${overRequests ? requests : tokenLimit} ${which} per window. Please try again later.`,
    };
  }
}
