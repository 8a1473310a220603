import * as assert from 'node:assert/strict';
import { BUILTIN_MODELS } from '../../../src/core/model/builtinModels';
import {
  cacheSavingsOf,
  costOf,
  DEFAULT_PRICE_SOURCES,
  DEFAULT_PRICES,
  effectivePrices,
  mergePrices,
  parsePrices,
  priceFor,
} from '../../../src/core/model/prices';

/** USD compared to a millionth of a cent: the sums are floating point. */
function near(actual: number | null, expected: number): void {
  assert.ok(actual !== null, 'expected a cost, got null');
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
}

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

  it('returns null for a model without a price, never a guess (families only of the built-in models)', () => {
    const prices = { 'claude-sonnet-x': { input: 3, output: 15 } };
    assert.equal(costOf('claude-sonnet-x-20990101', usage, prices), null);
    assert.equal(costOf('toString', usage, prices), null);
    assert.equal(costOf('anything', usage, DEFAULT_PRICES), null);
    assert.equal(costOf('mystery-model', usage, effectivePrices({})), null);
    assert.equal(cacheSavingsOf('mystery-model', usage, effectivePrices({})), null);
    // A built-in family with no entry in the table given is unpriced too.
    assert.equal(costOf('claude-sonnet-5-5-20261001', usage, {}), null);
  });

  it('prices cache savings as cache-read tokens at the input price minus the cache-read price', () => {
    // 10 x (2 - 0.2) with the default 0.1x read price; 10 x (2 - 0.05) with an explicit one
    assert.equal(cacheSavingsOf('m', usage, { m: { input: 2, output: 10 } }), 18);
    assert.equal(cacheSavingsOf('m', usage, { m: { input: 2, output: 10, cacheRead: 0.05 } }), 19.5);
    assert.equal(cacheSavingsOf('m', { ...usage, cacheRead: 0 }, { m: { input: 2, output: 10 } }), 0);
    assert.equal(cacheSavingsOf('unpriced', usage, { m: { input: 2, output: 10 } }), null);
    assert.equal(cacheSavingsOf('toString', usage, DEFAULT_PRICES), null);
  });

  describe('built-in prices', () => {
    it('has a price, a source page and the day it was read for every built-in model', () => {
      for (const spec of BUILTIN_MODELS) {
        assert.ok(DEFAULT_PRICES[spec.id] !== undefined, `${spec.id} has no built-in price`);
        assert.deepEqual(DEFAULT_PRICES[spec.id].tiers, spec.prices);
        assert.match(DEFAULT_PRICE_SOURCES[spec.id].url, /^https:\/\/platform\.claude\.com\/docs\//);
        assert.match(DEFAULT_PRICE_SOURCES[spec.id].checked, /^\d{4}-\d{2}-\d{2}$/);
      }
      assert.ok(Object.isFrozen(DEFAULT_PRICES));
    });

    it('prices a Sonnet 5.5 turn at $2 / $10, cache writes $2.50 and cache reads $0.10 per million', () => {
      const turn = { input: 3_000, output: 1_500, cacheWrite: 12_000, cacheRead: 40_000 };
      near(costOf('claude-sonnet-5-5', turn, DEFAULT_PRICES), (3_000 * 2 + 1_500 * 10 + 12_000 * 2.5 + 40_000 * 0.1) / 1e6);
    });

    it('prices Opus 5.5 cache reads at 0.05x input ($0.20), not the generic 0.1x', () => {
      const turn = { input: 2_000, output: 800, cacheWrite: 0, cacheRead: 100_000 };
      near(costOf('claude-opus-5-5', turn, DEFAULT_PRICES), (2_000 * 4 + 800 * 20 + 100_000 * 0.2) / 1e6);
      // Saved: 100,000 reads x ($4 - $0.20)
      near(cacheSavingsOf('claude-opus-5-5', turn, DEFAULT_PRICES), (100_000 * 3.8) / 1e6);
    });

    it('prices Haiku 5.5 by prompt length: over 100,000 prompt tokens (cache included) pays the higher tier', () => {
      // 99,999 prompt tokens: $0.10 in, $0.50 out, $0.125 write, $0.01 read
      const under = { input: 9_999, output: 1_000, cacheWrite: 10_000, cacheRead: 80_000 };
      near(costOf('claude-haiku-5-5', under, DEFAULT_PRICES), (9_999 * 0.1 + 1_000 * 0.5 + 10_000 * 0.125 + 80_000 * 0.01) / 1e6);
      // 100,000 is still "up to 100,000"
      near(costOf('claude-haiku-5-5', { ...under, input: 10_000 }, DEFAULT_PRICES), (10_000 * 0.1 + 1_000 * 0.5 + 10_000 * 0.125 + 80_000 * 0.01) / 1e6);
      // 100,001 prompt tokens: every token of the request at $0.50 / $2.50 / $0.625 / $0.05
      const over = { ...under, input: 10_001 };
      near(costOf('claude-haiku-5-5', over, DEFAULT_PRICES), (10_001 * 0.5 + 1_000 * 2.5 + 10_000 * 0.625 + 80_000 * 0.05) / 1e6);
      near(cacheSavingsOf('claude-haiku-5-5', over, DEFAULT_PRICES), (80_000 * (0.5 - 0.05)) / 1e6);
      near(cacheSavingsOf('claude-haiku-5-5', under, DEFAULT_PRICES), (80_000 * (0.1 - 0.01)) / 1e6);
    });

    it('prices a dated or provider-prefixed id as its family', () => {
      const turn = { input: 1_000, output: 1_000, cacheWrite: 0, cacheRead: 0 };
      const sonnet = costOf('claude-sonnet-5-5', turn, DEFAULT_PRICES);
      assert.ok(sonnet !== null);
      assert.equal(costOf('claude-sonnet-5-5-20261001', turn, DEFAULT_PRICES), sonnet);
      assert.equal(costOf('anthropic.claude-sonnet-5-5', turn, DEFAULT_PRICES), sonnet);
      // Sonnet 5 is its own entry, not Sonnet 5.5's family.
      assert.equal(priceFor('claude-sonnet-5-20260630', DEFAULT_PRICES)?.cacheRead, 0.2);
    });

    it("lets a user's flat fanout.prices entry replace the built-in one (tiers included), for the family too", () => {
      const prices = effectivePrices({ 'claude-haiku-5-5': { input: 1, output: 2 } });
      const big = { input: 200_000, output: 1_000, cacheWrite: 0, cacheRead: 0 };
      near(costOf('claude-haiku-5-5', big, prices), (200_000 * 1 + 1_000 * 2) / 1e6);
      near(costOf('claude-haiku-5-5-20261007', big, prices), (200_000 * 1 + 1_000 * 2) / 1e6);
      // Other models keep their built-in price.
      assert.equal(prices['claude-opus-5-5'], DEFAULT_PRICES['claude-opus-5-5']);
    });

    it('takes a model table entry price between the built-in and the price table', () => {
      const table = effectivePrices({}, { 'my-model': { price: { input: 1, output: 4 } }, 'claude-opus-5-5': { price: { input: 3, output: 15 } } });
      assert.deepEqual(table['my-model'], { input: 1, output: 4 });
      assert.deepEqual(table['claude-opus-5-5'], { input: 3, output: 15 });
      const both = effectivePrices({ 'my-model': { input: 9, output: 9 } }, { 'my-model': { price: { input: 1, output: 4 } } });
      assert.deepEqual(both['my-model'], { input: 9, output: 9 });
    });
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
