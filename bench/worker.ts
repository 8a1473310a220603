/**
 * Runs ONE scenario in a fresh process (started by `bench/run.ts`), so its CPU and RSS are not
 * inflated by earlier scenarios:
 *
 *   node --import tsx bench/worker.ts <scenario> [--delay <eventDelayMs>] [--rotate <n>]
 *
 * It starts the fake server (its own process) with routes for everything below, then: every warm-up
 * (excluded: tsx transpiles on load and the JIT is cold), then three measured runs, each from a
 * collected heap, in the order `--rotate` gives: the engine (CPU, RSS, wall), the SDK floor and the
 * tools floor (`floor.ts`); `review-4` runs its own runs instead
 * (`review.ts`: warm-up, the reviewers side by side, then one after another). Prints one line `BENCH_RESULT <json>`; exits
 * non-zero when any run did not end `done` or anything crashed. BENCH_CPU_PROFILE=<file> writes a CPU
 * profile of exactly the measured engine run, BENCH_FLOOR_CPU_PROFILE=<file> one of the measured floor.
 */
import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { lowerBoundMs } from '../src/core/plan/dag';
import { computeMetrics } from '../src/core/run/metrics';
import { runSdkFloor } from './floor';
import { runReviewScenarioInProcess } from './review';
import { REVIEW_SCENARIO_NAME } from './reviewScenario';
import { processCpuMs, startMeter } from './measure';
import {
  assertDone,
  collectGarbage,
  loopFields,
  makeWorkspace,
  MEASURED_PREFIXES,
  MEASURED_RUNS,
  once,
  prepareEngine,
  rotated,
  runEngine,
  startProfiler,
} from './workerSteps';
import { round } from './stats';
import type { EngineScenarioResult, ScenarioEntry } from './report';
import { buildScenario, DEFAULT_EVENT_DELAY_MS, findScenario, PLAIN_MODEL, RESULT_MARKER, type BuiltScenario, type ScenarioSpec } from './scenarios';
import { buildScriptFile, scriptedDurationMs, type StreamSettings } from './scripts';
import { startFakeServer } from './server';
import { agentGaps, checkFrames, serverDurations } from './timings';

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

/** The lower bound on a run's wall time from its own scripts (each configuration has its own). */
function boundOf(scenario: BuiltScenario, settings: StreamSettings): { boundMs: number; criticalPathMs: number } {
  const durations = new Map(scenario.scripts.map((s) => [s.taskId, scriptedDurationMs(s, settings)]));
  return lowerBoundMs(scenario.plan, (id) => durations.get(id) ?? 0, scenario.spec.maxConcurrency);
}

