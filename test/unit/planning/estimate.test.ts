import * as assert from 'node:assert/strict';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import { DEFAULT_MODELS } from '../../../src/core/defaults';
import { ModelTable } from '../../../src/core/model/modelTable';
import { estimatePlanCost, ownedFileWeight } from '../../../src/core/planning/estimate';
import { DEFAULT_PRICES, effectivePrices } from '../../../src/core/model/prices';
import { goodPlan, goodPlanWithReview } from '../../fixtures/planning/goodPlan';
import { MODELS, planOf, spec } from './helpers';

const PRICED = { [MODELS.agent]: { input: 3, output: 15 }, [MODELS.validator]: { input: 1, output: 5 } };
/** The test models on the older tokenizer (4 bytes a token), so the documented arithmetic reads plainly. */
const PLAIN = new ModelTable({ [MODELS.agent]: { tokenizerFactor: 1 }, [MODELS.validator]: { tokenizerFactor: 1 } });

function single(task: TaskSpec): Plan {
  return { id: 'p', request: 'r', route: 'complex', tasks: [task], lint: [] };
}

describe('estimatePlanCost', () => {
  it('prices one writing task exactly as documented (4–12 turns, prefix written once, conversation cached)', () => {
    const task: TaskSpec = { id: 'a', title: 'T', phase: 'implement', role: 'R', instructions: 'x'.repeat(391), owns: ['src/a.ts'], reads: [], dependsOn: [] };
    const estimate = estimatePlanCost(single(task), { prices: PRICED, models: MODELS, modelTable: PLAIN, sharedPrefixTokens: 10_000 });
    // low: 4 turns; brief 250 + 101 tokens; output 4*300; write 10,000 + 351 + 3*900; read 3*10,351 + 900*3.
    assert.equal(estimate.lowTokens, 48_004);
    assert.ok(estimate.lowUsd !== null && Math.abs(estimate.lowUsd - (1_200 * 15 + 13_051 * 3.75 + 33_753 * 0.3) / 1_000_000) < 1e-12);
    assert.equal(estimate.highTokens, 382_812);
    assert.ok(estimate.highUsd !== null && Math.abs(estimate.highUsd - 0.50264955) < 1e-9);
    assert.deepEqual(estimate.unpricedModels, []);
    assert.match(estimate.basis, /^1 task \(1 writing, 0 validating\): writing tasks 4–12 turns .* shared prefix ~10,000 tokens/);
  });

  it("counts text with the model's tokenizer factor (the current models count ~30% more than 4 bytes a token)", () => {
    const task: TaskSpec = { id: 'a', title: 'T', phase: 'implement', role: 'R', instructions: 'x'.repeat(391), owns: ['src/a.ts'], reads: [], dependsOn: [] };
    const plain = estimatePlanCost(single(task), { prices: PRICED, models: MODELS, modelTable: PLAIN, repoMapBytes: 40_000, sharedPrefixBytes: 40_000 });
    const newer = estimatePlanCost(single(task), {
      prices: PRICED,
      models: MODELS,
      modelTable: new ModelTable({ [MODELS.agent]: { tokenizerFactor: 1.3 } }),
      repoMapBytes: 40_000,
      sharedPrefixBytes: 40_000,
    });
    assert.match(plain.basis, /shared prefix ~20,000 tokens/);
    assert.match(newer.basis, /shared prefix ~26,000 tokens/);
    const ratio = newer.lowTokens / plain.lowTokens;
    assert.ok(ratio > 1.29 && ratio < 1.31, `ratio ${ratio}`);
    // Sonnet 5.5 is on the newer tokenizer in the built-in table.
    const sonnet = estimatePlanCost(single({ ...task, model: 'claude-sonnet-5-5' }), {
      prices: DEFAULT_PRICES,
      models: MODELS,
      repoMapBytes: 40_000,
      sharedPrefixBytes: 40_000,
    });
    assert.equal(sonnet.lowTokens, newer.lowTokens);
  });

  it('gives a dollar range with the default models and the built-in prices', () => {
    const estimate = estimatePlanCost(goodPlanWithReview, { prices: effectivePrices({}), models: DEFAULT_MODELS, repoMapBytes: 12_000 });
    assert.deepEqual(estimate.unpricedModels, []);
    assert.ok(estimate.lowUsd !== null && estimate.highUsd !== null, 'priced');
    assert.ok(estimate.lowUsd > 0 && estimate.lowUsd < estimate.highUsd);
    // Eight tasks on Sonnet 5.5 stay well under the default $5 run cap.
    assert.ok(estimate.highUsd < 5, `high ${estimate.highUsd}`);
  });

  it('prices each turn on its own, so a model priced by prompt length pays the tier of each turn', () => {
    const task: TaskSpec = {
      id: 'a',
      title: 'T',
      phase: 'implement',
      role: 'R',
      instructions: 'x',
      owns: ['src/a.ts'],
      reads: [],
      dependsOn: [],
      model: 'claude-haiku-5-5',
    };
    // A 97,000-token prefix: the first three turns stay under Haiku 5.5's 100,000-token tier, later turns go over it.
    const estimate = estimatePlanCost(single(task), { prices: DEFAULT_PRICES, models: MODELS, sharedPrefixTokens: 97_000 });
    const allLow = estimatePlanCost(single(task), {
      prices: { 'claude-haiku-5-5': { ...DEFAULT_PRICES['claude-haiku-5-5'], tiers: [DEFAULT_PRICES['claude-haiku-5-5'].tiers![0]!] } },
      models: MODELS,
      sharedPrefixTokens: 97_000,
    });
    const allHigh = estimatePlanCost(single(task), {
      prices: { 'claude-haiku-5-5': { ...DEFAULT_PRICES['claude-haiku-5-5'], tiers: [DEFAULT_PRICES['claude-haiku-5-5'].tiers![1]!] } },
      models: MODELS,
      sharedPrefixTokens: 97_000,
    });
    assert.ok(estimate.lowUsd !== null && allLow.lowUsd !== null && allHigh.lowUsd !== null);
    assert.ok(allLow.lowUsd < estimate.lowUsd && estimate.lowUsd < allHigh.lowUsd, `${allLow.lowUsd} < ${estimate.lowUsd} < ${allHigh.lowUsd}`);
  });

  it('is deterministic and low is below high', () => {
    const options = { prices: PRICED, models: MODELS, repoMapTokens: 4_000 };
    const first = estimatePlanCost(goodPlanWithReview, options);
    assert.deepEqual(estimatePlanCost(goodPlanWithReview, options), first);
    assert.ok(first.lowUsd !== null && first.highUsd !== null && first.lowUsd < first.highUsd);
    assert.ok(first.lowTokens < first.highTokens);
  });

  it('grows with owned files, the repo map and the number of tasks', () => {
    const one = estimatePlanCost(single(spec('a', 'implement', ['src/a.ts'])), { prices: PRICED, models: MODELS });
    const globbed = estimatePlanCost(single(spec('a', 'implement', ['src/a/**'])), { prices: PRICED, models: MODELS });
    const mapped = estimatePlanCost(single(spec('a', 'implement', ['src/a.ts'])), { prices: PRICED, models: MODELS, repoMapTokens: 8_000 });
    assert.ok(globbed.lowTokens > one.lowTokens && globbed.highTokens > one.highTokens);
    assert.ok(mapped.lowTokens > one.lowTokens);
    assert.equal(ownedFileWeight(spec('a', 'implement', ['src/a.ts', 'src/b/**', 'src/c'])), 7);
    const seven = estimatePlanCost(goodPlan, { prices: PRICED, models: MODELS });
    const eight = estimatePlanCost(goodPlanWithReview, { prices: PRICED, models: MODELS });
    assert.ok(eight.lowTokens > seven.lowTokens);
  });

  it('prices validators with the validator model and honours a task model', () => {
    const review = spec('review', 'validate', []);
    const cheap = estimatePlanCost(single(review), { prices: PRICED, models: MODELS, sharedPrefixTokens: 5_000 });
    const dear = estimatePlanCost(single({ ...review, model: MODELS.agent }), { prices: PRICED, models: MODELS, sharedPrefixTokens: 5_000 });
    assert.equal(cheap.lowTokens, dear.lowTokens);
    assert.ok(cheap.lowUsd !== null && dear.lowUsd !== null);
    assert.ok(Math.abs(dear.lowUsd - cheap.lowUsd * 3) < 1e-12);
  });

  it('null bounds and the unpriced models listed when a model has no price', () => {
    const plan = planOf([spec('a', 'implement', ['src/a.ts'], { model: 'mystery-model' }), spec('b', 'implement', ['src/b.ts']), spec('qa', 'validate', [])]);
    const estimate = estimatePlanCost(plan, { prices: { [MODELS.agent]: { input: 3, output: 15 } }, models: MODELS });
    assert.equal(estimate.lowUsd, null);
    assert.equal(estimate.highUsd, null);
    assert.deepEqual(estimate.unpricedModels, ['mystery-model', MODELS.validator]);
    assert.ok(estimate.lowTokens > 0);
  });
});
