/** Delivers events through an EventBatcher driven by the events' own timestamps (a virtual clock). */
import { EventBatcher } from '../../src/core/run/eventBatch';
import type { RunEvent } from '../../src/core/run/events';

export function batchByTime(events: readonly RunEvent[], intervalMs: number): RunEvent[][] {
  const batches: RunEvent[][] = [];
  let due: { at: number; fn: () => void } | undefined;
  let now = events[0]?.at ?? 0;
  const batcher = new EventBatcher({
    intervalMs,
    deliver: (batch) => batches.push([...batch]),
    setTimer: (fn, ms) => (due = { at: now + ms, fn }),
    clearTimer: () => (due = undefined),
  });
  for (const event of events) {
    now = event.at;
    if (due && due.at <= now) {
      const { fn } = due;
      due = undefined;
      fn();
    }
    batcher.push(event);
  }
  batcher.flush();
  return batches;
}
