import * as assert from 'node:assert/strict';
import { checkPlan } from '../../../../src/core/plan/planCheck';
import { goodPlan, goodPlanWithReview } from '../../../fixtures/planning/goodPlan';
import { lint, lintOptions, MODELS, planOf, ROOT, spec } from '../helpers';

describe('lint: a good plan', () => {
  it('the seven-task feature plan validates and has no lint findings', () => {
    assert.equal(goodPlan.tasks.length, 7);
    assert.deepEqual(checkPlan(goodPlan, ROOT).findings, []);
    assert.deepEqual(lint(goodPlan, lintOptions()), []);
  });

  it('with a reviewer, priced models, a budget and a tight concurrency cap that fits, still none', () => {
    const prices = { [MODELS.agent]: { input: 3, output: 15 }, [MODELS.validator]: { input: 3, output: 15 } };
    const findings = lint(goodPlanWithReview, lintOptions({ prices, budgets: { maxCostUsdPerRun: 50 }, maxConcurrency: 6 }));
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
    const findings = lint(broken, lintOptions());
    const validation = checkPlan(broken, ROOT).findings.map((f) => f.code);
    assert.deepEqual(
      findings.slice(0, validation.length).map((f) => f.code),
      validation,
    );
    assert.deepEqual(validation, ['duplicate-task-id', 'unknown-dependency', 'owns-nothing', 'validator-owns-files']);
    assert.deepEqual(
      lint(planOf([]), lintOptions()).map((f) => f.code),
      ['empty-plan'],
    );
  });
});
