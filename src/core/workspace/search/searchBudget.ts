/**
 * What one search may spend, shared by both engines: wall time (a deadline that also aborts the
 * ripgrep child), bytes the in-process engine reads, matching lines counted, and the event loop.
 * The in-process engine calls `breathe()` between lines and files: once it has held the thread for a
 * slice, it yields, so the other agents' streams and the window keep going while it searches.
 *
 * A cap that is reached stops the search with its results so far and a `stop` reason the tool
 * reports; a cancellation throws (the caller's signal's reason), as everywhere else.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Why a search ended before it looked at everything. */
export type SearchStop = 'time' | 'bytes' | 'count' | 'output';

export interface SearchCaps {
  /** Wall time for the whole search. */
  readonly timeoutMs: number;
  /** Characters the in-process engine may scan (staged content and, without ripgrep, the files). */
  readonly maxBytes: number;
  /** Matching lines counted: one more stops the search. */
  readonly maxCount: number;
}

/** Longest the in-process engine holds the event loop before it yields. */
export const SLICE_MS = 8;

export class SearchBudget {
  /** Aborts on cancellation or at the deadline: handed to child processes. */
  readonly signal: AbortSignal;
  #stop: SearchStop | undefined;
  #bytes = 0;
  #count = 0;
  #sliceStart: number;
  readonly #deadline: AbortController = new AbortController();
  readonly #timer: NodeJS.Timeout;

  constructor(
    readonly caps: SearchCaps,
    private readonly cancel: AbortSignal,
  ) {
    this.signal = AbortSignal.any([cancel, this.#deadline.signal]);
    this.#timer = setTimeout(() => {
      this.#stop ??= 'time';
      this.#deadline.abort(new Error('The search ran out of time.'));
    }, caps.timeoutMs);
    this.#timer.unref();
    this.#sliceStart = performance.now();
  }

  /** Why the search stopped, if it did. */
  get stop(): SearchStop | undefined {
    return this.#stop;
  }

  get counted(): number {
    return this.#count;
  }

  /** False once a cap is reached; throws when the search was cancelled. */
  ok(): boolean {
    this.cancel.throwIfAborted();
    return this.#stop === undefined;
  }

  /** Stops the search for a reason found outside (ripgrep's output cap). */
  halt(reason: SearchStop): void {
    this.#stop ??= reason;
  }

  /** Charges characters about to be scanned in process; false (and stopped) when they do not fit. */
  spend(chars: number): boolean {
    if (this.#bytes + chars > this.caps.maxBytes) {
      this.#stop ??= 'bytes';
      return false;
    }
    this.#bytes += chars;
    return true;
  }

  /** Counts one matching line; false (and stopped) when it is one over the cap: keep it only on true. */
  count(): boolean {
    if (this.#count >= this.caps.maxCount) {
      this.#stop ??= 'count';
      return false;
    }
    this.#count++;
    return true;
  }

  /** True once this slice has held the event loop long enough: time to `breathe()`. */
  due(): boolean {
    return performance.now() - this.#sliceStart >= SLICE_MS;
  }

  /** Yields to the event loop when `due()`; throws on cancellation. */
  async breathe(): Promise<void> {
    if (!this.due()) return;
    await yieldToEventLoop();
    this.#sliceStart = performance.now();
    this.cancel.throwIfAborted();
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
