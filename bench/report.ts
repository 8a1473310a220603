/**
 * `bench/results.json` and the printed table.
 *
 * The file is `{"scenarios":[...]}`. Engine scenarios have the fixed fields of `EngineScenarioResult`
 * (plus extras); other benchmarks add their own entries (`{"name":"context-7","billedRatio":…}`,
 * `ui-reduce`, …) through `appendScenarioResults`, which replaces entries of the same name and keeps
 * every other entry, so benchmarks can write the file in any order.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Any scenario entry: a name plus whatever that benchmark measures. */
export interface ScenarioEntry {
  readonly name: string;
  readonly [key: string]: JsonValue;
}

/** The bare SDK doing the same conversations (floor.ts), beside every engine figure. */
export interface SdkFloorFigures {
  readonly [key: string]: JsonValue;
  readonly wallMs: number;
  readonly efficiency: number;
  readonly speedup: number;
  readonly cpuMsPerTurn: number;
  readonly cpuShareOfCore: number;
  readonly peakRssMb: number;
}

/**
 * The fixed fields of an engine scenario (extras allowed). The realistic-stream scenario adds
 * `eventLoopP99Ms` and `eventLoopMaxMs` (and `sdkFloor` carries them too).
 */
export interface EngineScenarioResult extends ScenarioEntry {
  readonly agents: number;
  readonly maxConcurrency: number;
  readonly model: string;
  readonly wallMs: number;
  readonly boundMs: number;
  readonly efficiency: number;
  readonly speedup: number;
  readonly cpuMsPerTurn: number;
  readonly cpuShareOfCore: number;
  readonly peakRssMb: number;
  /** Engine CPU per turn / bare-SDK CPU per turn. */
  readonly cpuRatio: number;
  /** Engine efficiency - bare-SDK efficiency (both against the same scripted bound). */
  readonly efficiencyDelta: number;
  readonly sdkFloor: SdkFloorFigures;
  /** Engine CPU per turn / the tools floor's (the bare SDK plus the tools' plain file reads and writes). */
  readonly cpuRatioVsTools: number;
  readonly sdkToolsFloor: { readonly [key: string]: JsonValue; readonly cpuMsPerTurn: number; readonly wallMs: number };
}

export interface ResultsFile {
  readonly scenarios: readonly ScenarioEntry[];
}

export const RESULTS_PATH = resolve(__dirname, 'results.json');

export function readResults(path: string = RESULTS_PATH): ResultsFile {
  if (!existsSync(path)) return { scenarios: [] };
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ResultsFile>;
  return { scenarios: Array.isArray(parsed.scenarios) ? parsed.scenarios.filter((s) => typeof s?.name === 'string') : [] };
}

/** Pure merge: incoming entries replace same-named ones in place; new names are appended. */
export function mergeScenarios(existing: readonly ScenarioEntry[], incoming: readonly ScenarioEntry[]): ScenarioEntry[] {
  const merged = [...existing];
  for (const entry of incoming) {
    const at = merged.findIndex((e) => e.name === entry.name);
    if (at >= 0) merged[at] = entry;
    else merged.push(entry);
  }
  return merged;
}

