/**
 * Ordering problems that validation does not report.
 *
 * Validation already reports a task that depends on a later phase (`phase-order`) and explicit cycles
 * (`dependency-cycle`). What it cannot see: contract tasks run one after another in plan order
 * (`dag.ts`; validators are read-only and run side by side). A contract task that explicitly depends
 * on a contract task listed AFTER it waits for a task that itself waits for it: the run would deadlock.
 * - `ordering` (error), fix: list that phase's tasks in an order that respects their explicit
 *   dependencies (the current order, with each task moved after what it depends on). Reordering is
 *   not a plan edit of its own, so the fix removes the phase's tasks, adds them back in that order
 *   (`addTask` puts each at the end of its phase) and restores other phases' dependencies on them.
 * - `phase-listing-order` (warning): the plan lists a task after a task of a later phase (a validator
 *   before an implementer). The phases still run in order, but the plan reads wrongly and contract /
 *   the contract chain follows listing order. Fix: remove and re-add the task (`addTask` puts it with
 *   its phase) and restore the dependencies on it.
 *
 * A validator that checks implementers' files needs no explicit dependency on them: every validator
 * starts after all implement tasks (phase barrier), so that is not reported.
 */
import { PHASES, type Plan, type PlanEdit, type PlanFinding, type PlanFix, type TaskSpec } from '../../plan/plan';
import type { CheckedPlan } from '../../plan/planCheck';
import { withFix } from './safeFix';
import { explicitAncestors } from './taskTraits';

/** Removes the tasks and adds them back in the given order, restoring the dependencies other tasks had on them. */
function reAdd(plan: Plan, tasks: readonly TaskSpec[]): PlanEdit[] {
  const moved = new Set(tasks.map((t) => t.id));
  const restore = plan.tasks
    .filter((t) => !moved.has(t.id))
    .flatMap((t) => t.dependsOn.filter((d) => moved.has(d)).map((d): PlanEdit => ({ kind: 'addDependency', taskId: t.id, dependsOn: d })));
  return [...tasks.map((t): PlanEdit => ({ kind: 'removeTask', taskId: t.id })), ...tasks.map((task): PlanEdit => ({ kind: 'addTask', task })), ...restore];
}

/** The phase's tasks in listing order, each moved after the same-phase tasks it depends on; undefined on a cycle. */
function chainOrder(plan: Plan, phase: TaskSpec['phase']): TaskSpec[] | undefined {
  const pending = plan.tasks.filter((t) => t.phase === phase);
  const ids = new Set(pending.map((t) => t.id));
  const placed = new Set<string>();
  const order: TaskSpec[] = [];
  while (pending.length > 0) {
    const at = pending.findIndex((t) => t.dependsOn.every((d) => !ids.has(d) || placed.has(d) || d === t.id));
    if (at === -1) return undefined;
    const [next] = pending.splice(at, 1);
    if (next === undefined) return undefined;
    order.push(next);
    placed.add(next.id);
  }
  return order;
}

function reorderFix(plan: Plan, phase: TaskSpec['phase']): PlanFix | undefined {
  const order = chainOrder(plan, phase);
  if (order === undefined) return undefined;
  return { title: `Reorder the contract tasks: ${order.map((t) => t.id).join(', ')}`, edits: reAdd(plan, order) };
}

function chainFindings(plan: CheckedPlan, root: string): PlanFinding[] {
  const ancestors = explicitAncestors(plan);
  const index = new Map(plan.tasks.map((t, i) => [t.id, i] as const));
  const out: PlanFinding[] = [];
  plan.tasks.forEach((task, i) => {
    if (task.phase !== 'contract') return;
    for (const dep of task.dependsOn) {
      const at = index.get(dep);
      const target = at === undefined ? undefined : plan.tasks[at];
      if (at === undefined || target === undefined || at <= i || target.phase !== task.phase) continue;
      // An explicit cycle between the two is already reported by validation.
      if (ancestors.get(dep)?.has(task.id)) continue;
      const finding: PlanFinding = {
        severity: 'error',
        code: 'ordering',
        message: `Contract tasks run one after another in plan order, but "${task.id}" depends on "${dep}", which is listed after it and so waits for it: the run would never start "${task.id}". List "${dep}" before "${task.id}".`,
        tasks: [task.id, dep],
        paths: [],
      };
      out.push(withFix(finding, plan, root, reorderFix(plan, task.phase)));
    }
  });
  return out;
}

function listingFindings(plan: CheckedPlan, root: string): PlanFinding[] {
  const out: PlanFinding[] = [];
  let latest: TaskSpec | undefined;
  for (const task of plan.tasks) {
    if (latest !== undefined && PHASES.indexOf(task.phase) < PHASES.indexOf(latest.phase)) {
      const finding: PlanFinding = {
        severity: 'warning',
        code: 'phase-listing-order',
        message: `${task.phase} task "${task.id}" is listed after ${latest.phase} task "${latest.id}"; list tasks contract first, then implement, then validate, as they run.`,
        tasks: [task.id, latest.id],
        paths: [],
      };
      out.push(withFix(finding, plan, root, { title: `Move "${task.id}" up to the ${task.phase} phase`, edits: reAdd(plan, [task]) }));
      continue;
    }
    latest = task;
  }
  return out;
}

export function orderingFindings(plan: CheckedPlan, workspaceRoot: string): PlanFinding[] {
  return [...chainFindings(plan, workspaceRoot), ...listingFindings(plan, workspaceRoot)];
}
