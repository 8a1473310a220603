/**
 * The run's dependency graph as the scheduler executes it: explicit `dependsOn` plus the phase
 * barriers (contract tasks one after another, every implement task after all contract tasks, every
 * validator after all implement tasks; validators are read-only and run side by side under the
 * concurrency cap). Pure; shared by the scheduler and metrics.
 */
import type { Plan, TaskSpec } from './plan';

/** For each task id, the ids it waits for (explicit dependencies and phase barriers), deduplicated. */
export function effectiveDependencies(plan: Plan): ReadonlyMap<string, readonly string[]> {
  const contracts = plan.tasks.filter((t) => t.phase === 'contract');
  const implementers = plan.tasks.filter((t) => t.phase === 'implement');
  const validators = plan.tasks.filter((t) => t.phase === 'validate');
  const deps = new Map<string, string[]>();
  const add = (task: TaskSpec, extra: readonly string[]) => {
    const all = new Set([...task.dependsOn, ...extra]);
    all.delete(task.id);
    deps.set(task.id, [...all]);
  };
  contracts.forEach((t, i) => add(t, i > 0 ? [contracts[i - 1].id] : []));
  const allContracts = contracts.map((t) => t.id);
  implementers.forEach((t) => add(t, allContracts));
  const beforeValidators = [...allContracts, ...implementers.map((t) => t.id)];
  // Validators are read-only: they run side by side (under the cap) once every writer has ended.
  validators.forEach((t) => add(t, beforeValidators));
  return deps;
}

/** Tasks in an order where every task comes after what it waits for; undefined on a cycle. */
export function topologicalOrder(plan: Plan): readonly string[] | undefined {
  const deps = effectiveDependencies(plan);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    const s = state.get(id);
    if (s === 'done') return true;
    if (s === 'visiting') return false;
    state.set(id, 'visiting');
    for (const dep of deps.get(id) ?? []) {
      if (deps.has(dep) && !visit(dep)) return false;
    }
    state.set(id, 'done');
    order.push(id);
    return true;
  };
  for (const task of plan.tasks) {
    if (!visit(task.id)) return undefined;
  }
  return order;
}

/**
 * A lower bound on the wall time of a run with the given task durations: the longer of the
 * critical path through the effective graph and the work of each phase spread over the cap.
 */
export function lowerBoundMs(
  plan: Plan,
  durationMs: (taskId: string) => number,
  maxConcurrency: number,
): {
  readonly criticalPathMs: number;
  readonly boundMs: number;
} {
  const order = topologicalOrder(plan) ?? plan.tasks.map((t) => t.id);
  const deps = effectiveDependencies(plan);
  const finish = new Map<string, number>();
  for (const id of order) {
    const start = Math.max(0, ...(deps.get(id) ?? []).map((d) => finish.get(d) ?? 0));
    finish.set(id, start + durationMs(id));
  }
  const criticalPathMs = Math.max(0, ...finish.values());
  const sum = (phase: TaskSpec['phase']) => plan.tasks.filter((t) => t.phase === phase).reduce((acc, t) => acc + durationMs(t.id), 0);
  const cap = Math.max(1, maxConcurrency);
  // Contract tasks run one after another; implementers, then validators, side by side under the cap.
  const phaseBound = sum('contract') + sum('implement') / cap + sum('validate') / cap;
  return { criticalPathMs, boundMs: Math.max(criticalPathMs, phaseBound) };
}
