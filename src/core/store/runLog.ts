/**
 * The run log: a run's events as JSONL, one event per line, appended as they happen. Replaying it
 * rebuilds the run (history, window reload, tests). It never holds an API key: events carry none.
 *
 * One log file has one writer in this process: every `RunLogWriter` for a path shares one open file
 * (the engine's, and the run store's appends after the engine finished), so lines never interleave
 * and the last seq written is known without reading the log again. Opening a log repairs a torn tail
 * (a line a crash cut short) before anything is appended, so a new event never glues onto it.
 */
import { closeSync, createWriteStream, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, writeSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EventStamper, type RunEvent, type RunEventBody } from '../run/events';
import { errorCode } from '../workspace/errorCode';

export const RUN_LOG_FILE = 'events.jsonl';

/** Thrown when stamped events are appended to a log that a producer of its own seqs (an engine) holds open. */
export class RunLogBusyError extends Error {
  constructor(readonly path: string) {
    super(`The run log ${path} is still being written by its run; nothing was recorded.`);
    this.name = 'RunLogBusyError';
  }
}

/** One open log file, shared by every writer of its path. */
class OpenLog {
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  private corked = false;
  /** Writers that stamp their own events (an engine): while any is open, nothing else may stamp. */
  producers = 0;
  /** Everyone holding the file open (producers and stamped appends). */
  holders = 0;

