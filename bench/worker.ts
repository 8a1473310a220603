/**
 * Runs ONE scenario in a fresh process (started by `bench/run.ts`), so its CPU and RSS are not
 * inflated by earlier scenarios:
 *
 *   node --import tsx bench/worker.ts <scenario> [--delay <eventDelayMs>] [--rotate <n>]
 *
 * It starts the fake server (its own process) with routes for everything below, then: every warm-up
 * (excluded: tsx transpiles on load and the JIT is cold), then rounds of three measured runs, each
 * from a collected heap, in the order `--rotate` and the round give: the engine (CPU, RSS, wall), the
 * SDK floor and the tools floor (`floor.ts`). There are as many rounds as a configuration needs to
 * make `MIN_MEASURED_TURNS` turns (`rounds.ts`), and its figures are the sums over them
 * (`scenarioResult.ts`); `review-4` runs its own runs instead
 * (`review.ts`: warm-up, the reviewers side by side, then one after another). Prints one line `BENCH_RESULT <json>`; exits
 * non-zero when any run did not end `done` or anything crashed. BENCH_CPU_PROFILE=<file> writes a CPU
 * profile of exactly the first round's engine run, BENCH_FLOOR_CPU_PROFILE=<file> one of its SDK floor.
 */
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { runSdkFloor, type FloorResult } from './floor';
import { runReviewScenarioInProcess } from './review';
import { REVIEW_SCENARIO_NAME } from './reviewScenario';
import { processCpuMs, startMeter } from './measure';
import type { EngineScenarioResult, ScenarioEntry } from './report';
import { roundsFor } from './rounds';
import { scenarioResult, type EngineRun } from './scenarioResult';
import { buildScenario, DEFAULT_EVENT_DELAY_MS, findScenario, PLAIN_MODEL, RESULT_MARKER, type BuiltScenario, type ScenarioSpec } from './scenarios';
import { buildScriptFile, type StreamSettings } from './scripts';
import { startFakeServer } from './server';
import {
  assertDone,
  collectGarbage,
  makeWorkspace,
  MEASURED_RUNS,
  measuredPrefix,
  prepareEngine,
  rotated,
  runEngine,
  startProfiler,
  type MeasuredRun,
} from './workerSteps';

/** Characters per delta frame and pings: the fake's defaults, written into the script file. */
const DELTA_CHARS = 16;
const PINGS = true;
/** The warm-up streams with 1 ms per frame: the same code paths, over quickly. */
const WARMUP_DELAY_MS = 1;
const WARMUP: readonly ScenarioSpec[] = [
  { name: 'warmup-dag', kind: 'dag', agents: 9, maxConcurrency: 8, model: PLAIN_MODEL, stream: 'plain' },
  { name: 'warmup-independent', kind: 'independent', agents: 8, maxConcurrency: 8, model: PLAIN_MODEL, stream: 'plain' },
];
/** Resolution of the event-loop delay monitor, in the scenarios that watch it (realistic streams). */
const EVENT_LOOP_RESOLUTION_MS = 10;

/**
 * The warm-ups before a scenario: the plain ones, then one shaped like the scenario (its model and
 * streams) with as many agents at once as it runs. The last one also leaves that many idle keep-alive
 * connections in the pool, so the measured engine run and the SDK floor (which runs the same warm-up
 * before it) both start with the connections they need instead of one of them paying for new ones.
 */
function warmupsFor(spec: ScenarioSpec): ScenarioSpec[] {
  const parallel = Math.max(8, Math.min(spec.agents, spec.maxConcurrency));
  const own: ScenarioSpec = { name: 'warmup-own', kind: 'independent', agents: parallel, maxConcurrency: parallel, model: spec.model, stream: spec.stream };
  return [...WARMUP, own];
}

