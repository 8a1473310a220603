/** Shared helpers for the planning tests: lint options, tasks, finding lookups, fix checks. */
import * as assert from 'node:assert/strict';
import { DEFAULT_BUDGETS } from '../../../src/core/defaults';
import type { Budgets, PriceTable } from '../../../src/core/run/engineTypes';
import type { Phase, Plan, PlanFinding, TaskSpec } from '../../../src/core/plan/plan';
import { checkPlan } from '../../../src/core/plan/planCheck';
import { lintPlan } from '../../../src/core/planning/lint/lintPlan';
import { applyPlanEdits } from '../../../src/core/planning/planEdits';
import type { CostEstimate, LintOptions } from '../../../src/core/planning/types';

/** A folder that does not exist: validation's symlink check skips it, nothing touches the disk. */
export const ROOT = '/nonexistent/fanout-planning-tests';

export const MODELS = { agent: 'agent-model', validator: 'validator-model' } as const;

export function lintOptions(overrides: { maxConcurrency?: number; budgets?: Partial<Budgets>; prices?: PriceTable } = {}): LintOptions {
  return {
    workspaceRoot: ROOT,
    maxConcurrency: overrides.maxConcurrency ?? 8,
    budgets: { ...DEFAULT_BUDGETS, maxCostUsdPerRun: 0, ...overrides.budgets },
    prices: overrides.prices ?? {},
    models: MODELS,
  };
}

export function spec(id: string, phase: Phase, owns: readonly string[], fields: Partial<Omit<TaskSpec, 'id' | 'phase' | 'owns'>> = {}): TaskSpec {
  return {
    id,
    title: fields.title ?? `Task ${id}`,
    phase,
    role: fields.role ?? 'Component',
    instructions:
      fields.instructions ??
      `Implement ${owns[0] ?? 'the change'} exactly as described: export function ${id.replace(/-/g, '')}Handler(input: string): string, with unit-level behaviour documented in a comment.`,
    owns,
    reads: fields.reads ?? [],
    dependsOn: fields.dependsOn ?? [],
    ...(fields.model !== undefined ? { model: fields.model } : {}),
  };
}

export function planOf(
  tasks: readonly TaskSpec[],
  request = 'Add a user profile page with an avatar upload, client-side validation and a link from the account menu for signed-in users.',
): Plan {
  return { id: 'plan-test', request, route: 'complex', tasks, lint: [] };
}

/** Checks the plan against the options' workspace, then lints it, as planning does. */
export function lint(plan: Plan, options: LintOptions = lintOptions(), estimate?: CostEstimate): PlanFinding[] {
  return lintPlan(checkPlan(plan, options.workspaceRoot).plan, options, estimate);
}

export function withCode(findings: readonly PlanFinding[], code: string): PlanFinding[] {
  return findings.filter((f) => f.code === code);
}

export function only(findings: readonly PlanFinding[], code: string): PlanFinding {
  const matching = withCode(findings, code);
  assert.equal(
    matching.length,
    1,
    `expected one ${code}, got ${JSON.stringify(
      findings.map((f) => [f.code, f.tasks, f.message]),
      null,
      1,
    )}`,
  );
  return matching[0] as PlanFinding;
}

export function codes(findings: readonly PlanFinding[]): string[] {
  return findings.map((f) => f.code);
}

function same(a: PlanFinding, b: PlanFinding): boolean {
  return a.code === b.code && JSON.stringify(a.tasks) === JSON.stringify(b.tasks) && JSON.stringify(a.paths) === JSON.stringify(b.paths);
}

/** Applies the finding's fix, checks the finding is gone and the plan has no validation error; returns the fixed plan. */
export function applyFixAndCheck(plan: Plan, finding: PlanFinding, options: LintOptions = lintOptions()): Plan {
  assert.ok(finding.fix, `expected a fix on ${finding.code}: ${finding.message}`);
  const fixed = applyPlanEdits(plan, finding.fix.edits);
  const after = lint(fixed, options);
  assert.equal(
    after.filter((f) => same(f, finding)).length,
    0,
    `${finding.code} still reported after "${finding.fix.title}": ${JSON.stringify(
      after.map((f) => f.message),
      null,
      1,
    )}`,
  );
  assert.deepEqual(checkPlan(fixed, options.workspaceRoot).findings, [], 'the fixed plan must validate');
  return fixed;
}
