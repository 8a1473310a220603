import { APIError } from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { abortableSleep, createRequestLimiter, sharedLimiter, UNKNOWN_RESET_POLL_MS } from '../../../src/core/run/limiter';
import { parseRetryAfter, retryAfterMsOf } from '../../../src/core/model/call/retryAfter';
import type { CapacityWait } from '../../../src/core/run/limitTypes';
import type { RetryPolicy } from '../../../src/core/run/engineTypes';
import { readRateLimits } from '../../../src/core/model/call/rateLimitHeaders';

const POLICY: RetryPolicy = { maxAttemptsPerTurn: 5, idleTimeoutMs: 1000, maxRetryAfterMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 8_000 };

/** A limiter on a fake clock whose sleeps advance the clock and are recorded. */
function fakeClock(policy: RetryPolicy = POLICY, random = (): number => 0) {
  const clock = { now: 10_000, sleeps: [] as number[], onSleep: (): void => undefined };
  const limiter = createRequestLimiter(
    policy,
    () => clock.now,
    async (ms) => {
      clock.sleeps.push(ms);
      clock.now += ms;
      clock.onSleep();
    },
    random,
  );
  return { clock, limiter };
}

describe('request limiter', () => {
  const signal = new AbortController().signal;

  it('is open until a failure is reported', async () => {
    const { clock, limiter } = fakeClock();
    await limiter.ready(signal);
    assert.deepEqual(clock.sleeps, []);
  });

  it('honours retry-after and pauses every caller until it ends', async () => {
    const { clock, limiter } = fakeClock();
    assert.equal(limiter.backoff('rate-limited', 1_500), 1_500);
    await Promise.all([limiter.ready(signal), limiter.ready(signal)]);
    assert.equal(clock.now, 11_500);
    assert.ok(clock.sleeps.every((ms) => ms <= 1_500));
    await limiter.ready(signal);
    assert.equal(clock.now, 11_500, 'the pause is over');
  });

  it('caps a retry-after larger than maxRetryAfterMs', () => {
    const { clock, limiter } = fakeClock();
    assert.equal(limiter.backoff('rate-limited', 3_600_000), 60_000);
    assert.equal(limiter.state().pausedUntil, clock.now + 60_000);
  });

  it('backs off exponentially without retry-after, capped at maxDelayMs, with up to 25% jitter', () => {
    const { clock, limiter } = fakeClock(POLICY, () => 0);
    const delays: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      delays.push(limiter.backoff('overloaded', undefined));
      clock.now = limiter.state().pausedUntil;
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 8_000]);
    const jittered = fakeClock(POLICY, () => 1).limiter;
    assert.equal(jittered.backoff('server-error', undefined), 750);
  });

  it('resets the exponent on success but does not cut a pause short', () => {
    const { clock, limiter } = fakeClock();
    limiter.backoff('overloaded', undefined);
    limiter.backoff('overloaded', undefined);
    assert.equal(limiter.state().consecutiveFailures, 2);
    limiter.succeeded();
    assert.equal(limiter.state().consecutiveFailures, 0);
    assert.equal(limiter.state().pausedUntil, clock.now + 2_000);
    clock.now += 5_000;
    assert.equal(limiter.backoff('overloaded', undefined), 1_000, 'back to the base delay');
  });

  it('only ever extends a pause: a shorter retry-after does not shorten it', () => {
    const { limiter } = fakeClock();
    limiter.backoff('rate-limited', 5_000);
    assert.equal(limiter.backoff('rate-limited', 100), 5_000);
  });

  it('waits again when the pause is extended while sleeping', async () => {
    const clock = { now: 0, sleeps: [] as number[] };
    const ticking = createRequestLimiter(
      POLICY,
      () => clock.now,
      async (ms) => {
        clock.sleeps.push(ms);
        clock.now += ms;
        if (clock.sleeps.length === 1) {
          ticking.backoff('rate-limited', 2_000);
        }
      },
    );
    ticking.backoff('rate-limited', 1_000);
    await ticking.ready(signal);
    assert.deepEqual(clock.sleeps, [1_000, 2_000]);
    assert.equal(clock.now, 3_000);
  });

  it('rejects a wait promptly with the signal reason when aborted', async () => {
    const limiter = createRequestLimiter(POLICY);
    limiter.backoff('rate-limited', 30_000);
    const controller = new AbortController();
    const started = Date.now();
    const waiting = limiter.ready(controller.signal);
    setTimeout(() => controller.abort('run cancelled'), 20);
    await assert.rejects(waiting, (reason: unknown) => reason === 'run cancelled');
    assert.ok(Date.now() - started < 1_000);
    await assert.rejects(limiter.ready(controller.signal), (reason: unknown) => reason === 'run cancelled');
    await assert.rejects(abortableSleep(10, controller.signal), (reason: unknown) => reason === 'run cancelled');
  });
});

