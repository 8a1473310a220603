import * as assert from 'node:assert/strict';
import {
  agentCost,
  formatCost,
  formatCountdown,
  formatDuration,
  formatOffset,
  formatPercent,
  formatSpeedup,
  formatTokens,
  formatUsd,
  plural,
} from '../../../webview/format';

describe('webview format: tokens', () => {
  const cases: [number, string][] = [
    [0, '0'],
    [950, '950'],
    [1000, '1k'],
    [1234, '1.2k'],
    [12_345, '12.3k'],
    [99_949, '99.9k'],
    [123_456, '123k'],
    [999_499, '999k'],
    [1_234_567, '1.23M'],
    [12_345_678, '12.3M'],
    [-5, '0'],
  ];
  for (const [n, text] of cases) {
    it(`formats ${n} as ${text}`, () => assert.equal(formatTokens(n), text));
  }
});

describe('webview format: time', () => {
  it('formats durations from tenths of a second to hours', () => {
    assert.equal(formatDuration(0), '0.0s');
    assert.equal(formatDuration(420), '0.4s');
    assert.equal(formatDuration(4_200), '4.2s');
    assert.equal(formatDuration(42_900), '42s');
    assert.equal(formatDuration(185_000), '3m 05s');
    assert.equal(formatDuration(3_720_000), '1h 02m');
    assert.equal(formatDuration(-10), '0.0s');
  });

  it('formats run offsets with one decimal below a minute', () => {
    assert.equal(formatOffset(0), '0.0s');
    assert.equal(formatOffset(42_250), '42.3s');
    assert.equal(formatOffset(65_000), '1m 05s');
  });

  it('counts down whole seconds, rounding up and never below zero', () => {
    assert.equal(formatCountdown(10_000, 3_800), '7s');
    assert.equal(formatCountdown(10_000, 10_000), '0s');
    assert.equal(formatCountdown(10_000, 12_000), '0s');
    assert.equal(formatCountdown(65_000, 0), '1m 05s');
  });
});

describe('webview format: cost', () => {
  it('formats dollars by magnitude', () => {
    assert.equal(formatUsd(0), '$0.00');
    assert.equal(formatUsd(0.0042), '$0.004');
    assert.equal(formatUsd(0.0123), '$0.012');
    assert.equal(formatUsd(12.3), '$12.30');
    assert.equal(formatUsd(1234.4), '$1,234');
  });

  it('shows n/a for an unknown cost and ≥ for a partial one, never a guess', () => {
    assert.equal(formatCost(null, false), 'n/a');
    assert.equal(formatCost(null, true), 'n/a');
    assert.equal(formatCost(0.0123, true), '$0.012');
    assert.equal(formatCost(0.0123, false), '≥ $0.012');
  });

  it('derives an agent cost: known, partial, or unknown', () => {
    assert.deepEqual(agentCost({ costUsd: 0.5, costKnown: true }), { usd: 0.5, complete: true });
    assert.deepEqual(agentCost({ costUsd: 0, costKnown: true }), { usd: 0, complete: true });
    assert.deepEqual(agentCost({ costUsd: 0.5, costKnown: false }), { usd: 0.5, complete: false });
    assert.deepEqual(agentCost({ costUsd: 0, costKnown: false }), { usd: null, complete: false });
  });
});

describe('webview format: ratios and words', () => {
  it('formats speedup and efficiency, with a dash before there is data', () => {
    assert.equal(formatSpeedup(3.14), '3.1×');
    assert.equal(formatSpeedup(0), '—');
    assert.equal(formatSpeedup(Number.POSITIVE_INFINITY), '—');
    assert.equal(formatPercent(0.874), '87%');
    assert.equal(formatPercent(1.3), '100%');
    assert.equal(formatPercent(0), '—');
  });

  it('pluralises counts', () => {
    assert.equal(plural(1, 'file'), '1 file');
    assert.equal(plural(3, 'file'), '3 files');
    assert.equal(plural(2, 'retry', 'retries'), '2 retries');
  });
});
