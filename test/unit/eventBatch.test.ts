import * as assert from 'node:assert/strict';
import { coalesceEvents, EventBatcher } from '../../src/core/run/eventBatch';
import { batchByTime } from '../support/batchByTime';
import type { RunEvent } from '../../src/core/run/events';
import { reduceRunEvents } from '../../src/core/run/runState';
import { syntheticRun } from '../support/syntheticRun';

describe('event batching for views', () => {
  it("merges an agent's text deltas and leaves everything else in order", () => {
    const run = syntheticRun({ agents: 4, events: 400, durationMs: 2000 });
    const merged = coalesceEvents(run);
    assert.ok(merged.length < run.length / 2, `${merged.length} of ${run.length}`);
    const nonText = (list: readonly RunEvent[]) => list.filter((e) => e.kind !== 'agent.text').map((e) => e.seq);
    assert.deepEqual(nonText(merged), nonText(run));
    const seqs = merged.map((e) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
  });

  it('reduces batched events to exactly the state of the raw events (32 agents, 20,000 events)', () => {
    const run = syntheticRun({ agents: 32, events: 20_000, durationMs: 60_000, seed: 7 });
    const batches = batchByTime(run, 250);
    const viaBatches = reduceRunEvents(batches.flat());
    assert.deepEqual(viaBatches, reduceRunEvents(run));
    assert.ok(batches.length <= 60_000 / 250 + 2, `${batches.length} messages for 60 s`);
    // Text really was coalesced: far fewer events cross to the view than were produced.
    assert.ok(batches.flat().length < run.length * 0.6, `${batches.flat().length} of ${run.length} events delivered`);
  });

  it('also matches mid-run, batch by batch', () => {
    const run = syntheticRun({ agents: 8, events: 3000, durationMs: 10_000, seed: 3 });
    const batches = batchByTime(run, 250);
    let delivered: RunEvent[] = [];
    for (const batch of batches) {
      delivered = [...delivered, ...batch];
      const lastSeq = batch[batch.length - 1]?.seq ?? 0;
      assert.deepEqual(reduceRunEvents(delivered), reduceRunEvents(run.filter((e) => e.seq <= lastSeq)));
    }
  });

  it('flushes early when a batch is full', () => {
    const delivered: number[] = [];
    const batcher = new EventBatcher({ maxBatch: 10, deliver: (b) => delivered.push(b.length), setTimer: () => 1, clearTimer: () => undefined });
    for (const e of syntheticRun({ agents: 1, events: 25, durationMs: 100 }).slice(0, 25)) batcher.push(e);
    assert.equal(delivered.length, 2);
  });
});
