/**
 * The tables `npm run bench` prints: every engine figure beside the bare-SDK floor's with the target
 * verdicts, the event-loop delay of the realistic streams, and the diagnostics of where time and CPU went.
 */
import type { EngineScenarioResult, JsonValue, ScenarioEntry, TargetVerdicts } from './report';

function num(value: JsonValue | undefined, digits: number): string {
  return typeof value === 'number' ? value.toFixed(digits) : '-';
}

/** A plain-text table, right-aligned numbers. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const signed = (value: JsonValue | undefined, digits: number): string =>
  typeof value === 'number' ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : '-';

/** One column of a table: its header, and how a row's cell reads. */
type Column<R> = readonly [header: string, cell: (row: R) => string];

/** A figure of the engine and, beside it under `sdk`, the same figure of the bare-SDK floor. */
function beside<R>(header: string, engine: (row: R) => JsonValue | undefined, floor: (row: R) => JsonValue | undefined, digits: number): Column<R>[] {
  return [
    [header, (row) => num(engine(row), digits)],
    ['sdk', (row) => num(floor(row), digits)],
  ];
}

/** The table of `rows` with these columns: headers and cells come from one list, so they cannot drift apart. */
function tableOf<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  return formatTable(
    columns.map(([header]) => header),
    rows.map((row) => columns.map(([, cell]) => cell(row))),
  );
}

type Judged = { readonly result: EngineScenarioResult; readonly verdicts: TargetVerdicts };

/** The engine's figure `key` and, beside it, the bare-SDK floor's figure of the same name. */
function withFloor(header: string, key: string, digits: number): Column<Judged>[] {
  return beside<Judged>(
    header,
    ({ result }) => result[key],
    ({ result }) => result.sdkFloor[key],
    digits,
  );
}

/** Every figure with the bare-SDK floor's beside it (`sdk` columns), then the ratios and the verdicts. */
export function resultsTable(results: readonly Judged[]): string {
  return tableOf<Judged>(
    [
      ['scenario', ({ result: r }) => r.name],
      ['N', ({ result: r }) => String(r.agents)],
      ['cap', ({ result: r }) => String(r.maxConcurrency)],
      ...withFloor('wallMs', 'wallMs', 0),
      ...withFloor('eff', 'efficiency', 3),
      ['effDelta', ({ result: r }) => signed(r.efficiencyDelta, 3)],
      ...withFloor('speedup', 'speedup', 2),
      ...withFloor('cpuMs/turn', 'cpuMsPerTurn', 2),
      ['cpuRatio', ({ result: r }) => num(r.cpuRatio, 2)],
      ['tools', ({ result: r }) => num(r.sdkToolsFloor.cpuMsPerTurn, 2)],
      ['ratio', ({ result: r }) => num(r.cpuRatioVsTools, 2)],
      ...withFloor('cpuShare', 'cpuShareOfCore', 3),
      ...withFloor('peakRssMb', 'peakRssMb', 1),
      ['ratio<=1.3', ({ verdicts: v }) => v.cpuRatio],
      ['delta>=0', ({ verdicts: v }) => v.efficiencyDelta],
      ['rss<=200', ({ verdicts: v }) => v.rss],
    ],
    results,
  );
}

/** Event-loop delay of the scenarios that measured it (realistic streams), engine and floor. */
export function eventLoopTable(results: readonly Judged[]): string {
  return tableOf<Judged>(
    [
      ['scenario', ({ result: r }) => r.name],
      ['turns', ({ result: r }) => num(r.turns, 0)],
      ['frames', ({ result: r }) => num(field(r, ['frameCheck', 'framesTotal']), 0)],
      ...withFloor('loopP50Ms', 'eventLoopP50Ms', 1),
      ...withFloor('loopP99Ms', 'eventLoopP99Ms', 1),
      ...withFloor('loopMaxMs', 'eventLoopMaxMs', 1),
      ...withFloor('maxOnCpuMs', 'eventLoopMaxOnCpuMs', 1),
      ...withFloor('cpuShareOfCore', 'cpuShareOfCore', 3),
      ...withFloor('preempted', 'involuntaryContextSwitches', 0),
      ['p99<=20', ({ verdicts: v }) => v.eventLoopP99],
      ['max<=100', ({ verdicts: v }) => v.eventLoopMax],
    ],
    results.filter(({ result }) => typeof result.eventLoopP99Ms === 'number'),
  );
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
  const at =
    (path: readonly string[], digits: number) =>
    (r: EngineScenarioResult): string =>
      num(field(r, path), digits);
  /** CPU of the process's threads by name (`main`, or `node`: the others), engine and floor. */
  const threads = (header: string, name: string): Column<EngineScenarioResult>[] =>
    beside<EngineScenarioResult>(
      header,
      (r) => field(r, ['threadCpuMs', name]),
      (r) => field(r, ['sdkFloor', 'threadCpuMs', name]),
      0,
    );
  return tableOf<EngineScenarioResult>(
    [
      ['scenario', (r) => r.name],
      ['effVsServer', at(['efficiencyVsServerBound'], 3)],
      ['engineOwnCpu/turn', at(['engineOwnCpuMsPerTurn'], 2)],
      ...threads('mainThr', 'main'),
      ...threads('otherThr', 'node'),
      ['serverCpu', at(['serverCpuMs'], 0)],
      ['evt/turn', at(['eventsPerTurn'], 2)],
      ['drift/frame', at(['frameCheck', 'meanDiffMsPerFrame'], 2)],
      ['firstReq', at(['gaps', 'meanFirstRequestMs'], 1)],
      ['betweenTurns', at(['gaps', 'meanBetweenTurnsMs'], 1)],
      ['finish', at(['gaps', 'meanFinishMs'], 1)],
      ['load1', at(['loadAvg1'], 2)],
    ],
    results,
  );
}
