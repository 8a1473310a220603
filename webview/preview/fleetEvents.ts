/**
 * Builders for the preview runs' events (tasks, turns with their cost, tool calls, staged files) and the
 * fold that turns a timeline of them into a run's state, as the sidebar folds run events.
 */
import type { RunEvent, RunEventBody } from '../../src/core/run/events';
import type { TaskSpec } from '../../src/core/plan/plan';
import type { TokenUsage } from '../../src/core/model/usage';
import { initialRunState, reduceRunEvent, type RunState } from '../../src/core/run/runState';

export const MODEL = 'claude-sonnet-5-5';

/** Event bodies with their time, in ms after the run's start. */
export type Timeline = readonly (readonly [number, RunEventBody])[];

export function task(id: string, role: string, title: string, phase: TaskSpec['phase'], owns: string[], dependsOn: string[] = []): TaskSpec {
  return { id, role, title, phase, owns, dependsOn, reads: [], instructions: `${title}.` };
}

/** Cost of one turn at Sonnet prices ($3 / $15 per million, cache write 1.25×, read 0.1× input). */
export function usage(taskId: string, turn: number, input: number, output: number, cacheRead: number, cacheWrite = 0): RunEventBody {
  const u: TokenUsage = { input, output, cacheRead, cacheWrite };
  const costUsd = (u.input * 3 + u.output * 15 + u.cacheWrite * 3.75 + u.cacheRead * 0.3) / 1_000_000;
  return { kind: 'agent.usage', taskId, model: MODEL, turn, usage: u, costUsd, cacheSavingsUsd: (cacheRead * (3 - 0.3)) / 1_000_000 };
}

const TOOLS = { read: 'read_file', write: 'write_file', edit: 'edit_file', delete: 'delete_file' } as const;

/** A tool-call builder whose tool_use ids are `<idPrefix>1`, `<idPrefix>2`, … in the order it is called. */
export function toolCalls(idPrefix: string): (taskId: string, verb: keyof typeof TOOLS, path: string) => RunEventBody {
  let calls = 0;
  return (taskId, verb, path) => {
    calls += 1;
    return { kind: 'agent.toolCall', taskId, toolUseId: `${idPrefix}${calls}`, tool: TOOLS[verb], path, summary: `${verb} ${path}` };
  };
}

export function staged(taskId: string, path: string, change: 'create' | 'modify', bytes: number): RunEventBody {
  return { kind: 'file.staged', taskId, path, change, baseHash: change === 'create' ? null : `base-${path}`, proposedHash: `new-${path}`, bytes };
}

export const started = (taskId: string): RunEventBody => ({ kind: 'agent.started', taskId, model: MODEL, attempt: 1 });
export const text = (taskId: string, t: string): RunEventBody => ({ kind: 'agent.text', taskId, text: t, source: 'thinking' });

/** Folds timed event bodies into a run's state. */
export function fold(runId: string, t0: number, timeline: Timeline): RunState {
  const events: RunEvent[] = timeline.map(([ms, body], i) => ({ ...body, runId, seq: i + 1, at: t0 + ms }));
  return events.reduce(reduceRunEvent, initialRunState(runId));
}
