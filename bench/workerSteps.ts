/**
 * The steps a bench worker (`worker.ts`) measures with: a scratch workspace, one engine run against
 * the fake, its end checked, a CPU profile of a measured window, a collected heap, the order of the
 * measured runs, and the rounding of the figures it reports.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { createModelClient } from '../src/core/model/modelClient';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../src/core/defaults';
import { startRun } from '../src/core/run/engine';
import type { RunState } from '../src/core/run/runState';
import { requireValidPlan, type ValidatedPlan } from '../src/core/plan/planCheck';
import type { EventLoopDelay } from './measure';
import type { JsonValue } from './report';
import type { BuiltScenario } from './scenarios';
import { BENCH_EFFORT, BENCH_MAX_TOKENS } from './shape';
import { round } from './stats';
import { definedFields } from '../src/core/definedFields';
import type { Toolbox } from '../src/core/workspace/tools/toolTypes';
import { WORKSPACE_FILES } from './scripts';

export interface RunOutcome {
  readonly state: RunState;
  readonly events: number;
  /** startRun() -> handle.done resolved (includes closing the run log). */
  readonly doneMs: number;
}

export async function makeWorkspace(): Promise<{ root: string; runDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'fanout-bench-ws-'));
  for (const [path, content] of Object.entries(WORKSPACE_FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return { root, runDir: await mkdtemp(join(tmpdir(), 'fanout-bench-run-')) };
}

/** What an engine run is given, made before its measured window: the floor's client is made before its window too. */
export interface EngineInputs {
  readonly built: BuiltScenario;
  readonly plan: ValidatedPlan;
  readonly client: Anthropic;
  readonly root: string;
  readonly runDir: string;
}

/**
 * A scratch workspace and run folder, the scenario's plan checked against it and a client: what the
 * extension has in hand when the user starts a run (the plan was checked when it was proposed).
 */
export async function prepareEngine(built: BuiltScenario, baseURL: string): Promise<EngineInputs> {
  const { root, runDir } = await makeWorkspace();
  return { built, plan: requireValidPlan(built.plan, root), client: createModelClient({ apiKey: 'bench', baseURL }), root, runDir };
}

/**
 * One engine run, `startRun` until its `done` settles. With `core` (`engineCore.ts`), the engine's
 * core: no run folder and the given tools.
 */
export async function runEngine(inputs: EngineInputs, core?: { readonly toolbox: Toolbox }): Promise<RunOutcome> {
  let events = 0;
  const t0 = performance.now();
  const handle = startRun({
    plan: inputs.plan,
    workspaceRoot: inputs.root,
    client: inputs.client,
    models: { agent: inputs.built.spec.model, validator: inputs.built.spec.model },
    effort: BENCH_EFFORT,
    maxOutputTokens: BENCH_MAX_TOKENS,
    maxConcurrency: inputs.built.spec.maxConcurrency,
    budgets: DEFAULT_BUDGETS,
    prices: {},
    retry: DEFAULT_RETRY,
    ...definedFields({ runDir: core === undefined ? inputs.runDir : undefined, toolbox: core?.toolbox }),
    onEvent: () => {
      events += 1;
    },
  });
  const state = await handle.done;
  return { state, events, doneMs: performance.now() - t0 };
}

export function assertDone(label: string, state: RunState): void {
  if (state.status === 'done') return;
  const bad = Object.values(state.agents)
    .filter((a) => a.status !== 'done')
    .map((a) => `${a.taskId}: ${a.status} ${a.reason ?? ''} ${a.message ?? ''}`.trim());
  throw new Error(`${label} ended ${state.status}: ${state.message ?? ''}\n  ${bad.join('\n  ')}`);
}

/** With BENCH_CPU_PROFILE=<file.cpuprofile>, profiles exactly the measured window (not the warm-up). */
export async function startProfiler(path: string | undefined): Promise<(() => Promise<void>) | undefined> {
  if (path === undefined || path === '') return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(path, JSON.stringify(profile));
    session.disconnect();
  };
}

/** The event-loop figures of a run that watched them (none otherwise). */
export function loopFields(loop: EventLoopDelay | undefined): Record<string, JsonValue> {
  if (loop === undefined) return {};
  return {
    eventLoopP50Ms: round(loop.p50Ms, 2),
    eventLoopP99Ms: round(loop.p99Ms, 2),
    eventLoopMaxMs: round(loop.maxMs, 2),
    eventLoopMeanMs: round(loop.meanMs, 2),
    eventLoopMaxOnCpuMs: round(loop.maxOnCpuMs, 2),
    eventLoopLongestStalls: loop.longestStalls.map((s) => ({ ...s })),
    eventLoopResolutionMs: loop.resolutionMs,
    eventLoopSamples: loop.samples,
  };
}

/** A full collection when the process allows it (`--expose-gc`, as `bench/run.ts` starts workers). */
export function collectGarbage(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') gc();
}

/**
 * The route prefix of a measured configuration's scripts in a round (a worker's or `bench:pairs`'s):
 * the configuration's first letter and the round's number, one length for all, so their task ids,
 * paths and file contents are as long and their streams have as many frames (`bench.test.ts` checks
 * it). The configurations measured side by side must differ in their first letter.
 */
export function measuredPrefix(configuration: string, round: number): string {
  return `${configuration.charAt(0)}${String(round).padStart(3, '0')}-`;
}

/** The runs a worker measures in one process, in the order of `--rotate 0`. */
export const MEASURED_RUNS = ['engine', 'sdk', 'tools'] as const;

export type MeasuredRun = (typeof MEASURED_RUNS)[number];

/** `items` rotated left by `by` places. */
export function rotated<T>(items: readonly T[], by: number): T[] {
  const k = ((by % items.length) + items.length) % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
