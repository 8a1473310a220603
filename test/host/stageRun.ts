// Stages a real run for review tests: the engine with the real SDK against the fake Messages API,
// writing its log and blobs to `<runsDir>/<runId>/` exactly as a run in the extension does. Each
// agent's turns are routed by its task id. Used by the in-host suite and the end-to-end tests.
import { createModelClient } from '../../src/core/model/modelClient';
import { join } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../../src/core/defaults';
import { newRunId, startRun } from '../../src/core/run/engine';
import type { RunHandle, RunOptions } from '../../src/core/run/engineTypes';
import type { Phase, TaskSpec } from '../../src/core/plan/plan';
import type { RunState } from '../../src/core/run/runState';
import { reply, startFakeMessagesApi, toolUse, type JsonObject, type Route, type TurnSource } from '../fake/messagesServer';
import { requireValidPlan } from '../../src/core/plan/planCheck';

/** One tool call an agent makes in a model turn. */
export interface ToolCall {
  readonly tool: string;
  readonly input: JsonObject;
}

export interface ScriptedAgent {
  readonly id: string;
  readonly title: string;
  readonly phase?: Phase;
  readonly owns?: readonly string[];
  /** Tool calls in order, one per model turn; `finish` is added at the end. */
  readonly calls: readonly ToolCall[];
}

export interface StagedRun {
  readonly runId: string;
  readonly dir: string;
  readonly state: RunState;
}

export const writeFile = (path: string, content: string): ToolCall => ({ tool: 'write_file', input: { path, content } });
export const editFile = (path: string, oldText: string, newText: string): ToolCall => ({
  tool: 'edit_file',
  input: { path, old_text: oldText, new_text: newText },
});
export const deleteFile = (path: string): ToolCall => ({ tool: 'delete_file', input: { path } });
export const reportFinding = (severity: 'error' | 'warning' | 'info', message: string, path: string, line: number): ToolCall => ({
  tool: 'report_finding',
  input: { severity, message, path, line },
});

function task(agent: ScriptedAgent): TaskSpec {
  const phase = agent.phase ?? 'implement';
  return {
    id: agent.id,
    title: agent.title,
    phase,
    role: agent.title,
    instructions: `Do the ${agent.title} part.`,
    owns: phase === 'validate' ? [] : (agent.owns ?? agent.calls.map((c) => String(c.input.path))),
    reads: [],
    dependsOn: [],
  };
}

/** The engine's options of a run, given its id and folder. */
export type BuildRun = (run: { readonly runId: string; readonly runDir: string }) => RunOptions;

export interface StageOptions {
  readonly workspaceRoot: string;
  readonly runsDir: string;
  readonly request: string;
  readonly agents: readonly ScriptedAgent[];
  /** Starts the engine (the window's runs service, for a run live in the window); default: the engine in `<runsDir>/<runId>`. */
  readonly start?: (build: BuildRun) => RunHandle;
  /** Holds every agent's last turn (its finish) until it resolves. */
  readonly gate?: Promise<void>;
}

export interface LiveStagedRun {
  readonly runId: string;
  readonly handle: RunHandle;
  /** The run as written, once it ended. */
  readonly finished: Promise<StagedRun>;
}

/** Starts the agents and returns while they work. */
export async function startStagedRun(options: StageOptions): Promise<LiveStagedRun> {
  const gate = options.gate;
  const routes: Route[] = options.agents.map((agent) => {
    const finish = reply([toolUse('finish', { summary: `${agent.title} done.` })]);
    const last: TurnSource = gate ? async () => gate.then(() => finish) : finish;
    const turns: TurnSource[] = [...agent.calls.map((c) => reply([toolUse(c.tool, c.input)])), last];
    return { name: agent.id, match: `Task id: ${agent.id}\n`, turns };
  });
  const api = await startFakeMessagesApi({ routes });
  const build: BuildRun = ({ runId, runDir }) => ({
    plan: requireValidPlan(
      { id: `plan-${runId}`, request: options.request, route: 'complex', tasks: options.agents.map(task), lint: [] },
      options.workspaceRoot,
    ),
    runId,
    runDir,
    workspaceRoot: options.workspaceRoot,
    client: createModelClient({ apiKey: 'test-key', baseURL: api.baseURL, maxRetries: 0 }),
    models: { agent: 'claude-test', validator: 'claude-test' },
    maxConcurrency: 4,
    budgets: DEFAULT_BUDGETS,
    prices: {},
    retry: { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 20 },
  });
  const start =
    options.start ??
    ((b: BuildRun) => {
      const runId = newRunId();
      return startRun(b({ runId, runDir: join(options.runsDir, runId) }));
    });
  let handle: RunHandle;
  try {
    handle = start(build);
  } catch (error) {
    await api.close();
    throw error;
  }
  const finished = handle.done.then(async (state) => {
    await api.close();
    if (state.status !== 'done') {
      const agents = Object.values(state.agents).map((a) => `${a.taskId}: ${a.status} ${a.message ?? ''}`);
      throw new Error(`The staged run ended ${state.status}: ${state.message ?? ''} ${agents.join('; ')}`);
    }
    return { runId: handle.runId, dir: join(options.runsDir, handle.runId), state };
  });
  return { runId: handle.runId, handle, finished };
}

/** Runs the agents to the end and returns the run as written to `<runsDir>/<runId>`. */
export async function stageRun(options: StageOptions): Promise<StagedRun> {
  return (await startStagedRun(options)).finished;
}