  constructor(
    readonly path: string,
    /** The seq of the last event in the log (0 for a new log). */
    public lastSeq: number,
    /** The previous open of this path, still flushing: this one writes only after it has. */
    previous?: Promise<void>,
  ) {
    this.stream = createWriteStream(path, { flags: 'a', encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    if (previous) {
      // Counted: the per-tick cork/uncork pairs in `write` leave this one in place.
      this.stream.cork();
      void previous.then(() => this.stream.uncork());
    }
  }

  write(event: RunEvent): void {
    if (this.failure) return;
    this.lastSeq = Math.max(this.lastSeq, event.seq);
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

  /** Resolves once everything written so far is on disk; rejects when any write failed. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) {
        reject(this.failure);
        return;
      }
      this.stream.write('', () => (this.failure ? reject(this.failure) : resolve()));
    });
  }

  end(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end(() => (this.failure ? reject(this.failure) : resolve()));
    });
  }
}

/** Open logs of this process by absolute path. */
const openLogs = new Map<string, OpenLog>();
/** Logs whose last holder let go and whose stream is still flushing: their tail is not torn, only unwritten. */
const closingLogs = new Map<string, { readonly lastSeq: number; readonly done: Promise<void> }>();

function acquire(path: string, producer: boolean): OpenLog {
  const key = resolve(path);
  let log = openLogs.get(key);
  if (!log) {
    mkdirSync(dirname(key), { recursive: true });
    const closing = closingLogs.get(key);
    log = closing ? new OpenLog(key, closing.lastSeq, closing.done) : new OpenLog(key, repairTail(key));
    openLogs.set(key, log);
  }
  log.holders += 1;
  if (producer) log.producers += 1;
  return log;
}

function release(log: OpenLog, producer: boolean): Promise<void> {
  log.holders -= 1;
  if (producer) log.producers -= 1;
  if (log.holders > 0) return log.flush();
  openLogs.delete(log.path);
  const ended = log.end();
  const entry = { lastSeq: log.lastSeq, done: ended.catch(() => undefined) };
  closingLogs.set(log.path, entry);
  void entry.done.then(() => {
    if (closingLogs.get(log.path) === entry) closingLogs.delete(log.path);
  });
  return ended;
}

/** True while a writer holds the log at `path` open in this process. */
export function isRunLogOpen(path: string): boolean {
  return openLogs.has(resolve(path));
}

/**
 * Appends events an engine stamped itself. Writers of one path share one open file; `close` flushes
 * this writer's events and closes the file when it was the last one holding it.
 */
export class RunLogWriter {
  private log: OpenLog | undefined;

  constructor(readonly path: string) {
    this.log = acquire(path, true);
  }

  append(event: RunEvent): void {
    this.log?.write(event);
  }

  /** Flushes and closes; rejects when any write failed. */
  close(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    return log ? release(log, true) : Promise.resolve();
  }
}

/**
 * Stamps `bodies` after the last event of the log at `path` and appends them (review decisions after
 * the run ended). Refused with `RunLogBusyError` while an engine writes the log: its own seqs would
 * collide with these. Resolves with the events once they are on disk.
 */
export async function appendStamped(path: string, runId: string, bodies: readonly RunEventBody[], now: () => number = Date.now): Promise<RunEvent[]> {
  const busy = openLogs.get(resolve(path));
  if (busy && busy.producers > 0) throw new RunLogBusyError(path);
  const log = acquire(path, false);
  const stamper = new EventStamper(runId, now, log.lastSeq);
  const events = bodies.map((body) => stamper.stamp(body));
  for (const event of events) log.write(event);
  await release(log, false);
  return events;
}

/** The seq of the last event in the log at `path` (0 when it has none): the open writer's, else read from the tail. */
export function lastSeqOf(path: string): number {
  const key = resolve(path);
  const open = openLogs.get(key) ?? closingLogs.get(key);
  if (open) return open.lastSeq;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
  try {
    return readTail(fd).seq;
  } finally {
    closeSync(fd);
  }
}

const NEWLINE = 0x0a;
const CHUNK = 64 * 1024;

/** Offset where the line that ends at `end` (exclusive) starts: just after the previous newline, or 0. */
function lineStart(fd: number, end: number): number {
  const buffer = Buffer.alloc(CHUNK);
  let position = end;
  while (position > 0) {
    const length = Math.min(CHUNK, position);
    position -= length;
    readSync(fd, buffer, 0, length, position);
    const index = buffer.subarray(0, length).lastIndexOf(NEWLINE);
    if (index >= 0) return position + index + 1;
  }
  return 0;
}

function readText(fd: number, start: number, end: number): string {
  const buffer = Buffer.alloc(end - start);
  readSync(fd, buffer, 0, buffer.length, start);
  return buffer.toString('utf8');
}

function eventOf(line: string): RunEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return looksLikeEvent(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The seq of the last line that is an event, reading back from `end` (which follows a newline or is 0). */
function lastEventSeq(fd: number, end: number): number {
  let lineEnd = end;
  while (lineEnd > 0) {
    // `lineEnd` is just after a newline: the line is [start, lineEnd - 1).
    const start = lineStart(fd, lineEnd - 1);
    const event = eventOf(readText(fd, start, lineEnd - 1));
    if (event) return event.seq;
    lineEnd = start;
  }
  return 0;
}

/** The end of a log as it is on disk: its last seq, and a last line without its newline (a torn tail) when it has one. */
interface Tail {
  readonly seq: number;
  readonly torn?: { readonly start: number; readonly size: number; readonly whole: boolean };
}

function readTail(fd: number): Tail {
  const size = fstatSync(fd).size;
  if (size === 0) return { seq: 0 };
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === NEWLINE) return { seq: lastEventSeq(fd, size) };
  const start = lineStart(fd, size);
  const event = eventOf(readText(fd, start, size));
  return event ? { seq: event.seq, torn: { start, size, whole: true } } : { seq: lastEventSeq(fd, start), torn: { start, size, whole: false } };
}

/**
 * Makes the log end with a newline before anything is appended, and returns its last seq. A last
 * line without one was cut short by a crash mid-write: when it is still a whole event, the newline
 * is added; otherwise the fragment is cut off (it never was an event, and the next line would glue
 * onto it).
 */
function repairTail(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
  try {
    const tail = readTail(fd);
    if (tail.torn?.whole === true) writeSync(fd, '\n', tail.torn.size);
    else if (tail.torn) ftruncateSync(fd, tail.torn.start);
    return tail.seq;
  } finally {
    closeSync(fd);
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
    const event = eventOf(line);
    if (event) events.push(event);
    else skippedLines.push(index + 1);
  });
  events.sort((a, b) => a.seq - b.seq);
  return { events, skippedLines };
}

export function readRunLog(path: string): ParsedRunLog {
  return parseRunLog(readFileSync(path, 'utf8'));
}