export async function runScenarioInProcess(spec: ScenarioSpec, eventDelayMs: number, rotation = 0): Promise<EngineScenarioResult> {
  const settings: StreamSettings = { eventDelayMs, deltaChars: DELTA_CHARS, pings: PINGS };
  const warmupSpecs = warmupsFor(spec);
  const warmups = warmupSpecs.map((w) => buildScenario(w, `${w.name}-`, WARMUP_DELAY_MS));
  const ownWarmup = warmupSpecs[warmupSpecs.length - 1] as ScenarioSpec;
  // The floors get their own warm-ups (their code and first connections), on their own routes, shaped like the scenario.
  const floorWarmup = buildScenario(ownWarmup, 'fw-', WARMUP_DELAY_MS);
  const toolsWarmup = buildScenario(ownWarmup, 'tw-', WARMUP_DELAY_MS);
  const eventLoopResolutionMs = spec.stream === 'realistic' ? EVENT_LOOP_RESOLUTION_MS : undefined;
  // Each configuration's scripts for each round (`rounds.ts`), prefixed by `measuredPrefix`: one
  // length for all, since the task ids are in the files' paths and content.
  const turnsPerRun = buildScenario(spec).scripts.reduce((sum, script) => sum + script.turns.length, 0);
  const rounds = roundsFor(turnsPerRun);
  const scenarios = Object.fromEntries(
    MEASURED_RUNS.map((run) => [run, Array.from({ length: rounds }, (_, round) => buildScenario(spec, measuredPrefix(run, round)))]),
  ) as Record<MeasuredRun, BuiltScenario[]>;
  const allScripts = [
    ...warmups.flatMap((w) => w.scripts),
    ...floorWarmup.scripts,
    ...toolsWarmup.scripts,
    ...MEASURED_RUNS.flatMap((run) => scenarios[run].flatMap((b) => b.scripts)),
  ];
  const server = await startFakeServer(buildScriptFile(allScripts, settings));
  const dirs: string[] = [];
  try {
    // Every warm-up before any measured run: the SDK's and Node's code is shared by all three, so a
    // measured run after another one's warm-up would otherwise find it hotter than the first did.
    for (const warm of warmups) {
      const inputs = await prepareEngine(warm, server.baseURL);
      dirs.push(inputs.root, inputs.runDir);
      assertDone(warm.spec.name, (await runEngine(inputs)).state);
    }
    await runSdkFloor(floorWarmup.plan, server.baseURL, { model: floorWarmup.spec.model, maxConcurrency: floorWarmup.spec.maxConcurrency });
    const tools = await makeWorkspace();
    dirs.push(tools.root, tools.runDir);
    const toolWork = { root: tools.root, scratch: tools.runDir };
    await runSdkFloor(toolsWarmup.plan, server.baseURL, { model: toolsWarmup.spec.model, maxConcurrency: toolsWarmup.spec.maxConcurrency, toolWork });

    const engineRuns: EngineRun[] = [];
    const floorRuns: Record<'sdk' | 'tools', FloorResult[]> = { sdk: [], tools: [] };
    const measure: Record<MeasuredRun, (round: number) => Promise<void>> = {
      engine: async (round) => {
        const inputs = await prepareEngine(scenarios.engine[round] as BuiltScenario, server.baseURL);
        dirs.push(inputs.root, inputs.runDir);
        const profiler = round === 0 ? await startProfiler(process.env.BENCH_CPU_PROFILE) : undefined;
        const load1 = loadavg()[0] ?? 0;
        const serverCpu0 = processCpuMs(server.pid);
        const meter = startMeter({ eventLoopResolutionMs });
        const outcome = await runEngine(inputs);
        const measured = meter.stop();
        const serverCpu1 = processCpuMs(server.pid);
        await profiler?.();
        assertDone(spec.name, outcome.state);
        engineRuns.push({ outcome, measured, load1, serverCpuMs: serverCpu0 === undefined || serverCpu1 === undefined ? null : serverCpu1 - serverCpu0 });
      },
      sdk: async (round) => {
        const profiler = round === 0 ? await startProfiler(process.env.BENCH_FLOOR_CPU_PROFILE) : undefined;
        const floor = scenarios.sdk[round] as BuiltScenario;
        floorRuns.sdk.push(await runSdkFloor(floor.plan, server.baseURL, { model: spec.model, maxConcurrency: spec.maxConcurrency, eventLoopResolutionMs }));
        await profiler?.();
      },
      tools: async (round) => {
        const floor = scenarios.tools[round] as BuiltScenario;
        floorRuns.tools.push(await runSdkFloor(floor.plan, server.baseURL, { model: spec.model, maxConcurrency: spec.maxConcurrency, toolWork }));
      },
    };
    // Each round runs the three in a rotated order (the repeat's index plus the round's), so none is
    // always the first or the last in the process.
    const orders: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const order = rotated(MEASURED_RUNS, rotation + round);
      orders.push(order.join(','));
      for (const name of order) {
        // Each starts from a collected heap (the worker runs with --expose-gc): none pays for another's garbage.
        collectGarbage();
        await measure[name](round);
      }
    }
    const log = await server.stop();
    return scenarioResult({ spec, settings, scenarios, engineRuns, floorRuns, log, orders });
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  } finally {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--delay' && args[i - 1] !== '--rotate');
  if (name === undefined) throw new Error('usage: worker.ts <scenario> [--delay <ms>] [--rotate <n>]');
  const rotationAt = args.indexOf('--rotate');
  const rotation = rotationAt >= 0 ? Number(args[rotationAt + 1]) : 0;
  if (!Number.isInteger(rotation) || rotation < 0) throw new Error(`--rotate must be a whole number, not ${args[rotationAt + 1]}`);
  const delayAt = args.indexOf('--delay');
  const delay = delayAt >= 0 ? Number(args[delayAt + 1]) : DEFAULT_EVENT_DELAY_MS;
  if (!Number.isInteger(delay) || delay < 1) throw new Error(`--delay must be a positive integer, not ${args[delayAt + 1]}`);
  // review-4 has its own plan, runs and figures (review.ts); it paces its reviewers itself.
  const result: ScenarioEntry =
    name === REVIEW_SCENARIO_NAME ? await runReviewScenarioInProcess() : await runScenarioInProcess(findScenario(name), delay, rotation);
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