/** Registers scenario results in results.json (read, merge by name, write). Returns the file as written. */
export function appendScenarioResults(entries: readonly ScenarioEntry[], path: string = RESULTS_PATH): ResultsFile {
  const file: ResultsFile = { scenarios: mergeScenarios(readResults(path).scenarios, entries) };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

/** Registers one scenario's result (e.g. `{ name: 'context-7', billedRatio: 0.31 }`) in results.json. */
export function registerScenarioResult(entry: ScenarioEntry, path: string = RESULTS_PATH): ResultsFile {
  return appendScenarioResults([entry], path);
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

/**
 * What the engine may add to the bare SDK: CPU per turn at most 1.3x the floor's, efficiency never
 * below the floor's; peak RSS at 32 agents; and, where a scenario streams like the real models, an
 * event loop that stays responsive (monitorEventLoopDelay readings, resolution included).
 */
export const TARGETS = {
  cpuRatio: 1.3,
  efficiencyDelta: 0,
  peakRssMb: 200,
  /** The RSS target applies at this many agents. */
  rssAtAgents: 32,
  eventLoopP99Ms: 20,
  eventLoopMaxMs: 100,
} as const;

export type Verdict = 'pass' | 'FAIL' | '-';

export interface TargetVerdicts {
  readonly cpuRatio: Verdict;
  readonly efficiencyDelta: Verdict;
  readonly rss: Verdict;
  readonly eventLoopP99: Verdict;
  readonly eventLoopMax: Verdict;
}

export const TARGET_KEYS: readonly (keyof TargetVerdicts)[] = ['cpuRatio', 'efficiencyDelta', 'rss', 'eventLoopP99', 'eventLoopMax'];

const verdict = (ok: boolean): Verdict => (ok ? 'pass' : 'FAIL');

/** A target that applies only when the scenario measured the figure. */
function atMost(value: JsonValue | undefined, limit: number): Verdict {
  return typeof value === 'number' ? verdict(value <= limit) : '-';
}

export function evaluateTargets(r: EngineScenarioResult): TargetVerdicts {
  return {
    cpuRatio: verdict(r.cpuRatio <= TARGETS.cpuRatio),
    efficiencyDelta: verdict(r.efficiencyDelta >= TARGETS.efficiencyDelta),
    rss: r.agents >= TARGETS.rssAtAgents ? verdict(r.peakRssMb <= TARGETS.peakRssMb) : '-',
    eventLoopP99: atMost(r.eventLoopP99Ms, TARGETS.eventLoopP99Ms),
    eventLoopMax: atMost(r.eventLoopMaxMs, TARGETS.eventLoopMaxMs),
  };
}

export function targetsLine(): string {
  return [
    `cpuRatio <= ${TARGETS.cpuRatio}`,
    `efficiencyDelta >= ${TARGETS.efficiencyDelta}`,
    `peak RSS <= ${TARGETS.peakRssMb} MB at ${TARGETS.rssAtAgents} agents`,
    `realistic streams: event loop p99 <= ${TARGETS.eventLoopP99Ms} ms, max <= ${TARGETS.eventLoopMaxMs} ms`,
  ].join('; ');
}

// ---------------------------------------------------------------------------------------------
// Table
// ---------------------------------------------------------------------------------------------

function num(value: JsonValue | undefined, digits: number): string {
  return typeof value === 'number' ? value.toFixed(digits) : '-';
}

/** A plain-text table, right-aligned numbers. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const signed = (value: JsonValue | undefined, digits: number): string => (typeof value === 'number' ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : '-');

/** Every figure with the bare-SDK floor's beside it (`sdk` columns), then the ratios and the verdicts. */
export function resultsTable(results: readonly { readonly result: EngineScenarioResult; readonly verdicts: TargetVerdicts }[]): string {
  const header = [
    'scenario',
    'N',
    'cap',
    'wallMs',
    'sdk',
    'eff',
    'sdk',
    'effDelta',
    'speedup',
    'sdk',
    'cpuMs/turn',
    'sdk',
    'cpuRatio',
    'tools',
    'ratio',
    'cpuShare',
    'sdk',
    'peakRssMb',
    'sdk',
    'ratio<=1.3',
    'delta>=0',
    'rss<=200',
  ];
  const rows = results.map(({ result: r, verdicts: v }) => [
    r.name,
    String(r.agents),
    String(r.maxConcurrency),
    num(r.wallMs, 0),
    num(r.sdkFloor.wallMs, 0),
    num(r.efficiency, 3),
    num(r.sdkFloor.efficiency, 3),
    signed(r.efficiencyDelta, 3),
    num(r.speedup, 2),
    num(r.sdkFloor.speedup, 2),
    num(r.cpuMsPerTurn, 2),
    num(r.sdkFloor.cpuMsPerTurn, 2),
    num(r.cpuRatio, 2),
    num(r.sdkToolsFloor.cpuMsPerTurn, 2),
    num(r.cpuRatioVsTools, 2),
    num(r.cpuShareOfCore, 3),
    num(r.sdkFloor.cpuShareOfCore, 3),
    num(r.peakRssMb, 1),
    num(r.sdkFloor.peakRssMb, 1),
    v.cpuRatio,
    v.efficiencyDelta,
    v.rss,
  ]);
  return formatTable(header, rows);
}

/** Event-loop delay of the scenarios that measured it (realistic streams), engine and floor. */
export function eventLoopTable(results: readonly { readonly result: EngineScenarioResult; readonly verdicts: TargetVerdicts }[]): string {
  const header = [
    'scenario',
    'turns',
    'frames',
    'loopP50Ms',
    'sdk',
    'loopP99Ms',
    'sdk',
    'loopMaxMs',
    'sdk',
    'maxOnCpuMs',
    'sdk',
    'cpuShareOfCore',
    'sdk',
    'preempted',
    'sdk',
    'p99<=20',
    'max<=100',
  ];
  const rows = results
    .filter(({ result }) => typeof result.eventLoopP99Ms === 'number')
    .map(({ result: r, verdicts: v }) => [
      r.name,
      num(r.turns, 0),
      num(field(r, ['frameCheck', 'framesTotal']), 0),
      num(r.eventLoopP50Ms, 1),
      num(r.sdkFloor.eventLoopP50Ms, 1),
      num(r.eventLoopP99Ms, 1),
      num(r.sdkFloor.eventLoopP99Ms, 1),
      num(r.eventLoopMaxMs, 1),
      num(r.sdkFloor.eventLoopMaxMs, 1),
      num(r.eventLoopMaxOnCpuMs, 1),
      num(r.sdkFloor.eventLoopMaxOnCpuMs, 1),
      num(r.cpuShareOfCore, 3),
      num(r.sdkFloor.cpuShareOfCore, 3),
      num(r.involuntaryContextSwitches, 0),
      num(r.sdkFloor.involuntaryContextSwitches, 0),
      v.eventLoopP99,
      v.eventLoopMax,
    ]);
  return formatTable(header, rows);
}

function field(entry: ScenarioEntry, path: readonly string[]): JsonValue | undefined {
  let value: JsonValue | undefined = entry;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as { readonly [key: string]: JsonValue })[key];
  }
  return value;
}