describe('retry-after parsing', () => {
  const now = (): number => Date.parse('2030-01-01T00:00:00Z');

  it('prefers retry-after-ms, then retry-after seconds, then an HTTP date', () => {
    assert.equal(parseRetryAfter('250', '9', now), 250);
    assert.equal(parseRetryAfter(null, '2', now), 2_000);
    assert.equal(parseRetryAfter(null, '1.5', now), 1_500);
    assert.equal(parseRetryAfter(null, 'Tue, 01 Jan 2030 00:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('soon', 'later', now), undefined);
    assert.equal(parseRetryAfter(null, null, now), undefined);
  });

  it('reads the headers of an SDK APIError', () => {
    const error = APIError.generate(
      429,
      { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } },
      undefined,
      new Headers({ 'retry-after-ms': '1234' }),
    );
    assert.equal(retryAfterMsOf(error), 1234);
    assert.equal(retryAfterMsOf(new Error('x')), undefined);
  });
});

describe('request limiter: the account limits the API reports', () => {
  const signal = new AbortController().signal;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const headers = (values: Record<string, string>) => new Headers(values);

  it('reads the anthropic-ratelimit headers and ignores missing, mangled or oversized values', () => {
    const reset = Date.UTC(2030, 0, 1, 0, 1, 0);
    const read = readRateLimits(
      headers({
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '7',
        'anthropic-ratelimit-requests-reset': iso(reset),
        'anthropic-ratelimit-input-tokens-limit': '40000',
        'anthropic-ratelimit-input-tokens-remaining': '-3',
        'anthropic-ratelimit-input-tokens-reset': iso(reset),
        'anthropic-ratelimit-output-tokens-limit': '8000',
        'anthropic-ratelimit-output-tokens-remaining': '9'.repeat(100),
        'anthropic-ratelimit-output-tokens-reset': iso(reset),
        'anthropic-ratelimit-tokens-limit': '100',
        'anthropic-ratelimit-tokens-remaining': '500',
        'anthropic-ratelimit-tokens-reset': 'not a date',
      }),
    );
    assert.deepEqual(read, { requests: { limit: 50, remaining: 7, resetAt: reset } });
    assert.equal(readRateLimits(headers({})), undefined);
    assert.equal(readRateLimits(undefined), undefined);
  });

  it('holds a request the reported requests left would refuse until the window resets, and counts what it lets through', async () => {
    const { clock, limiter } = fakeClock();
    limiter.observe({ requests: { limit: 50, remaining: 2, resetAt: clock.now + 4_000 } });
    const waits: CapacityWait[] = [];
    await limiter.ready(signal, { onWait: (w) => waits.push(w) });
    await limiter.ready(signal, { onWait: (w) => waits.push(w) });
    assert.deepEqual(clock.sleeps, [], 'two requests fit the two left');
    await limiter.ready(signal, { onWait: (w) => waits.push(w) });
    assert.deepEqual(clock.sleeps, [4_000], 'the third waits for the reset');
    assert.deepEqual(waits, [{ until: 14_000, reason: 'requests' }]);
    assert.deepEqual(
      limiter.state().limits.requests,
      { limit: 50, remaining: 49, resetAt: Number.MAX_SAFE_INTEGER },
      'the next window is assumed full until a report says when it ends',
    );
  });

  it('weighs a request by its estimated input tokens, never asking for more than the whole limit', async () => {
    const { clock, limiter } = fakeClock();
    limiter.observe({ inputTokens: { limit: 30_000, remaining: 12_000, resetAt: clock.now + 60_000 } });
    await limiter.ready(signal, { inputTokens: 10_000 });
    assert.deepEqual(clock.sleeps, []);
    assert.equal(limiter.state().limits.inputTokens?.remaining, 2_000);
    const waits: CapacityWait[] = [];
    await limiter.ready(signal, { inputTokens: 5_000, onWait: (w) => waits.push(w) });
    assert.deepEqual(waits, [{ until: 70_000, reason: 'inputTokens' }]);
    // A request larger than any limit is not held forever: it asks for the whole limit, a full window.
    // The 5,000 let through after the reset count against this window, so it waits for the next one.
    limiter.observe({ inputTokens: { limit: 30_000, remaining: 30_000, resetAt: clock.now + 60_000 } });
    assert.equal(limiter.state().limits.inputTokens?.remaining, 25_000);
    await limiter.ready(signal, { inputTokens: 1_000_000 });
    assert.deepEqual(clock.sleeps, [60_000, 60_000]);
    assert.equal(limiter.state().limits.inputTokens?.remaining, 0);
  });

  it('keeps the lowest report of one window (answers arrive out of order), takes a new window, ignores an ended one', async () => {
    const { clock, limiter } = fakeClock();
    limiter.observe({ requests: { limit: 5, remaining: 0, resetAt: clock.now - 1 } });
    await limiter.ready(signal);
    assert.deepEqual(clock.sleeps, [], 'an ended window says nothing');
    limiter.observe({ requests: { limit: 5, remaining: 1, resetAt: clock.now + 1_000 } });
    limiter.observe({ requests: { limit: 5, remaining: 3, resetAt: clock.now + 1_000 } });
    assert.equal(limiter.state().limits.requests?.remaining, 1, 'an older answer of the same window does not raise it');
    limiter.observe({ requests: { limit: 5, remaining: 4, resetAt: clock.now + 2_000 } });
    assert.equal(limiter.state().limits.requests?.remaining, 4, 'a new window replaces the old one');
    await limiter.ready(signal);
    assert.deepEqual(clock.sleeps, []);
  });

  it('is one gate per client: planning and every run on one client share it', () => {
    const client = {};
    assert.equal(sharedLimiter(client, POLICY), sharedLimiter(client, { ...POLICY, baseDelayMs: 1 }));
    assert.notEqual(sharedLimiter(client, POLICY), sharedLimiter({}, POLICY));
  });

  it('waits for the later of a backoff and an exhausted window', async () => {
    const { clock, limiter } = fakeClock();
    limiter.observe({ outputTokens: { limit: 8_000, remaining: 0, resetAt: clock.now + 9_000 } });
    limiter.backoff('rate-limited', 2_000);
    const waits: CapacityWait[] = [];
    await limiter.ready(signal, { onWait: (w) => waits.push(w) });
    assert.deepEqual(waits, [
      { until: 12_000, reason: 'backoff' },
      { until: 19_000, reason: 'outputTokens' },
    ]);
    assert.deepEqual(clock.sleeps, [2_000, 7_000]);
  });
});

describe('request limiter: a window that ended', () => {
  const signal = new AbortController().signal;

  it('lets the limit through in the next window, then looks for the report that says when it ends', async () => {
    const { clock, limiter } = fakeClock();
    limiter.observe({ requests: { limit: 2, remaining: 0, resetAt: clock.now + 1_000 } });
    await limiter.ready(signal);
    assert.deepEqual(clock.sleeps, [1_000], 'waits out the used-up window');
    await limiter.ready(signal);
    assert.deepEqual(clock.sleeps, [1_000], 'the second of two in the new window goes at once');
    // The third looks again until an answer reports the new window (here after its second look).
    clock.onSleep = () => {
      if (clock.sleeps.length === 3) limiter.observe({ requests: { limit: 2, remaining: 1, resetAt: clock.now + 5_000 } });
    };
    await limiter.ready(signal);
    assert.deepEqual(clock.sleeps, [1_000, UNKNOWN_RESET_POLL_MS, UNKNOWN_RESET_POLL_MS, 5_000]);
  });

  it('takes what the gate counted when the report of the new window lags the requests in flight', async () => {
    const { clock, limiter } = fakeClock();
    limiter.observe({ requests: { limit: 3, remaining: 0, resetAt: clock.now + 500 } });
    await limiter.ready(signal);
    await limiter.ready(signal);
    await limiter.ready(signal);
    // The first answer of the new window was counted before the other two reached the server.
    limiter.observe({ requests: { limit: 3, remaining: 2, resetAt: clock.now + 60_000 } });
    assert.equal(limiter.state().limits.requests?.remaining, 0);
  });
});
