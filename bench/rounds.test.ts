/** The bench worker's rounds (run: npx mocha --no-config --node-option import=tsx bench/rounds.test.ts). */
import { strict as assert } from 'node:assert';
import { MIN_MEASURED_TURNS, poolRuns, roundsFor, type RunSample } from './rounds';

const sample = (over: Partial<RunSample>): RunSample => ({ cpuMs: 30, turns: 3, wallMs: 1000, meterWallMs: 1010, boundMs: 960, peakRssMb: 140, ...over });

describe('bench rounds', () => {
  it('runs a configuration until it has made the fewest measured turns, once when one run makes them', () => {
    assert.equal(roundsFor(3), Math.ceil(MIN_MEASURED_TURNS / 3));
    assert.equal(roundsFor(12) * 12 >= MIN_MEASURED_TURNS, true);
    assert.equal((roundsFor(25) - 1) * 25 < MIN_MEASURED_TURNS, true);
    assert.equal(roundsFor(MIN_MEASURED_TURNS), 1);
    assert.equal(roundsFor(96), 1);
    assert.throws(() => roundsFor(0), /at least one turn/);
  });

  it('sums CPU over turns and bounds over walls, keeps the highest peak and the mean wall', () => {
    const pooled = poolRuns([
      sample({ cpuMs: 30, mainThreadMs: 20, wallMs: 1000, meterWallMs: 1000, peakRssMb: 140 }),
      sample({ cpuMs: 60, mainThreadMs: 40, wallMs: 1200, meterWallMs: 1250, peakRssMb: 150 }),
    ]);
    assert.equal(pooled.rounds, 2);
    assert.equal(pooled.turns, 6);
    assert.equal(pooled.cpuMsPerTurn, 15); // 90 ms over 6 turns, not the mean of 10 and 20
    assert.equal(pooled.mainThreadMsPerTurn, 10);
    assert.equal(pooled.wallMs, 1100);
    assert.equal(pooled.efficiency, 1920 / 2200);
    assert.equal(pooled.cpuShareOfCore, 90 / 2250);
    assert.equal(pooled.peakRssMb, 150);
  });

  it('leaves the JavaScript thread out when a round did not measure it, and refuses no rounds', () => {
    assert.equal(poolRuns([sample({ mainThreadMs: 5 }), sample({})]).mainThreadMsPerTurn, undefined);
    assert.throws(() => poolRuns([]), /no measured run/);
  });
});
