import * as assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '../../../src/core/plan/plan';
import {
  checkPlan,
  isCheckedPlan,
  isValidated,
  ownsNormalized,
  PlanValidationError,
  requireValidPlan,
  validationFindings,
  type CheckedPlan,
  type ValidatedPlan,
} from '../../../src/core/plan/planCheck';
import { lintPlan } from '../../../src/core/planning/lint/lintPlan';
import { applyPlanEdits } from '../../../src/core/planning/planEdits';
import { DEFAULT_BUDGETS } from '../../../src/core/defaults';
import type { LintOptions } from '../../../src/core/planning/types';
import { plan, task, tempWorkspace, type TempWorkspace } from './fixtures';

const good = plan(
  task('types', 'contract', ['./src//types/']),
  task('api', 'implement', ['src/api/**', ' src/a/../index.ts'], ['types']),
  task('review', 'validate', [], ['api']),
);

function lintOptions(workspaceRoot: string): LintOptions {
  return { workspaceRoot, maxConcurrency: 8, budgets: { ...DEFAULT_BUDGETS, maxCostUsdPerRun: 0 }, prices: {}, models: { agent: 'a', validator: 'v' } };
}

describe('plan check: validate once, carry the result', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('fanout-check-');
  });
  afterEach(() => ws.remove());

  it('a plan that passes comes back as a ValidatedPlan with every owns entry in normal form', () => {
    const check = checkPlan(good, ws.root);
    assert.equal(check.ok, true);
    assert.deepEqual(check.findings, []);
    assert.equal(isValidated(check.plan), true);
    const [types, api, review] = check.plan.tasks;
    assert.ok(types && api && review);
    assert.deepEqual(ownsNormalized(check.plan, types), ['src/types/**']);
    assert.deepEqual(ownsNormalized(check.plan, api), ['src/api/**', 'src/index.ts']);
    assert.deepEqual(ownsNormalized(check.plan, review), []);
  });

  it('a plan with errors comes back checked, with its findings, and not validated', () => {
    const bad = plan(task('a', 'implement', ['src/**']), task('b', 'implement', ['src/b.ts']), task('review', 'validate', ['x.ts']));
    const check = checkPlan(bad, ws.root);
    assert.equal(check.ok, false);
    assert.deepEqual(
      check.findings.map((f) => f.code),
      ['validator-owns-files', 'ownership-overlap'],
    );
    assert.deepEqual(validationFindings(check.plan), check.findings);
    assert.equal(isValidated(check.plan), false);
    const validator = check.plan.tasks[2];
    assert.ok(validator);
    assert.deepEqual(ownsNormalized(check.plan, validator), ['x.ts'], 'every entry is normalised, a refused one too');
    assert.throws(
      () => requireValidPlan(bad, ws.root),
      (e: unknown) => e instanceof PlanValidationError && e.findings.length === 2 && /The plan has 2 error\(s\)/.test(e.message),
    );
    assert.equal(requireValidPlan(good, ws.root).id, good.id);
  });

  it('the carried result is invisible to JSON and deep equality: a checked plan reads as the plan it was', () => {
    const check = checkPlan(good, ws.root);
    assert.deepEqual(check.plan, good);
    assert.equal(JSON.stringify(check.plan), JSON.stringify(good));
    assert.equal(isCheckedPlan(good), false, 'the input is not changed');
  });

  it('a new lint list keeps the check; an edit makes a plain plan that must be checked again', () => {
    const check = checkPlan(good, ws.root);
    assert.ok(check.ok);
    const withLint: ValidatedPlan = { ...check.plan, lint: [] };
    assert.equal(isCheckedPlan(withLint), true);
    const edited = applyPlanEdits(check.plan, [{ kind: 'removeTask', taskId: 'review' }]);
    assert.equal(isCheckedPlan(edited), false);
    // @ts-expect-error an edited plan is a Plan, not a checked one
    const notChecked: CheckedPlan = edited;
    assert.throws(() => validationFindings(notChecked), /typed as checked but was never checked \(use checkPlan\)/);
    // @ts-expect-error a copied task list loses the check, in its type as in fact
    const copied: ValidatedPlan = { ...check.plan, tasks: [...check.plan.tasks] };
    assert.equal(isCheckedPlan(copied), false);
    const invalid = checkPlan(plan(), ws.root);
    if (!invalid.ok) {
      // @ts-expect-error a checked plan with errors is not a ValidatedPlan
      const runnable: ValidatedPlan = invalid.plan;
      assert.equal(isValidated(runnable), false);
    }
    const plain: Plan = good;
    // @ts-expect-error a plain plan is not a ValidatedPlan
    const unchecked: ValidatedPlan = plain;
    assert.equal(isCheckedPlan(unchecked), false);
  });

  it('normal forms are asked for by task: a task of another plan is refused', () => {
    const check = checkPlan(good, ws.root);
    assert.throws(() => ownsNormalized(check.plan, task('types', 'contract', ['src/types/**'])), /Task types is not a task of the checked plan plan-1/);
  });

  it('lint reads the check the plan carries instead of validating again', async () => {
    // An owned folder that is a symlink out of the workspace: an error against this workspace only.
    const outside = await tempWorkspace('fanout-check-outside-');
    try {
      await symlink(outside.root, join(ws.root, 'linked'));
      const check = checkPlan(plan(task('a', 'implement', ['linked/x.ts'])), ws.root);
      assert.deepEqual(
        check.findings.map((f) => f.code),
        ['owned-path-outside-workspace'],
      );
      // Lint options naming another root: validating again there would find nothing.
      const elsewhere = lintOptions(join(ws.root, 'nowhere'));
      assert.deepEqual(checkPlan(check.plan, elsewhere.workspaceRoot).findings, []);
      const findings = lintPlan(check.plan, elsewhere);
      assert.equal(findings[0]?.code, 'owned-path-outside-workspace');
    } finally {
      await outside.remove();
    }
  });
});
