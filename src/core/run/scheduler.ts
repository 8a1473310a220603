/**
 * Decides which task runs next: phase barriers and dependencies (from the DAG), the concurrency
 * cap, and blocking when something a task needs did not finish. Pure bookkeeping; the engine
 * starts and ends agents.
 */
import { effectiveDependencies } from '../plan/dag';
import type { AgentOutcome } from './eventVocabulary';
import type { Plan, TaskSpec } from '../plan/plan';

export type TaskPhaseState = 'pending' | 'running' | AgentOutcome;

export interface Blocked {
  readonly taskId: string;
  readonly blocker: string;
  readonly blockerOutcome: AgentOutcome;
}

export class Scheduler {
  private readonly waitFor: ReadonlyMap<string, readonly string[]>;
  private readonly needs: ReadonlyMap<string, readonly string[]>;
  private readonly states = new Map<string, TaskPhaseState>();
  readonly order: readonly TaskSpec[];

  constructor(
    readonly plan: Plan,
    private readonly maxConcurrency: number,
  ) {
    this.order = plan.tasks;
    this.waitFor = effectiveDependencies(plan);
    const contracts = plan.tasks.filter((t) => t.phase === 'contract').map((t) => t.id);
    // A task is blocked only by what it needs: its explicit dependencies and, after phase 1, the contract.
    this.needs = new Map(plan.tasks.map((t) => [t.id, [...new Set([...t.dependsOn, ...(t.phase === 'contract' ? [] : contracts)])]]));
    for (const task of plan.tasks) this.states.set(task.id, 'pending');
  }

  state(taskId: string): TaskPhaseState | undefined {
    return this.states.get(taskId);
  }

  set(taskId: string, state: TaskPhaseState): void {
    this.states.set(taskId, state);
  }

  get running(): number {
    let n = 0;
    for (const s of this.states.values()) if (s === 'running') n += 1;
    return n;
  }

  /** True when no task is pending or running. */
  get settled(): boolean {
    for (const s of this.states.values()) if (s === 'pending' || s === 'running') return false;
    return true;
  }

  /** Pending tasks that can no longer run because something they need ended without `done`. */
  takeBlocked(): Blocked[] {
    const blocked: Blocked[] = [];
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of this.order) {
        if (this.states.get(task.id) !== 'pending') continue;
        for (const need of this.needs.get(task.id) ?? []) {
          const s = this.states.get(need);
          if (s === 'failed' || s === 'cancelled' || s === 'blocked') {
            this.states.set(task.id, 'blocked');
            blocked.push({ taskId: task.id, blocker: need, blockerOutcome: s });
            changed = true;
            break;
          }
        }
      }
    }
    return blocked;
  }

  /** Pending tasks whose waits have all ended, in plan order, up to the free concurrency. */
  takeReady(): TaskSpec[] {
    const free = Math.max(0, this.maxConcurrency - this.running);
    const ready: TaskSpec[] = [];
    for (const task of this.order) {
      if (ready.length >= free) break;
      if (this.states.get(task.id) !== 'pending') continue;
      const waits = this.waitFor.get(task.id) ?? [];
      const ended = waits.every((w) => {
        const s = this.states.get(w);
        return s === undefined || (s !== 'pending' && s !== 'running');
      });
      if (ended) ready.push(task);
    }
    for (const task of ready) this.states.set(task.id, 'running');
    return ready;
  }

  /** Explicit dependencies, transitively, plus contract tasks: whose finished writes a task may see. */
  visibleTasks(taskId: string): string[] {
    const seen = new Set<string>();
    const stack = [...(this.needs.get(taskId) ?? [])];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(this.needs.get(id) ?? []));
    }
    return [...seen].filter((id) => this.states.get(id) === 'done');
  }

  /** Puts a failed, cancelled or blocked task back in the queue, with everything it blocked. */
  requeue(taskId: string): string[] {
    const requeued: string[] = [];
    const s = this.states.get(taskId);
    if (s !== 'failed' && s !== 'cancelled' && s !== 'blocked') return requeued;
    this.states.set(taskId, 'pending');
    requeued.push(taskId);
    let changed = true;
    while (changed) {
      changed = false;
      for (const task of this.order) {
        if (this.states.get(task.id) !== 'blocked') continue;
        if ((this.needs.get(task.id) ?? []).some((n) => requeued.includes(n))) {
          this.states.set(task.id, 'pending');
          requeued.push(task.id);
          changed = true;
        }
      }
    }
    return requeued;
  }
}
