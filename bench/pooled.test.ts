/**
 * The pooled plain-stream figures (run: npx mocha --no-config --node-option import=tsx --timeout 20000 bench/pooled.test.ts):
 * which entries are pooled, the medians, the bootstrap interval, the shares against the targets, and
 * the `pooled` key of results.json.
 */
import { strict as assert } from 'node:assert';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapMedianInterval, POOLED_INTERVAL, pooledLine, pooledSummary } from './pooled';
import { medianOf } from './stats';
import { appendScenarioResults, readResults, TARGETS, type PooledSummary, type ScenarioEntry } from './report';

const plain = (name: string, cpuRatioRuns: readonly number[], efficiencyDeltaRuns: readonly number[]): ScenarioEntry => ({
  name,
  stream: 'plain',
  cpuRatioRuns,
  efficiencyDeltaRuns,
});

function summaryOf(entries: readonly ScenarioEntry[]): PooledSummary {
  const summary = pooledSummary(entries);
  assert.ok(summary, 'expected a pooled summary');
  return summary;
}

describe('bench pooled figures', () => {
  it('takes the median of an odd and of an even pooled set (the mean of the middle two)', () => {
    const odd = summaryOf([plain('a', [1.5, 1.1], [0.03, -0.01]), plain('b', [1.2], [0.01])]);
    assert.equal(odd.cpuRatio.median, 1.2);
    assert.equal(odd.efficiencyDelta.median, 0.01);

    const even = summaryOf([plain('a', [1.5, 1.1], [0.03, -0.01]), plain('b', [1.2], [0.01]), plain('c', [1.4], [0.02])]);
    assert.equal(even.cpuRatio.median, 1.3);
    assert.equal(even.efficiencyDelta.median, 0.015);
    assert.equal(medianOf([4, 1, 3, 2]), 2.5);
  });

  it("pools only the 'plain' entries with both runs arrays, and only their numbers", () => {
    const summary = summaryOf([
      plain('plain-a', [1.1, 1.2], [0.01, 0.02]),
      { name: 'realistic', stream: 'realistic', cpuRatioRuns: [9, 9, 9], efficiencyDeltaRuns: [-1, -1, -1] },
      { name: 'no-runs', stream: 'plain', cpuRatio: 9, efficiencyDelta: -1 },
      { name: 'one-array', stream: 'plain', cpuRatioRuns: [9], efficiencyDelta: -1 },
      { name: 'context-7', billedRatio: 0.3 },
      { name: 'plain-b', stream: 'plain', cpuRatioRuns: [1.3, 'x', null, 1.4], efficiencyDeltaRuns: [0.03, true, 0.04] },
    ]);
    assert.deepEqual(summary.scenarios, ['plain-a', 'plain-b']);
    assert.equal(summary.runs, 4);
    assert.equal(summary.stream, 'plain');
    assert.equal(summary.cpuRatio.median, 1.25);
    assert.equal(summary.efficiencyDelta.median, 0.025);
    assert.equal(summary.interval, '90% percentile bootstrap of the median, 10000 resamples, seed 1');
  });

  it('gives the same bootstrap interval for the same seed, around the median, and a point for a constant input', () => {
    const values = [1.39, 1.46, 0.9, 1.36, 1.4, 1.21, 1.98, 1.47, 1.3, 1.56, 1.46, 1.44, 1.5, 1.59, 1.38];
    const first = bootstrapMedianInterval(values, POOLED_INTERVAL);
    assert.deepEqual(bootstrapMedianInterval(values, POOLED_INTERVAL), first);
    const spread = Array.from({ length: 40 }, (_, i) => 1 + ((i * 37) % 41) / 50);
    const few = { resamples: 50, seed: 3, level: 0.9 };
    assert.deepEqual(bootstrapMedianInterval(spread, few), bootstrapMedianInterval(spread, few));
    assert.notDeepEqual(bootstrapMedianInterval(spread, few), bootstrapMedianInterval(spread, { ...few, seed: 4 }));
    const median = medianOf(values);
    assert.ok(first.low <= median && median <= first.high, `${first.low} <= ${median} <= ${first.high}`);
    assert.ok(first.low < first.high);

    const constant = bootstrapMedianInterval([1.3, 1.3, 1.3, 1.3, 1.3], POOLED_INTERVAL);
    assert.deepEqual(constant, { low: 1.3, high: 1.3 });
    const summary = summaryOf([plain('constant', [1.3, 1.3, 1.3], [0.01, 0.01, 0.01])]);
    assert.deepEqual(summary.cpuRatio, { median: 1.3, low: 1.3, high: 1.3, shareAbove: 0 });
  });

  it('gives a wider interval for a wider spread around the same median', () => {
    const narrow = [1.25, 1.27, 1.29, 1.3, 1.31, 1.33, 1.35];
    const wide = [0.8, 1.0, 1.2, 1.3, 1.4, 1.6, 1.8];
    assert.equal(medianOf(narrow), medianOf(wide));
    const options = { resamples: 2000, seed: 7, level: 0.9 };
    const n = bootstrapMedianInterval([...narrow, ...narrow, ...narrow], options);
    const w = bootstrapMedianInterval([...wide, ...wide, ...wide], options);
    assert.ok(w.high - w.low > n.high - n.low, `wide ${w.low}..${w.high} vs narrow ${n.low}..${n.high}`);
  });

  it('counts the runs strictly above the cpuRatio target and strictly below the efficiencyDelta target', () => {
    const target = TARGETS.cpuRatio;
    const summary = summaryOf([plain('a', [target - 0.1, target, target + 0.01, target + 0.2], [-0.01, 0, 0.01, 0.02])]);
    assert.equal(summary.cpuRatio.shareAbove, 0.5);
    assert.equal(summary.efficiencyDelta.shareBelow, 0.25);
    const thirds = summaryOf([plain('b', [target, target, target + 0.5], [-0.02, -0.01, 0])]);
    assert.equal(thirds.cpuRatio.shareAbove, 0.333);
    assert.equal(thirds.efficiencyDelta.shareBelow, 0.667);
  });

  it('pools nothing when no plain entry has both runs arrays', () => {
    assert.equal(pooledSummary([]), undefined);
    assert.equal(
      pooledSummary([
        { name: 'realistic', stream: 'realistic', cpuRatioRuns: [1.2], efficiencyDeltaRuns: [0.01] },
        { name: 'review-4', stream: 'plain', wallMs: 1000 },
        { name: 'empty', stream: 'plain', cpuRatioRuns: [], efficiencyDeltaRuns: [] },
        { name: 'no-ratios', stream: 'plain', cpuRatioRuns: ['x'], efficiencyDeltaRuns: [0.01] },
        { name: 'no-deltas', stream: 'plain', cpuRatioRuns: [1.2], efficiencyDeltaRuns: [null] },
      ]),
      undefined,
    );
  });

  it('prints the summary as one line', () => {
    const line = pooledLine(summaryOf([plain('a', [1.2, 1.4], [0.01, -0.01]), plain('b', [1.5], [0.02])]));
    assert.match(line, /^Pooled over 2 plain scenarios \(3 runs\): cpuRatio median 1\.400 \(90% interval [\d.]+–[\d.]+\), 67% of runs above 1\.3; /);
    assert.match(line, /efficiencyDelta median \+0\.0100 \(90% interval [-+][\d.]+ – [-+][\d.]+\), 33% of runs below 0\.$/);
    assert.equal(line.split('\n').length, 1);
  });

  describe('in results.json', () => {
    let dir = '';
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fanout-bench-pooled-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('derives the pooled figures in the same write, and keeps them and any other top-level key through later writes', async () => {
      const path = join(dir, 'results.json');
      await writeFile(path, JSON.stringify({ scenarios: [{ name: 'context-7', billedRatio: 0.3 }], machine: 'ci' }));
      const merged = appendScenarioResults([plain('a', [1.2, 1.4], [0.01, 0.02])], path, pooledSummary);
      const pooled = summaryOf(merged.scenarios);
      assert.deepEqual(merged.pooled, pooled);

      const written = JSON.parse(await readFile(path, 'utf8')) as { readonly [key: string]: unknown };
      assert.deepEqual(Object.keys(written).sort(), ['machine', 'pooled', 'scenarios']);
      assert.deepEqual(written.pooled, pooled);
      assert.deepEqual(
        readResults(path).scenarios.map((s) => s.name),
        ['context-7', 'a'],
      );

      appendScenarioResults([{ name: 'ui-reduce', p99Ms: 1 }], path);
      const again = readResults(path);
      assert.deepEqual(again.pooled, pooled);
      assert.equal(again.machine, 'ci');
      assert.deepEqual(
        again.scenarios.map((s) => s.name),
        ['context-7', 'a', 'ui-reduce'],
      );
    });

    it('leaves out pooled figures that the merged scenarios no longer give', async () => {
      const path = join(dir, 'results.json');
      appendScenarioResults([plain('a', [1.2, 1.4], [0.01, 0.02])], path, pooledSummary);
      assert.notEqual(readResults(path).pooled, undefined);
      appendScenarioResults([{ name: 'a', stream: 'realistic' }], path, pooledSummary);
      assert.equal(readResults(path).pooled, undefined);
      assert.equal(Object.hasOwn(JSON.parse(await readFile(path, 'utf8')) as object, 'pooled'), false);
    });
  });
});
