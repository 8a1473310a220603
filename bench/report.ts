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

/** The fixed fields of an engine scenario (extras allowed). */
export interface EngineScenarioResult extends ScenarioEntry {
  readonly agents: number;
  readonly maxConcurrency: number;
  readonly wallMs: number;
  readonly boundMs: number;
  readonly efficiency: number;
  readonly speedup: number;
  readonly cpuMsPerTurn: number;
  readonly peakRssMb: number;
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

export const TARGETS = {
  efficiency: 0.95,
  speedupFactor: 0.9,
  cpuMsPerTurn: 2,
  peakRssMb: 200,
  /** The RSS target applies at this many agents. */
  rssAtAgents: 32,
} as const;

export type Verdict = 'pass' | 'FAIL' | '-';

export interface TargetVerdicts {
  readonly efficiency: Verdict;
  readonly speedup: Verdict;
  readonly cpu: Verdict;
  readonly rss: Verdict;
  /** min(N, cap) × 0.9 for independent scenarios; undefined otherwise. */
  readonly speedupTarget?: number;
}

const verdict = (ok: boolean): Verdict => (ok ? 'pass' : 'FAIL');

export function evaluateTargets(r: EngineScenarioResult, independent: boolean): TargetVerdicts {
  const speedupTarget = independent ? TARGETS.speedupFactor * Math.min(r.agents, r.maxConcurrency) : undefined;
  return {
    efficiency: verdict(r.efficiency >= TARGETS.efficiency),
    speedup: speedupTarget === undefined ? '-' : verdict(r.speedup >= speedupTarget),
    cpu: verdict(r.cpuMsPerTurn <= TARGETS.cpuMsPerTurn),
    rss: r.agents >= TARGETS.rssAtAgents ? verdict(r.peakRssMb <= TARGETS.peakRssMb) : '-',
    ...(speedupTarget !== undefined ? { speedupTarget } : {}),
  };
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

export function resultsTable(results: readonly { readonly result: EngineScenarioResult; readonly verdicts: TargetVerdicts }[]): string {
  const header = ['scenario', 'N', 'cap', 'wallMs', 'boundMs', 'eff', 'speedup', '(target)', 'serialMs', 'scriptSerial', 'cpuMs/turn', 'peakRssMb', 'maxRSS', 'eff>=.95', 'speedup', 'cpu<=2', 'rss<=200'];
  const rows = results.map(({ result: r, verdicts: v }) => [
    r.name,
    String(r.agents),
    String(r.maxConcurrency),
    num(r.wallMs, 0),
    num(r.boundMs, 0),
    num(r.efficiency, 4),
    num(r.speedup, 2),
    v.speedupTarget === undefined ? '-' : `>=${v.speedupTarget.toFixed(1)}`,
    num(r.serialMs, 0),
    num(r.scriptedSerialMs, 0),
    num(r.cpuMsPerTurn, 2),
    num(r.peakRssMb, 1),
    num(r.maxRssMb, 1),
    v.efficiency,
    v.speedup,
    v.cpu,
    v.rss,
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

/** Where the time and CPU went: the SDK floor, the engine's own share, threads, the fake, the gaps. */
export function diagnosticsTable(results: readonly EngineScenarioResult[]): string {
  const header = ['scenario', 'effVsServer', 'floorWall', 'floorEff', 'floorCpu/turn', 'engineOwnCpu/turn', 'mainThr', 'otherThr', 'serverCpu', 'evt/turn', 'drift/frame', 'firstReq', 'betweenTurns', 'finish', 'load1'];
  const rows = results.map((r) => [
    r.name,
    num(field(r, ['efficiencyVsServerBound']), 3),
    num(field(r, ['sdkFloor', 'wallMs']), 0),
    num(field(r, ['sdkFloor', 'efficiency']), 3),
    num(field(r, ['sdkFloor', 'cpuMsPerTurn']), 2),
    num(field(r, ['engineOwnCpuMsPerTurn']), 2),
    num(field(r, ['threadCpuMs', 'main']), 0),
    num(field(r, ['threadCpuMs', 'node']), 0),
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
