/**
 * `bench/results.json`: its shape, reading and writing it, and the targets the engine is judged by.
 *
 * The file is `{"scenarios":[...],"pooled":{...}}`. Engine scenarios have the fixed fields of
 * `EngineScenarioResult` (plus extras); other benchmarks add their own entries
 * (`{"name":"context-7","billedRatio":…}`, `ui-reduce`, …) through `appendScenarioResults`, which
 * replaces entries of the same name and keeps every other entry and every other top-level key, so
 * benchmarks can write the file in any order. `pooled` is the plain-stream figures pooled over every
 * scenario's repeats (pooled.ts): reported, not judged.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { definedFields } from '../src/core/definedFields';

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
  /** Engine efficiency - bare-SDK efficiency, each against the bound of its own scripts (of equal length: `measuredPrefix`). */
  readonly efficiencyDelta: number;
  readonly sdkFloor: SdkFloorFigures;
  /** Engine CPU per turn / the tools floor's (the bare SDK plus the tools' plain file reads and writes). */
  readonly cpuRatioVsTools: number;
  readonly sdkToolsFloor: { readonly [key: string]: JsonValue; readonly cpuMsPerTurn: number; readonly wallMs: number };
}

const PooledFigureSchema = z.object({ median: z.number(), low: z.number(), high: z.number() });

/**
 * The plain-stream scenarios' paired comparisons pooled over every repeat (pooled.ts): the median with
 * a bootstrap interval, and the share of runs on the wrong side of the target.
 */
export const PooledSummarySchema = z.object({
  stream: z.literal('plain'),
  /** The pooled scenarios' names, in the file's order. */
  scenarios: z.array(z.string()),
  /** How many cpuRatio values were pooled. */
  runs: z.number(),
  /** `shareAbove`: the fraction of pooled runs above the cpuRatio target. */
  cpuRatio: PooledFigureSchema.extend({ shareAbove: z.number() }),
  /** `shareBelow`: the fraction of pooled runs below the efficiencyDelta target. */
  efficiencyDelta: PooledFigureSchema.extend({ shareBelow: z.number() }),
  /** How `low` and `high` were found. */
  interval: z.string(),
});

export type PooledSummary = z.infer<typeof PooledSummarySchema>;

export interface ResultsFile {
  readonly scenarios: readonly ScenarioEntry[];
  readonly pooled?: PooledSummary;
  /** Any other top-level key, kept as read. */
  readonly [key: string]: unknown;
}

export const RESULTS_PATH = resolve(__dirname, 'results.json');

const isRecord = (value: unknown): value is { readonly [key: string]: unknown } => typeof value === 'object' && value !== null && !Array.isArray(value);

const isScenarioEntry = (value: unknown): value is ScenarioEntry => isRecord(value) && typeof value.name === 'string';

/** The file as written, every top-level key kept; entries without a name and a malformed `pooled` are left out. */
export function readResults(path: string = RESULTS_PATH): ResultsFile {
  if (!existsSync(path)) return { scenarios: [] };
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isRecord(parsed)) return { scenarios: [] };
  const { scenarios, pooled, ...other } = parsed;
  const pooledRead = PooledSummarySchema.safeParse(pooled);
  return {
    scenarios: Array.isArray(scenarios) ? scenarios.filter(isScenarioEntry) : [],
    ...definedFields({ pooled: pooledRead.success ? pooledRead.data : undefined }),
    ...other,
  };
}

/** The one place results.json is written. */
function writeResults(file: ResultsFile, path: string): ResultsFile {
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
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

/**
 * Registers scenario results in results.json (read, merge by name, write once). With `pooledOf`, the
 * `pooled` key is derived from the merged scenarios in the same write (and left out when it gives
 * none); without it, the key is kept as it was. Returns the file as written.
 */
export function appendScenarioResults(
  entries: readonly ScenarioEntry[],
  path: string = RESULTS_PATH,
  pooledOf?: (scenarios: readonly ScenarioEntry[]) => PooledSummary | undefined,
): ResultsFile {
  const { pooled, ...file } = readResults(path);
  const scenarios = mergeScenarios(file.scenarios, entries);
  return writeResults({ ...file, scenarios, ...definedFields({ pooled: pooledOf === undefined ? pooled : pooledOf(scenarios) }) }, path);
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
