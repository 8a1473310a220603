/**
 * The plain-stream scenarios pooled: every repeat's paired engine-vs-floor comparison (`cpuRatioRuns`,
 * `efficiencyDeltaRuns`) of every plain-stream scenario in one set, its median with a bootstrap
 * interval, and the share of runs on the wrong side of each target. One scenario's median over a few
 * repeats moves a lot from run to run; the pooled median and its interval tell a miss from noise.
 * Reported beside the per-scenario verdicts, not judged.
 */
import { TARGETS, type PooledSummary, type ScenarioEntry } from './report';
import { signed } from './reportTables';
import { medianOf, percentile, round } from './stats';

export const POOLED_INTERVAL = { level: 0.9, resamples: 10_000, seed: 1 } as const;

const INTERVAL_TEXT = `${POOLED_INTERVAL.level * 100}% percentile bootstrap of the median, ${POOLED_INTERVAL.resamples} resamples, seed ${POOLED_INTERVAL.seed}`;

/** mulberry32: a small seeded PRNG, so the same values and seed always give the same interval. Values in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  readonly resamples: number;
  readonly seed: number;
  /** The interval's coverage, e.g. 0.9 for the 5th to the 95th percentile. */
  readonly level: number;
}

/**
 * A percentile bootstrap interval of the median: `resamples` times, draw `values.length` values with
 * replacement and take their median; the interval runs between the `50 × (1 − level)`th and the
 * `50 × (1 + level)`th percentiles of those medians (nearest rank). Throws for no values.
 */
export function bootstrapMedianInterval(values: readonly number[], options: BootstrapOptions): { readonly low: number; readonly high: number } {
  if (values.length === 0) throw new Error('bootstrapMedianInterval needs at least one value');
  const random = mulberry32(options.seed);
  const sample = new Array<number>(values.length);
  const medians: number[] = [];
  for (let r = 0; r < options.resamples; r += 1) {
    for (let i = 0; i < values.length; i += 1) sample[i] = values[Math.floor(random() * values.length)] as number;
    medians.push(medianOf(sample));
  }
  medians.sort((a, b) => a - b);
  return { low: percentile(medians, 50 * (1 - options.level)), high: percentile(medians, 50 * (1 + options.level)) };
}

/** The numbers of a JSON array field; undefined when the field is not an array. */
function numbersOf(entry: ScenarioEntry, key: string): number[] | undefined {
  const value = entry[key];
  if (!Array.isArray(value)) return undefined;
  return value.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** The fraction of `values` for which `test` holds, 3 decimals. */
const shareOf = (values: readonly number[], test: (value: number) => boolean): number => round(values.filter(test).length / values.length, 3);

/**
 * Every `stream: 'plain'` entry with numbers in both `cpuRatioRuns` and `efficiencyDeltaRuns`, pooled;
 * undefined when there is none. Ratios are rounded to 3 decimals, deltas to 4.
 */
export function pooledSummary(entries: readonly ScenarioEntry[]): PooledSummary | undefined {
  const scenarios: string[] = [];
  const ratios: number[] = [];
  const deltas: number[] = [];
  for (const entry of entries) {
    if (entry.stream !== 'plain') continue;
    const entryRatios = numbersOf(entry, 'cpuRatioRuns');
    const entryDeltas = numbersOf(entry, 'efficiencyDeltaRuns');
    if (entryRatios === undefined || entryDeltas === undefined || entryRatios.length === 0 || entryDeltas.length === 0) continue;
    scenarios.push(entry.name);
    ratios.push(...entryRatios);
    deltas.push(...entryDeltas);
  }
  if (scenarios.length === 0) return undefined;
  const ratioInterval = bootstrapMedianInterval(ratios, POOLED_INTERVAL);
  const deltaInterval = bootstrapMedianInterval(deltas, POOLED_INTERVAL);
  return {
    stream: 'plain',
    scenarios,
    runs: ratios.length,
    cpuRatio: {
      median: round(medianOf(ratios), 3),
      low: round(ratioInterval.low, 3),
      high: round(ratioInterval.high, 3),
      shareAbove: shareOf(ratios, (v) => v > TARGETS.cpuRatio),
    },
    efficiencyDelta: {
      median: round(medianOf(deltas), 4),
      low: round(deltaInterval.low, 4),
      high: round(deltaInterval.high, 4),
      shareBelow: shareOf(deltas, (v) => v < TARGETS.efficiencyDelta),
    },
    interval: INTERVAL_TEXT,
  };
}

const percent = (share: number): string => `${Math.round(share * 100)}%`;

/** The summary as one printable line. */
export function pooledLine(summary: PooledSummary): string {
  const { cpuRatio: ratio, efficiencyDelta: delta } = summary;
  const level = percent(POOLED_INTERVAL.level);
  return (
    `Pooled over ${summary.scenarios.length} plain scenarios (${summary.runs} runs): ` +
    `cpuRatio median ${ratio.median.toFixed(3)} (${level} interval ${ratio.low.toFixed(3)}–${ratio.high.toFixed(3)}), ` +
    `${percent(ratio.shareAbove)} of runs above ${TARGETS.cpuRatio}; ` +
    `efficiencyDelta median ${signed(delta.median, 4)} (${level} interval ${signed(delta.low, 4)} – ${signed(delta.high, 4)}), ` +
    `${percent(delta.shareBelow)} of runs below ${TARGETS.efficiencyDelta}.`
  );
}
