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
