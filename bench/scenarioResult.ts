/**
 * A bench worker's result for one engine scenario (`worker.ts`): the engine's rounds and the floors'
 * pooled (`rounds.ts`) into the judged figures, against the floors measured beside them, and the
 * first round's run described in detail (its events, frames, gaps and the server's timings).
 */
import { definedFields } from '../src/core/definedFields';
import type { LoggedRequest } from '../src/fakeApi/script';
import { lowerBoundMs } from '../src/core/plan/dag';
import { computeMetrics } from '../src/core/run/metrics';
import type { RunState } from '../src/core/run/runState';
import type { FloorResult } from './floor';
import type { EventLoopDelay, Measurement } from './measure';
import type { EngineScenarioResult } from './report';
import { poolRuns, type RunSample } from './rounds';
import type { BuiltScenario, ScenarioSpec } from './scenarios';
import { scriptedDurationMs, type StreamSettings } from './scripts';
import { round } from './stats';
import { agentGaps, checkFrames, serverDurations } from './timings';
import { loopFields, type MeasuredRun, type RunOutcome } from './workerSteps';

/** One measured engine run. */
export interface EngineRun {
  readonly outcome: RunOutcome;
  readonly measured: Measurement;
  /** The 1-minute load average when it started. */
  readonly load1: number;
  /** CPU the fake server used meanwhile, ms; null where it cannot be read. */
  readonly serverCpuMs: number | null;
}

export interface ScenarioRuns {
  readonly spec: ScenarioSpec;
  readonly settings: StreamSettings;
  /** Each configuration's scripts, by round. */
  readonly scenarios: Readonly<Record<MeasuredRun, readonly BuiltScenario[]>>;
  readonly engineRuns: readonly EngineRun[];
  readonly floorRuns: Readonly<Record<'sdk' | 'tools', readonly FloorResult[]>>;
  /** The fake server's request log of the whole worker. */
  readonly log: readonly LoggedRequest[];
  /** Each round's order of the measured runs. */
  readonly orders: readonly string[];
}

/** The lower bound on a run's wall time from its own scripts (each configuration has its own). */
function boundOf(scenario: BuiltScenario, settings: StreamSettings): { boundMs: number; criticalPathMs: number } {
  const durations = new Map(scenario.scripts.map((s) => [s.taskId, scriptedDurationMs(s, settings)]));
  return lowerBoundMs(scenario.plan, (id) => durations.get(id) ?? 0, scenario.spec.maxConcurrency);
}

/** The worst event-loop figures of any round (only the realistic streams watch them; they run once). */
function worstLoop(loops: readonly (EventLoopDelay | undefined)[]): EventLoopDelay | undefined {
  return loops.reduce<EventLoopDelay | undefined>(
    (worst, next) => (next !== undefined && (worst === undefined || next.p99Ms > worst.p99Ms) ? next : worst),
    undefined,
  );
}

/** The engine run's wall time, from its own events. */
function wallOf(state: RunState): number {
  return (state.finishedAt ?? 0) - (state.startedAt ?? 0);
}

function turnsOf(state: RunState): number {
  return Object.values(state.agents).reduce((sum, agent) => sum + agent.turns, 0);
}

