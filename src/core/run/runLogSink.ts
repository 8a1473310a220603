/**
 * A run's log while it runs: one RunLogWriter per stretch of the run between its start (or a retry
 * that reopens it) and its end. The writer is closed when the run ends, so a finished run's log is
 * complete on disk; the next event after a reopen opens a writer again, appending to the same file.
 */
import { join } from 'node:path';
import type { RunEvent } from './events';
import { RUN_LOG_FILE, RunLogWriter } from '../store/runLog';

export class RunLogSink {
  readonly #path: string | undefined;
  #writer: RunLogWriter | undefined;

  /** `runDir` absent: the run stays in memory and nothing is written. */
  constructor(runDir: string | undefined) {
    this.#path = runDir !== undefined ? join(runDir, RUN_LOG_FILE) : undefined;
  }

  append(event: RunEvent): void {
    if (this.#path === undefined) return;
    this.#writer ??= new RunLogWriter(this.#path);
    this.#writer.append(event);
  }

  /** Flushes and closes the open writer; resolves (never rejects) once it is closed. */
  close(): Promise<void> {
    const writer = this.#writer;
    this.#writer = undefined;
    return writer === undefined ? Promise.resolve() : writer.close().catch(() => undefined);
  }
}