/** Where the time and CPU went: the engine's own share, threads (engine and floor), the fake, the gaps. */
export function diagnosticsTable(results: readonly EngineScenarioResult[]): string {
  const header = [
    'scenario',
    'effVsServer',
    'engineOwnCpu/turn',
    'mainThr',
    'sdk',
    'otherThr',
    'sdk',
    'serverCpu',
    'evt/turn',
    'drift/frame',
    'firstReq',
    'betweenTurns',
    'finish',
    'load1',
  ];
  const rows = results.map((r) => [
    r.name,
    num(field(r, ['efficiencyVsServerBound']), 3),
    num(field(r, ['engineOwnCpuMsPerTurn']), 2),
    num(field(r, ['threadCpuMs', 'main']), 0),
    num(field(r, ['sdkFloor', 'threadCpuMs', 'main']), 0),
    num(field(r, ['threadCpuMs', 'node']), 0),
    num(field(r, ['sdkFloor', 'threadCpuMs', 'node']), 0),
    num(field(r, ['serverCpuMs']), 0),
    num(field(r, ['eventsPerTurn']), 2),
    num(field(r, ['frameCheck', 'meanDiffMsPerFrame']), 2),
    num(field(r, ['gaps', 'meanFirstRequestMs']), 1),
    num(field(r, ['gaps', 'meanBetweenTurnsMs']), 1),
    num(field(r, ['gaps', 'meanFinishMs']), 1),
    num(field(r, ['loadAvg1']), 2),
  ]);
  return formatTable(header, rows);
}
