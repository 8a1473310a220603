import * as assert from 'node:assert/strict';
import { estimatePlanCost } from '../../../../src/core/planning/estimate';
import { goodPlan } from '../../../fixtures/planning/goodPlan';
import { lint, lintOptions, MODELS, only, withCode } from '../helpers';

const PRICED = { [MODELS.agent]: { input: 3, output: 15 }, [MODELS.validator]: { input: 3, output: 15 } };

describe('lint: fan-out size', () => {
  it('fan-out-queued: more implement agents than the concurrency cap, with the number of waves', () => {
    const finding = only(lint(goodPlan, lintOptions({ maxConcurrency: 4 })), 'fan-out-queued');
    assert.equal(finding.severity, 'warning');
    assert.equal(
      finding.message,
      '6 implement agents with a concurrency cap of 4: they run in 2 waves, 2 of them waiting in the queue. Merge tasks or raise fanout.maxConcurrency.',
    );
    assert.deepEqual(finding.tasks, ['component', 'styles', 'hooks', 'tests', 'integration', 'docs']);
    assert.match(only(lint(goodPlan, lintOptions({ maxConcurrency: 2 })), 'fan-out-queued').message, /run in 3 waves, 4 of them waiting/);
    assert.deepEqual(withCode(lint(goodPlan, lintOptions({ maxConcurrency: 6 })), 'fan-out-queued'), []);
  });

  it("over-budget: the estimate's high end above the run budget, with the range in the message", () => {
    const estimate = estimatePlanCost(goodPlan, { prices: PRICED, models: MODELS });
    assert.ok(estimate.lowUsd !== null && estimate.highUsd !== null);
    const budget = (estimate.lowUsd + estimate.highUsd) / 2;
    const finding = only(lint(goodPlan, lintOptions({ prices: PRICED, budgets: { maxCostUsdPerRun: budget } })), 'over-budget');
    assert.equal(finding.severity, 'warning');
    const range = `$${estimate.lowUsd.toFixed(2)}–$${estimate.highUsd.toFixed(2)}`;
    assert.ok(finding.message.startsWith(`Estimated cost ${range} goes above the run budget of $${budget.toFixed(2)};`), finding.message);
  });

  it('no over-budget finding under the budget, with no budget (0) or with unpriced models', () => {
    const estimate = estimatePlanCost(goodPlan, { prices: PRICED, models: MODELS });
    const high = estimate.highUsd ?? assert.fail('priced');
    assert.deepEqual(withCode(lint(goodPlan, lintOptions({ prices: PRICED, budgets: { maxCostUsdPerRun: high + 0.01 } })), 'over-budget'), []);
    assert.deepEqual(withCode(lint(goodPlan, lintOptions({ prices: PRICED, budgets: { maxCostUsdPerRun: 0 } })), 'over-budget'), []);
    assert.deepEqual(withCode(lint(goodPlan, lintOptions({ prices: {}, budgets: { maxCostUsdPerRun: 0.0001 } })), 'over-budget'), []);
  });

  it('uses the estimate the caller passes (with the real repo map size)', () => {
    const big = estimatePlanCost(goodPlan, { prices: PRICED, models: MODELS, repoMapTokens: 200_000 });
    const small = estimatePlanCost(goodPlan, { prices: PRICED, models: MODELS });
    const budget = ((small.highUsd ?? 0) + (big.highUsd ?? 0)) / 2;
    const options = lintOptions({ prices: PRICED, budgets: { maxCostUsdPerRun: budget } });
    assert.deepEqual(withCode(lint(goodPlan, options), 'over-budget'), []);
    assert.equal(withCode(lint(goodPlan, options, big), 'over-budget').length, 1);
  });
});
