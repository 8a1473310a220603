/**
 * A synthetic but realistic event stream of a large run: N agents streaming text deltas, calling
 * tools, staging files, reporting usage and finishing, interleaved in time order. Deterministic for
 * a seed. Used by the batching tests and the ui-reduce benchmark.
 */
import { EventStamper, type RunEvent, type RunEventBody } from '../../src/core/run/events';
import type { Plan, TaskSpec } from '../../src/core/plan/plan';

export interface SyntheticRunOptions {
  readonly agents: number;
  readonly events: number;
  /** Run time the events are spread over. */
  readonly durationMs: number;
  readonly seed?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export function syntheticPlan(agents: number): Plan {
  const tasks: TaskSpec[] = Array.from({ length: agents }, (_, i) => ({
    id: `agent-${i + 1}`,
    title: `Agent ${i + 1}`,
    phase: i === 0 ? 'contract' : 'implement',
    role: i === 0 ? 'Types' : 'Component',
    instructions: `Write src/part-${i + 1}.ts.`,
    owns: [`src/part-${i + 1}.ts`],
    reads: [],
    dependsOn: [],
  }));
  return { id: 'plan-synthetic', request: 'A large feature', route: 'complex', tasks, lint: [] };
}

export function syntheticRun(options: SyntheticRunOptions): RunEvent[] {
  const random = rng(options.seed ?? 42);
  const plan = syntheticPlan(options.agents);
  const start = 1_700_000_000_000;
  let clock = start;
  const stamper = new EventStamper('run-synthetic', () => clock);
  const events: RunEvent[] = [];
  const emit = (body: RunEventBody) => events.push(stamper.stamp(body));
  emit({ kind: 'run.started', plan, workspaceName: 'synthetic', maxConcurrency: options.agents, demo: false });
  for (const t of plan.tasks) emit({ kind: 'agent.queued', taskId: t.id });
  for (const t of plan.tasks) emit({ kind: 'agent.started', taskId: t.id, model: 'claude-sonnet-5-5', attempt: 1 });
  // Total: run.started + queued/started/finished per agent + run.finished + the body.
  const body = options.events - events.length - options.agents - 1;
  const step = options.durationMs / Math.max(1, body);
  const turns = new Map<string, number>();
  for (let i = 0; i < body; i += 1) {
    clock = start + Math.round(i * step);
    const task = plan.tasks[Math.floor(random() * plan.tasks.length)] as TaskSpec;
    const r = random();
    if (r < 0.86) {
      emit({ kind: 'agent.text', taskId: task.id, text: `token${i % 97} ` });
    } else if (r < 0.91) {
      emit({ kind: 'agent.toolCall', taskId: task.id, toolUseId: `tu-${i}`, tool: 'edit_file', path: task.owns[0], summary: `edit ${task.owns[0] ?? ''}` });
    } else if (r < 0.95) {
      emit({ kind: 'agent.toolResult', taskId: task.id, toolUseId: `tu-${i}`, tool: 'edit_file', ok: true, summary: 'ok' });
    } else if (r < 0.98) {
      const turn = (turns.get(task.id) ?? 0) + 1;
      turns.set(task.id, turn);
      emit({
        kind: 'agent.usage',
        taskId: task.id,
        model: 'claude-sonnet-5-5',
        turn,
        usage: { input: 1200, output: 300, cacheWrite: 0, cacheRead: 9000 },
        costUsd: 0.0123,
      });
    } else if (r < 0.995) {
      emit({ kind: 'file.staged', taskId: task.id, path: task.owns[0] ?? 'x', change: 'modify', baseHash: 'base', proposedHash: `h${i}`, bytes: 100 + i });
    } else {
      emit({ kind: 'agent.retrying', taskId: task.id, cause: 'rate-limited', attempt: 1, delayMs: 500, status: 429, message: 'rate limited' });
    }
  }
  clock = start + options.durationMs;
  for (const t of plan.tasks) emit({ kind: 'agent.finished', taskId: t.id, outcome: 'done', reason: 'finished', summary: 'ok' });
  emit({ kind: 'run.finished', outcome: 'done' });
  return events;
}
