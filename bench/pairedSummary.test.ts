/**
 * The arithmetic of `npm run bench:pairs` (run: npx mocha --no-config --node-option import=tsx --timeout 20000 bench/pairedSummary.test.ts):
 * medians per configuration, each round's ratio, the ratio of the sums, the JavaScript thread's figures
 * only where every round has them, and bad input refused.
 */
import { strict as assert } from 'node:assert';
import { summarisePairs, type Round } from './pairedSummary';

describe('bench paired rounds', () => {
  const rounds: Round[] = [
    { engine: { cpuMsPerTurn: 6, mainMsPerTurn: 4, wallMs: 600 }, sdk: { cpuMsPerTurn: 5, mainMsPerTurn: 2, wallMs: 500 } },
    { engine: { cpuMsPerTurn: 9, mainMsPerTurn: 6, wallMs: 900 }, sdk: { cpuMsPerTurn: 6, mainMsPerTurn: 4, wallMs: 600 } },
    { engine: { cpuMsPerTurn: 8, mainMsPerTurn: 5, wallMs: 800 }, sdk: { cpuMsPerTurn: 4, mainMsPerTurn: 5, wallMs: 400 } },
  ];

  it('pairs each round with itself: the median of the rounds’ ratios, not the ratio of the medians', () => {
    const summary = summarisePairs(rounds, [{ name: 'engine', against: 'sdk' }]);
    const [ratio] = summary.ratios;
    assert.ok(ratio);
    assert.deepEqual(ratio.rounds, [1.2, 1.5, 2]);
    assert.equal(ratio.median, 1.5);
    // The medians alone would say 8 / 5 = 1.6.
    assert.deepEqual(summary.medians.engine, { cpuMsPerTurn: 8, mainMsPerTurn: 5, wallMs: 800 });
    assert.deepEqual(summary.medians.sdk, { cpuMsPerTurn: 5, mainMsPerTurn: 4, wallMs: 500 });
    assert.equal(ratio.ofSums, 1.533); // 23 / 15
    assert.equal(ratio.mainMedian, 1.5); // 2, 1.5, 1
  });

  it('leaves out the JavaScript thread when a round did not measure it', () => {
    const partial: Round[] = [...rounds, { engine: { cpuMsPerTurn: 7, wallMs: 700 }, sdk: { cpuMsPerTurn: 7, mainMsPerTurn: 3, wallMs: 700 } }];
    const summary = summarisePairs(partial, [{ name: 'engine', against: 'sdk' }]);
    assert.equal(summary.ratios[0]?.mainMedian, undefined);
    assert.equal(summary.medians.engine?.mainMsPerTurn, undefined);
    assert.equal(summary.medians.sdk?.mainMsPerTurn, 3.5);
    assert.equal(summary.ratios[0]?.median, 1.35); // 1.2, 1.5, 2, 1
  });

  it('compares two engines with each other as well as with the floor', () => {
    const three: Round[] = [
      { engine: { cpuMsPerTurn: 6, wallMs: 600 }, against: { cpuMsPerTurn: 8, wallMs: 800 }, sdk: { cpuMsPerTurn: 5, wallMs: 500 } },
      { engine: { cpuMsPerTurn: 6, wallMs: 600 }, against: { cpuMsPerTurn: 5, wallMs: 500 }, sdk: { cpuMsPerTurn: 4, wallMs: 400 } },
    ];
    const summary = summarisePairs(three, [
      { name: 'engine', against: 'sdk' },
      { name: 'engine', against: 'against' },
    ]);
    assert.deepEqual(
      summary.ratios.map((r) => [r.name, r.against, r.median]),
      [
        ['engine', 'sdk', 1.35],
        ['engine', 'against', 0.975],
      ],
    );
  });

  it('refuses no rounds, and a comparison with a configuration no round has', () => {
    assert.throws(() => summarisePairs([], [{ name: 'engine', against: 'sdk' }]), /no rounds/);
    assert.throws(() => summarisePairs(rounds, [{ name: 'engine', against: 'tools' }]), /no "tools"/);
  });
});
