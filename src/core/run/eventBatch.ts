/**
 * Batching of run events for a view: events are buffered and flushed a few times a second, and
 * consecutive text deltas of one agent are merged into one event. Reducing a batch gives exactly
 * the state the raw events give (merged text is the concatenation, the merged event keeps the last
 * seq and time), so nothing is lost.
 */
import type { RunEvent, RunEventOf } from './events';

/**
 * Merges the `agent.text` events of one agent in a batch: each run of its text events with the same
 * source (answer text or thinking), unbroken by a text event of the other source, becomes one event
 * at the place of the run's last one. An agent's text tail depends only on its own text events, in
 * order, so moving earlier deltas forward into a later event leaves the reduced state unchanged, seq
 * order is kept, and no piece changes its source.
 */
export function coalesceEvents(events: readonly RunEvent[]): RunEvent[] {
  // For each text event: whether the next text event of the same agent continues its run.
  const continued = new Set<number>();
  const lastText = new Map<string, { readonly index: number; readonly source: string }>();
  events.forEach((event, index) => {
    if (event.kind !== 'agent.text') return;
    const source = event.source ?? 'text';
    const previous = lastText.get(event.taskId);
    if (previous?.source === source) continued.add(previous.index);
    lastText.set(event.taskId, { index, source });
  });
  if (continued.size === 0) return [...events];
  const pending = new Map<string, string>();
  const out: RunEvent[] = [];
  events.forEach((event, index) => {
    if (event.kind !== 'agent.text') {
      out.push(event);
      return;
    }
    const text = (pending.get(event.taskId) ?? '') + event.text;
    if (continued.has(index)) {
      pending.set(event.taskId, text);
    } else {
      pending.delete(event.taskId);
      out.push(text === event.text ? event : ({ ...event, text } satisfies RunEventOf<'agent.text'>));
    }
  });
  return out;
}

export interface EventBatcherOptions {
  /** Delivers one batch (already coalesced, in seq order). */
  readonly deliver: (events: readonly RunEvent[]) => void;
  /** Time between flushes; 250 ms gives at most 4 messages per second. */
  readonly intervalMs?: number;
  /** Flush early when this many events are waiting (bounds memory and message size). */
  readonly maxBatch?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

/** Buffers events and delivers them in coalesced batches on a timer. */
export class EventBatcher {
  private buffer: RunEvent[] = [];
  private timer: unknown;
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: EventBatcherOptions) {
    this.intervalMs = options.intervalMs ?? 250;
    this.maxBatch = options.maxBatch ?? 5000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  push(event: RunEvent): void {
    this.buffer.push(event);
    if (this.buffer.length >= this.maxBatch) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = this.setTimer(() => this.flush(), this.intervalMs);
    }
  }

  /** Delivers what is buffered now (run end, view becoming visible). */
  flush(): void {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const batch = coalesceEvents(this.buffer);
    this.buffer = [];
    this.options.deliver(batch);
  }

  /** Drops what is buffered (the view will get a fresh snapshot instead). */
  reset(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.buffer = [];
  }

  dispose(): void {
    this.reset();
  }
}
