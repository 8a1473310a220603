/**
 * The run log: a run's events as JSONL, one event per line, appended as they happen. Replaying it
 * rebuilds the run (history, window reload, tests). It never holds an API key: events carry none.
 */
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { RunEvent } from './events';

export const RUN_LOG_FILE = 'events.jsonl';

/** Appends events to a JSONL file through one buffered stream. */
export class RunLogWriter {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private corked = false;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.stream = createWriteStream(path, { flags: 'a', encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }

  append(event: RunEvent): void {
    if (this.failure) return;
    // Events of one tick (a turn's usage, tool call and result; a batch of agents starting) go out
    // in one write instead of one file-system request each.
    if (!this.corked) {
      this.corked = true;
      this.stream.cork();
      process.nextTick(() => {
        this.corked = false;
        this.stream.uncork();
      });
    }
    this.stream.write(`${JSON.stringify(event)}\n`);
  }

  /** Flushes and closes; rejects when any write failed. */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end(() => (this.failure ? reject(this.failure) : resolve()));
    });
  }
}

export interface ParsedRunLog {
  readonly events: readonly RunEvent[];
  /** Lines that were not events (a line torn by a crash mid-write, or foreign text), by 1-based line number. */
  readonly skippedLines: readonly number[];
}

function looksLikeEvent(value: unknown): value is RunEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.runId === 'string' && typeof v.seq === 'number' && typeof v.at === 'number' && typeof v.kind === 'string';
}

/** Parses JSONL text into events in seq order, skipping lines that are not events. */
export function parseRunLog(text: string): ParsedRunLog {
  const events: RunEvent[] = [];
  const skippedLines: number[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (looksLikeEvent(value)) {
        events.push(value);
        return;
      }
    } catch {
      // fall through: reported as skipped
    }
    skippedLines.push(index + 1);
  });
  events.sort((a, b) => a.seq - b.seq);
  return { events, skippedLines };
}

export function readRunLog(path: string): ParsedRunLog {
  return parseRunLog(readFileSync(path, 'utf8'));
}
