import * as assert from 'node:assert/strict';
import { createRunBudget } from '../../../src/core/run/runBudget';
import { NO_LIMITS } from './agentHarness';

describe('run budget', () => {
  const turn = { input: 100, output: 50, cacheWrite: 30, cacheRead: 20 };

  it('never runs out when every limit is 0', () => {
    let now = 0;
    const budget = createRunBudget(NO_LIMITS, () => now);
    for (let i = 0; i < 100; i += 1) {
      budget.record(turn, 10);
    }
    now = 1e12;
    assert.equal(budget.exceeded(), undefined);
  });

  it('runs out on tokens (all four kinds count)', () => {
    const budget = createRunBudget({ ...NO_LIMITS, maxTokensPerRun: 400 }, () => 0);
    budget.record(turn, null);
    assert.equal(budget.exceeded(), undefined);
    budget.record(turn, null);
    assert.equal(budget.exceeded(), 'run-budget');
    assert.equal(budget.limitReached(), 'tokens');
    assert.deepEqual(budget.spent().usage, { input: 200, output: 100, cacheWrite: 60, cacheRead: 40 });
  });

  it('runs out on known cost only; unpriced turns are counted apart, not as $0 guesses', () => {
    const budget = createRunBudget({ ...NO_LIMITS, maxCostUsdPerRun: 1 }, () => 0);
    budget.record(turn, null);
    budget.record(turn, 0.6);
    assert.equal(budget.exceeded(), undefined);
    budget.record(turn, 0.4);
    assert.equal(budget.limitReached(), 'cost');
    assert.equal(budget.spent().unpricedTurns, 1);
    assert.equal(budget.spent().costUsd, 1);
  });

  it('runs out on wall time from its creation', () => {
    let now = 1_000;
    const budget = createRunBudget({ ...NO_LIMITS, maxWallMsPerRun: 500 }, () => now);
    now = 1_499;
    assert.equal(budget.exceeded(), undefined);
    now = 1_500;
    assert.equal(budget.exceeded(), 'run-budget');
    assert.equal(budget.limitReached(), 'wall');
  });
});
