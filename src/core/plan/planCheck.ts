/**
 * The plan check, run once per plan: `checkPlan` validates a plan (planValidation.ts) and hands it
 * back as a `CheckedPlan`, which carries what the check found: the validation findings and every
 * `owns` entry in normal form. A plan that passed is a `ValidatedPlan`, the type the engine runs.
 * Later steps (lint and its fixes, the estimate, the proposal, plan review, the engine) take the
 * checked type and read the carried result instead of validating or normalising again.
 *
 * Where the result lives: on the plan's task list, as a non-enumerable property. So JSON (run logs,
 * the protocol, `plan --json`) and deep equality see a plain plan; `{ ...plan, lint }` keeps the
 * result (the same task list), while an edited or copied task list is a new array without it, in its
 * type as in fact: `applyPlanEdits` returns a plain `Plan`, to be checked again.
 */
import type { Plan, PlanFinding, TaskSpec } from './plan';
import { hasErrors, runValidation } from './planValidation';

// From the global registry: a plan checked in one bundle (a test, the CLI) is recognised in another (the extension).
const CHECK: unique symbol = Symbol.for('fanout.planCheck');
declare const valid: unique symbol;

interface CheckResult {
  readonly findings: readonly PlanFinding[];
  readonly ownsNormalized: ReadonlyMap<TaskSpec, readonly string[]>;
}

/** The task list of a checked plan. */
export type CheckedTasks = readonly TaskSpec[] & { readonly [CHECK]: CheckResult };
/** A plan the check has seen, errors or not: lint reads its findings and normalised entries. */
export type CheckedPlan = Plan & { readonly tasks: CheckedTasks };
/** A plan the check passed: the one type the engine runs. */
export type ValidatedPlan = Plan & { readonly tasks: CheckedTasks & { readonly [valid]: true } };

export type PlanCheck =
  | { readonly ok: true; readonly plan: ValidatedPlan; readonly findings: readonly PlanFinding[] }
  | { readonly ok: false; readonly plan: CheckedPlan; readonly findings: readonly PlanFinding[] };

/** Validates the plan against the workspace it will run in, normalising each `owns` entry once. */
export function checkPlan(input: Plan, workspaceRoot: string): PlanCheck {
  const { findings, ownsNormalized } = runValidation(input, workspaceRoot);
  const tasks = [...input.tasks];
  Object.defineProperty(tasks, CHECK, { value: { findings, ownsNormalized } satisfies CheckResult, enumerable: false });
  if (hasErrors(findings)) return { ok: false, plan: { ...input, tasks: tasks as unknown as CheckedTasks }, findings };
  return { ok: true, plan: { ...input, tasks: tasks as unknown as ValidatedPlan['tasks'] }, findings };
}

function resultOf(plan: CheckedPlan): CheckResult {
  const result = plan.tasks[CHECK] as CheckResult | undefined;
  // Only a cast (or a structured clone) gets here without one: a bug, not a plan to guess about.
  if (result === undefined) throw new Error(`Plan ${plan.id} is typed as checked but was never checked (use checkPlan).`);
  return result;
}

/** The validation findings of a checked plan (errors; none for a ValidatedPlan). */
export function validationFindings(plan: CheckedPlan): readonly PlanFinding[] {
  return resultOf(plan).findings;
}

/** The task's `owns` entries in normal form, in the order of `task.owns`. The task must be one of the plan's. */
export function ownsNormalized(plan: CheckedPlan, task: TaskSpec): readonly string[] {
  const forms = resultOf(plan).ownsNormalized.get(task);
  if (forms === undefined) throw new Error(`Task ${task.id} is not a task of the checked plan ${plan.id}.`);
  return forms;
}

/** Whether the plan's task list carries a check result (the one `checkPlan` made, or a spread copy's). */
export function isCheckedPlan(plan: Plan): plan is CheckedPlan {
  return CHECK in plan.tasks;
}

/** Whether the check passed (the plan may run). */
export function isValidated(plan: CheckedPlan): plan is ValidatedPlan {
  return !hasErrors(resultOf(plan).findings);
}

/** Thrown where a plan must be valid and is not: nothing runs. */
export class PlanValidationError extends Error {
  constructor(readonly findings: readonly PlanFinding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(`The plan has ${errors.length} error(s): ${errors.map((f) => f.message).join(' ')}`);
    this.name = 'PlanValidationError';
  }
}

/** A checked plan as a ValidatedPlan, or a `PlanValidationError` with the check's findings (no second check). */
export function asValidated(plan: CheckedPlan): ValidatedPlan {
  if (isValidated(plan)) return plan;
  throw new PlanValidationError(validationFindings(plan));
}

/** The plan as a ValidatedPlan, or a `PlanValidationError` with its findings. */
export function requireValidPlan(input: Plan, workspaceRoot: string): ValidatedPlan {
  const check = checkPlan(input, workspaceRoot);
  if (!check.ok) throw new PlanValidationError(check.findings);
  return check.plan;
}
