/**
 * A run's log while it runs: one RunLogWriter per stretch of the run between its start (or a retry
 * that reopens it) and its end. The writer is closed when the run ends, so a finished run's log is
 * complete on disk; the next event after a reopen opens a writer again, appending to the same file.
 *
 * Events are handed to the writer in batches, at most FLUSH_MS after they happened: a busy run emits
 * hundreds of events a second (streamed text, tool calls, usage), and one write per batch instead of
 * one per tick keeps the log's cost off the extension host. A crash loses at most the last batch;
 * `close()` writes whatever is pending first.
 *
 * An agent about to wait for the model (`quiet()`) is a moment to write the batch early: the events
 * of the turn it just ended (usage, tool calls and results, staged files) go out with the work that
 * produced them, instead of a timer waking an otherwise idle process for them FLUSH_MS later. Early
 * writes keep the pace of the timer's: none sooner than FLUSH_MS after the last write.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RunEvent } from './events';
import { RUN_LOG_FILE, RunLogWriter } from '../store/runLog';

/** Longest an event waits before it is handed to the log writer. */
export const FLUSH_MS = 50;

export class RunLogSink {
  readonly #path: string | undefined;
  #writer: RunLogWriter | undefined;
  #pending: RunEvent[] = [];
  #timer: NodeJS.Timeout | undefined;
  /** When the last batch was handed to the writer (performance.now()). */
  #lastFlush = Number.NEGATIVE_INFINITY;

  /** `runDir` absent: the run stays in memory and nothing is written. */
  constructor(runDir: string | undefined) {
    this.#path = runDir !== undefined ? join(runDir, RUN_LOG_FILE) : undefined;
  }

  append(event: RunEvent): void {
    if (this.#path === undefined) return;
    this.#pending.push(event);
    this.#timer ??= setTimeout(() => this.#flush(), FLUSH_MS);
  }

  /** A quiet moment: what is pending is written now, unless the last write was less than FLUSH_MS ago. */
  quiet(): void {
    if (this.#pending.length > 0 && performance.now() - this.#lastFlush >= FLUSH_MS) this.#flush();
  }

  /** Writes what is pending and closes the open writer; resolves (never rejects) once it is closed. */
  close(): Promise<void> {
    this.#flush();
    const writer = this.#writer;
    this.#writer = undefined;
    return writer === undefined ? Promise.resolve() : writer.close().catch(() => undefined);
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const events = this.#pending;
    if (events.length === 0 || this.#path === undefined) return;
    this.#pending = [];
    this.#lastFlush = performance.now();
    this.#writer ??= new RunLogWriter(this.#path);
    for (const event of events) this.#writer.append(event);
  }
}
