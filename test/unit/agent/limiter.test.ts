import { APIError } from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { abortableSleep, createRequestLimiter } from '../../../src/core/run/limiter';
import { parseRetryAfter, retryAfterMsOf } from '../../../src/core/model/call/retryAfter';
import type { RetryPolicy } from '../../../src/core/run/engineTypes';

const POLICY: RetryPolicy = { maxAttemptsPerTurn: 5, idleTimeoutMs: 1000, maxRetryAfterMs: 60_000, baseDelayMs: 1_000, maxDelayMs: 8_000 };

/** A limiter on a fake clock whose sleeps advance the clock and are recorded. */
function fakeClock(policy: RetryPolicy = POLICY, random = (): number => 0) {
  const clock = { now: 10_000, sleeps: [] as number[] };
  const limiter = createRequestLimiter(
    policy,
    () => clock.now,
    async (ms) => {
      clock.sleeps.push(ms);
      clock.now += ms;
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
