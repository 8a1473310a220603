import * as assert from 'node:assert/strict';
import { cacheSavingsOf, costOf, DEFAULT_PRICES, mergePrices, parsePrices } from '../../../src/core/prices';

describe('prices', () => {
  const usage = { input: 1_000_000, output: 2_000_000, cacheWrite: 4_000_000, cacheRead: 10_000_000 };

  it('prices each token kind per million, with cache write 1.25x and cache read 0.1x input by default', () => {
    const cost = costOf('m', usage, { m: { input: 2, output: 10 } });
    // 1 x 2 + 2 x 10 + 4 x 2.5 + 10 x 0.2
    assert.equal(cost, 2 + 20 + 10 + 2);
  });

  it('uses explicit cache prices when the table gives them', () => {
    assert.equal(costOf('m', usage, { m: { input: 2, output: 10, cacheWrite: 1, cacheRead: 0.05 } }), 2 + 20 + 4 + 0.5);
  });

  it('returns null for a model without a price, never a guess (no prefix or family matching)', () => {
    const prices = { 'claude-sonnet-x': { input: 3, output: 15 } };
    assert.equal(costOf('claude-sonnet-x-20990101', usage, prices), null);
    assert.equal(costOf('toString', usage, prices), null);
    assert.equal(costOf('anything', usage, DEFAULT_PRICES), null);
  });

  it('prices cache savings as cache-read tokens at the input price minus the cache-read price', () => {
    // 10 x (2 - 0.2) with the default 0.1x read price; 10 x (2 - 0.05) with an explicit one
    assert.equal(cacheSavingsOf('m', usage, { m: { input: 2, output: 10 } }), 18);
    assert.equal(cacheSavingsOf('m', usage, { m: { input: 2, output: 10, cacheRead: 0.05 } }), 19.5);
    assert.equal(cacheSavingsOf('m', { ...usage, cacheRead: 0 }, { m: { input: 2, output: 10 } }), 0);
    assert.equal(cacheSavingsOf('unpriced', usage, { m: { input: 2, output: 10 } }), null);
    assert.equal(cacheSavingsOf('toString', usage, DEFAULT_PRICES), null);
  });

  it('ships no built-in prices (they could not be verified); users configure fanout.prices', () => {
    assert.deepEqual(Object.keys(DEFAULT_PRICES), []);
  });

  it('merges tables with later tables winning per model', () => {
    const merged = mergePrices({ a: { input: 1, output: 2 }, b: { input: 3, output: 4 } }, undefined, { b: { input: 5, output: 6 } });
    assert.deepEqual(merged, { a: { input: 1, output: 2 }, b: { input: 5, output: 6 } });
  });

  it('parses a user table, keeping valid entries and reporting invalid ones', () => {
    const parsed = parsePrices({ good: { input: 1, output: 5, cacheRead: 0.1 }, bad: { input: 'x', output: 1 }, negative: { input: -1, output: 1 } });
    assert.deepEqual(parsed.prices, { good: { input: 1, output: 5, cacheRead: 0.1 } });
    assert.equal(parsed.problems.length, 2);
    assert.match(parsed.problems[0], /^bad: input/);
    assert.deepEqual(parsePrices(undefined), { prices: {}, problems: [] });
    assert.equal(parsePrices([1]).problems.length, 1);
  });
});
