import * as assert from 'node:assert/strict';
import { validatePlan } from '../../../../src/core/planValidation';
import { lintPlan } from '../../../../src/core/planning/lint/lintPlan';
import { goodPlan, goodPlanWithReview } from '../../../fixtures/planning/goodPlan';
import { MODELS, ROOT, lintOptions, planOf, spec } from '../helpers';

describe('lint: a good plan', () => {
  it('the seven-task feature plan validates and has no lint findings', () => {
    assert.equal(goodPlan.tasks.length, 7);
    assert.deepEqual(validatePlan(goodPlan, ROOT), []);
    assert.deepEqual(lintPlan(goodPlan, lintOptions()), []);
  });

  it('with a reviewer, priced models, a budget and a tight concurrency cap that fits, still none', () => {
    const prices = { [MODELS.agent]: { input: 3, output: 15 }, [MODELS.validator]: { input: 3, output: 15 } };
    const findings = lintPlan(goodPlanWithReview, lintOptions({ prices, budgets: { maxCostUsdPerRun: 50 }, maxConcurrency: 6 }));
    assert.deepEqual(findings, []);
  });
});

describe('lint: broken plans', () => {
  it('keeps validation findings first and does not throw on duplicate ids, unknown deps, empty owns or empty plans', () => {
    const broken = planOf([
      spec('a', 'implement', ['src/a.ts'], { dependsOn: ['ghost', 'b'] }),
      spec('a', 'implement', ['src/a2.ts']),
      spec('b', 'implement', [], { dependsOn: ['a'] }),
      spec('v', 'validate', ['src/v.ts'], { instructions: 'Report findings.' }),
    ]);
    const findings = lintPlan(broken, lintOptions());
    const validation = validatePlan(broken, ROOT).map((f) => f.code);
    assert.deepEqual(findings.slice(0, validation.length).map((f) => f.code), validation);
    assert.deepEqual(validation, ['duplicate-task-id', 'unknown-dependency', 'owns-nothing', 'validator-owns-files']);
    assert.deepEqual(lintPlan(planOf([]), lintOptions()).map((f) => f.code), ['empty-plan']);
  });
});