export async function runScenarioInProcess(spec: ScenarioSpec, eventDelayMs: number, rotation = 0): Promise<EngineScenarioResult> {
  const settings: StreamSettings = { eventDelayMs, deltaChars: DELTA_CHARS, pings: PINGS };
  const warmupSpecs = warmupsFor(spec);
  const warmups = warmupSpecs.map((w) => buildScenario(w, `${w.name}-`, WARMUP_DELAY_MS));
  // The SDK floor gets its own warm-up (its code and first connections), on its own routes, shaped like the scenario.
  const floorWarmup = buildScenario(warmupSpecs[warmupSpecs.length - 1] as ScenarioSpec, 'fw-', WARMUP_DELAY_MS);
  const eventLoopResolutionMs = spec.stream === 'realistic' ? EVENT_LOOP_RESOLUTION_MS : undefined;
  // The three measured runs' scripts differ only in a prefix of one length (`MEASURED_PREFIXES`): the
  // task ids are in the files' paths and content, so a longer one would stream more frames.
  const built = buildScenario(spec, MEASURED_PREFIXES.engine);
  const floor = buildScenario(spec, MEASURED_PREFIXES.sdk);
  const toolsWarmup = buildScenario(warmupSpecs[warmupSpecs.length - 1] as ScenarioSpec, 'tw-', WARMUP_DELAY_MS);
  const toolsFloor = buildScenario(spec, MEASURED_PREFIXES.tools);
  const allScripts = [
    ...warmups.flatMap((w) => w.scripts),
    ...built.scripts,
    ...floorWarmup.scripts,
    ...floor.scripts,
    ...toolsWarmup.scripts,
    ...toolsFloor.scripts,
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
    const runs = {
      engine: once(async () => {
        const inputs = await prepareEngine(built, server.baseURL);
        dirs.push(inputs.root, inputs.runDir);
        const profiler = await startProfiler(process.env.BENCH_CPU_PROFILE);
        const load1 = loadavg()[0] ?? 0;
        const serverCpu0 = processCpuMs(server.pid);
        const meter = startMeter({ eventLoopResolutionMs });
        const outcome = await runEngine(inputs);
        const measured = meter.stop();
        const serverCpu1 = processCpuMs(server.pid);
        await profiler?.();
        assertDone(spec.name, outcome.state);
        return { outcome, measured, load1, serverCpuMs: serverCpu0 === undefined || serverCpu1 === undefined ? null : serverCpu1 - serverCpu0 };
      }),
      sdk: once(async () => {
        const floorProfiler = await startProfiler(process.env.BENCH_FLOOR_CPU_PROFILE);
        const result = await runSdkFloor(floor.plan, server.baseURL, { model: spec.model, maxConcurrency: spec.maxConcurrency, eventLoopResolutionMs });
        await floorProfiler?.();
        return result;
      }),
      tools: once(() => runSdkFloor(toolsFloor.plan, server.baseURL, { model: spec.model, maxConcurrency: spec.maxConcurrency, toolWork })),
    };
    // The three measured runs go in a rotated order (`rotation`, the repeat's index), so over the repeats
    // each one runs first, second and third once: no run is always the first or the last in the process.
    const order = rotated(MEASURED_RUNS, rotation);
    for (const name of order) {
      // Each starts from a collected heap (the worker runs with --expose-gc): none pays for another's garbage.
      collectGarbage();
      await runs[name]();
    }
    const [engine, sdkFloor, toolsFloorRun] = await Promise.all([runs.engine(), runs.sdk(), runs.tools()]);
    const { outcome, measured, load1 } = engine;
    const log = await server.stop();

    const { state } = outcome;
    const scripted = new Map(built.scripts.map((s) => [s.taskId, scriptedDurationMs(s, settings)]));
    const metrics = computeMetrics(state);
    const wallMs = (state.finishedAt ?? 0) - (state.startedAt ?? 0);
    const { boundMs, criticalPathMs } = boundOf(built, settings);
    const floorBoundMs = boundOf(floor, settings).boundMs;
    const toolsBoundMs = boundOf(toolsFloor, settings).boundMs;
    const fromServer = serverDurations(log, built.scripts);
    const serverBound = lowerBoundMs(built.plan, (id) => fromServer.get(id) ?? 0, spec.maxConcurrency);
    const turns = Object.values(state.agents).reduce((a, agent) => a + agent.turns, 0);
    if (sdkFloor.turns !== turns || toolsFloorRun.turns !== turns)
      throw new Error(`the SDK floors made ${sdkFloor.turns} and ${toolsFloorRun.turns} turns, the engine ${turns}: not the same conversations`);
    const cpuMsPerTurn = measured.cpuMs / turns;
    const efficiency = boundMs / wallMs;
    const floorEfficiency = floorBoundMs / sdkFloor.wallMs;
    return {
      name: spec.name,
      kind: spec.kind,
      stream: spec.stream,
      model: spec.model,
      agents: spec.agents,
      maxConcurrency: spec.maxConcurrency,
      wallMs,
      boundMs,
      efficiency: round(efficiency, 4),
      speedup: round(metrics.serialMs / wallMs, 3),
      cpuMsPerTurn: round(cpuMsPerTurn, 3),
      cpuShareOfCore: round(measured.cpuShareOfCore, 4),
      peakRssMb: round(measured.peakRssMb, 1),
      cpuRatio: round(cpuMsPerTurn / sdkFloor.cpuMsPerTurn, 3),
      efficiencyDelta: round(efficiency - floorEfficiency, 4),
      ...loopFields(measured.eventLoop),
      sdkFloor: {
        wallMs: sdkFloor.wallMs,
        boundMs: floorBoundMs,
        efficiency: round(floorEfficiency, 4),
        speedup: round(sdkFloor.serialMs / sdkFloor.wallMs, 3),
        cpuMsPerTurn: round(sdkFloor.cpuMsPerTurn, 3),
        cpuShareOfCore: round(sdkFloor.cpuShareOfCore, 4),
        peakRssMb: round(sdkFloor.peakRssMb, 1),
        ...loopFields(sdkFloor.eventLoop),
        turns: sdkFloor.turns,
        serialMs: sdkFloor.serialMs,
        cpuMs: round(sdkFloor.cpuMs, 1),
        involuntaryContextSwitches: sdkFloor.involuntaryContextSwitches,
        threadCpuMs: sdkFloor.threadCpuMs,
      },
      cpuRatioVsTools: round(cpuMsPerTurn / toolsFloorRun.cpuMsPerTurn, 3),
      sdkToolsFloor: {
        wallMs: toolsFloorRun.wallMs,
        boundMs: toolsBoundMs,
        efficiency: round(toolsBoundMs / toolsFloorRun.wallMs, 4),
        cpuMsPerTurn: round(toolsFloorRun.cpuMsPerTurn, 3),
        cpuShareOfCore: round(toolsFloorRun.cpuShareOfCore, 4),
        peakRssMb: round(toolsFloorRun.peakRssMb, 1),
        threadCpuMs: toolsFloorRun.threadCpuMs,
      },
      // Extras.
      outcome: state.status,
      eventDelayMs,
      doneMs: round(outcome.doneMs, 1),
      criticalPathMs,
      serialMs: metrics.serialMs,
      scriptedSerialMs: [...scripted.values()].reduce((a, b) => a + b, 0),
      metricsBoundMs: metrics.boundMs,
      serverBoundMs: serverBound.boundMs,
      efficiencyVsServerBound: round(serverBound.boundMs / wallMs, 4),
      turns,
      events: outcome.events,
      eventsPerTurn: round(outcome.events / turns, 2),
      cpuMs: round(measured.cpuMs, 1),
      involuntaryContextSwitches: measured.involuntaryContextSwitches,
      cpuUserMs: round(measured.cpuUserMs, 1),
      cpuSystemMs: round(measured.cpuSystemMs, 1),
      startRssMb: round(measured.startRssMb, 1),
      maxRssMb: round(measured.maxRssMb, 1),
      rssMethod: measured.rssMethod,
      threadCpuMs: measured.threadCpuMs,
      serverCpuMs: engine.serverCpuMs,
      measuredOrder: order.join(','),
      loadAvg1: round(load1, 2),
      engineOwnCpuMsPerTurn: round(measured.cpuMs / turns - sdkFloor.cpuMsPerTurn, 3),
      frameCheck: checkFrames(log, built.scripts, settings),
      gaps: agentGaps(state, log, built.scripts),
    };
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
