/** Shared fixtures for the core tests: temp workspaces, tasks and plans, tool contexts. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { StagingView } from '../../../src/core/workspace/stagingTypes';
import type { ToolContext } from '../../../src/core/workspace/tools/toolTypes';
import type { RunEventBody } from '../../../src/core/run/events';
import type { Phase, Plan, TaskSpec } from '../../../src/core/plan/plan';

export interface TempWorkspace {
  readonly root: string;
  write(rel: string, content: string | Buffer): Promise<void>;
  remove(): Promise<void>;
}

/** A fresh folder under the OS temp dir; call `remove()` in `afterEach`. */
export async function tempWorkspace(prefix = 'fanout-core-'): Promise<TempWorkspace> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  return {
    root,
    async write(rel, content) {
      const abs = join(root, rel);
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, content);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export function task(id: string, phase: Phase, owns: readonly string[] = [], dependsOn: readonly string[] = []): TaskSpec {
  return { id, title: `Task ${id}`, phase, role: 'Test', instructions: 'Do it.', owns, reads: [], dependsOn };
}

export function plan(...tasks: TaskSpec[]): Plan {
  return { id: 'plan-1', request: 'Add a feature', route: 'complex', tasks, lint: [] };
}

export interface RecordingContext extends ToolContext {
  readonly events: RunEventBody[];
}

export function toolContext(
  root: string,
  currentTask: TaskSpec,
  currentPlan: Plan,
  view: StagingView,
  signal = new AbortController().signal,
): RecordingContext {
  const events: RunEventBody[] = [];
  return { task: currentTask, plan: currentPlan, workspaceRoot: root, view, emit: (body) => events.push(body), signal, events };
}

/** A value a suite's hooks set for each test (`suite` names the suite); throws when read outside a test. */
export function setUpFor<T>(suite: string, value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${suite}: ${name} is set up only inside a test`);
  return value;
}