function nth<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no ${what} for round ${index}`);
  return item;
}

/** CPU ms per thread name, summed over the rounds. */
function threadSums(all: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const threads of all) for (const [name, ms] of Object.entries(threads)) sums[name] = (sums[name] ?? 0) + ms;
  return sums;
}

function floorSamples(runs: readonly FloorResult[], scenarios: readonly BuiltScenario[], settings: StreamSettings): RunSample[] {
  return runs.map((run, i) => ({
    cpuMs: run.cpuMs,
    ...definedFields({ mainThreadMs: run.mainThreadMs }),
    turns: run.turns,
    wallMs: run.wallMs,
    meterWallMs: run.measuredWallMs,
    boundMs: boundOf(nth(scenarios, i, 'floor scripts'), settings).boundMs,
    peakRssMb: run.peakRssMb,
  }));
}

export function scenarioResult(runs: ScenarioRuns): EngineScenarioResult {
  const { spec, settings, scenarios, engineRuns, floorRuns, log, orders } = runs;
  engineRuns.forEach((run, i) => {
    const turns = turnsOf(run.outcome.state);
    const sdk = nth(floorRuns.sdk, i, 'SDK floor run').turns;
    const tools = nth(floorRuns.tools, i, 'tools floor run').turns;
    if (sdk !== turns || tools !== turns)
      throw new Error(`round ${i}: the SDK floors made ${sdk} and ${tools} turns, the engine ${turns}: not the same conversations`);
  });
  const engine = poolRuns(
    engineRuns.map((run, i) => ({
      cpuMs: run.measured.cpuMs,
      ...definedFields({ mainThreadMs: run.measured.mainThreadMs }),
      turns: turnsOf(run.outcome.state),
      wallMs: wallOf(run.outcome.state),
      meterWallMs: run.measured.wallMs,
      boundMs: boundOf(nth(scenarios.engine, i, 'engine scripts'), settings).boundMs,
      peakRssMb: run.measured.peakRssMb,
    })),
  );
  const sdk = poolRuns(floorSamples(floorRuns.sdk, scenarios.sdk, settings));
  const tools = poolRuns(floorSamples(floorRuns.tools, scenarios.tools, settings));

  // The first round's engine run, described in detail.
  const first = nth(engineRuns, 0, 'engine run');
  const built = nth(scenarios.engine, 0, 'engine scripts');
  const firstSdk = nth(floorRuns.sdk, 0, 'SDK floor run');
  const { state } = first.outcome;
  const firstWallMs = wallOf(state);
  const firstTurns = turnsOf(state);
  const metrics = computeMetrics(state);
  const { boundMs, criticalPathMs } = boundOf(built, settings);
  const fromServer = serverDurations(log, built.scripts);
  const serverBound = lowerBoundMs(built.plan, (id) => fromServer.get(id) ?? 0, spec.maxConcurrency);
  const scripted = built.scripts.map((s) => scriptedDurationMs(s, settings));
  const loop = worstLoop(engineRuns.map((run) => run.measured.eventLoop));
  const floorLoop = worstLoop(floorRuns.sdk.map((run) => run.eventLoop));
  const measured = engineRuns.map((run) => run.measured);
  const sum = (pick: (m: Measurement) => number): number => measured.reduce((total, m) => total + pick(m), 0);
  return {
    name: spec.name,
    kind: spec.kind,
    stream: spec.stream,
    model: spec.model,
    agents: spec.agents,
    maxConcurrency: spec.maxConcurrency,
    wallMs: round(engine.wallMs, 1),
    boundMs,
    efficiency: round(engine.efficiency, 4),
    speedup: round(metrics.serialMs / firstWallMs, 3),
    cpuMsPerTurn: round(engine.cpuMsPerTurn, 3),
    cpuShareOfCore: round(engine.cpuShareOfCore, 4),
    peakRssMb: round(engine.peakRssMb, 1),
    cpuRatio: round(engine.cpuMsPerTurn / sdk.cpuMsPerTurn, 3),
    efficiencyDelta: round(engine.efficiency - sdk.efficiency, 4),
    ...loopFields(loop),
    sdkFloor: {
      wallMs: round(sdk.wallMs, 1),
      boundMs: boundOf(nth(scenarios.sdk, 0, 'floor scripts'), settings).boundMs,
      efficiency: round(sdk.efficiency, 4),
      speedup: round(firstSdk.serialMs / firstSdk.wallMs, 3),
      cpuMsPerTurn: round(sdk.cpuMsPerTurn, 3),
      cpuShareOfCore: round(sdk.cpuShareOfCore, 4),
      peakRssMb: round(sdk.peakRssMb, 1),
      ...loopFields(floorLoop),
      turns: sdk.turns,
      serialMs: firstSdk.serialMs,
      cpuMs: round(sdk.cpuMs, 1),
      involuntaryContextSwitches: floorRuns.sdk.reduce((total, run) => total + run.involuntaryContextSwitches, 0),
      threadCpuMs: threadSums(floorRuns.sdk.map((run) => run.threadCpuMs)),
    },
    cpuRatioVsTools: round(engine.cpuMsPerTurn / tools.cpuMsPerTurn, 3),
    sdkToolsFloor: {
      wallMs: round(tools.wallMs, 1),
      boundMs: boundOf(nth(scenarios.tools, 0, 'floor scripts'), settings).boundMs,
      efficiency: round(tools.efficiency, 4),
      cpuMsPerTurn: round(tools.cpuMsPerTurn, 3),
      cpuShareOfCore: round(tools.cpuShareOfCore, 4),
      peakRssMb: round(tools.peakRssMb, 1),
      threadCpuMs: threadSums(floorRuns.tools.map((run) => run.threadCpuMs)),
    },
    // How the figures were measured.
    rounds: engine.rounds,
    turns: engine.turns,
    measuredOrder: orders.join(' | '),
    ...definedFields({
      mainThreadRatio:
        engine.mainThreadMsPerTurn === undefined || sdk.mainThreadMsPerTurn === undefined
          ? undefined
          : round(engine.mainThreadMsPerTurn / sdk.mainThreadMsPerTurn, 3),
    }),
    cpuMs: round(engine.cpuMs, 1),
    cpuUserMs: round(
      sum((m) => m.cpuUserMs),
      1,
    ),
    cpuSystemMs: round(
      sum((m) => m.cpuSystemMs),
      1,
    ),
    involuntaryContextSwitches: sum((m) => m.involuntaryContextSwitches),
    threadCpuMs: threadSums(measured.map((m) => m.threadCpuMs)),
    engineOwnCpuMsPerTurn: round(engine.cpuMsPerTurn - sdk.cpuMsPerTurn, 3),
    loadAvg1: round(Math.max(...engineRuns.map((run) => run.load1)), 2),
    serverCpuMs: engineRuns.every((run) => run.serverCpuMs !== null) ? engineRuns.reduce((total, run) => total + (run.serverCpuMs ?? 0), 0) : null,
    // The first round's run.
    outcome: state.status,
    eventDelayMs: settings.eventDelayMs,
    doneMs: round(first.outcome.doneMs, 1),
    criticalPathMs,
    serialMs: metrics.serialMs,
    scriptedSerialMs: scripted.reduce((a, b) => a + b, 0),
    metricsBoundMs: metrics.boundMs,
    serverBoundMs: serverBound.boundMs,
    efficiencyVsServerBound: round(serverBound.boundMs / firstWallMs, 4),
    events: first.outcome.events,
    eventsPerTurn: round(first.outcome.events / firstTurns, 2),
    startRssMb: round(first.measured.startRssMb, 1),
    maxRssMb: round(Math.max(...measured.map((m) => m.maxRssMb)), 1),
    rssMethod: first.measured.rssMethod,
    frameCheck: checkFrames(log, built.scripts, settings),
    gaps: agentGaps(state, log, built.scripts),
  };
}
