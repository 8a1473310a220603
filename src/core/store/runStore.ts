/**
 * The runs folder, owned by one store: one folder per run, named after it, holding the run log
 * (`<runsDir>/<runId>/events.jsonl`) and the content-addressed blobs its staging store wrote
 * (`blobs/<sha256>`), and for resuming an interrupted run the live marker while it is written
 * (`live.json`, `liveness.ts`) and the agents' conversations (`agents/`, `transcript.ts`). Nothing
 * else goes there, and no API key: events and transcripts carry none.
 *
 * The store creates run folders, lists them, replays a run from its log and appends to it. A run
 * has one writer: the engine's while it runs (`RunLogWriter` on the run's log), and afterwards the
 * store's appends (review decisions), stamped after the log's last seq and written through the same
 * shared log; an append while the engine still holds the log is refused (`RunLogBusyError`).
 * Appends to one run go one at a time. Listing and loading runs also removes the temp blobs a writer
 * killed mid-write left behind (`tempBlobs.ts`). Pure Node: the extension and the CLI use it alike.
 */
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { RunEvent, RunEventBody } from '../run/events';
import { appendStamped, lastSeqOf, parseRunLog, RUN_LOG_FILE } from './runLog';
import { reduceRunEvents, type RunState } from '../run/runState';
import { StagingStore } from '../workspace/staging';
import { sweepTempBlobs } from './tempBlobs';
import { errorCode } from '../workspace/errorCode';

export const BLOB_DIR = 'blobs';

/** A run replayed from its log. */
export interface LoadedRun {
  readonly runId: string;
  /** The run's folder. */
  readonly dir: string;
  /** The run's own events, in seq order. */
  readonly events: readonly RunEvent[];
  readonly state: RunState;
  /** Log lines that were not events (a line torn by a crash, or foreign text), 1-based. */
  readonly skippedLines: readonly number[];
}

/** True for a name that can be one folder directly under a folder: no separator, no NUL, not `.` or `..`. */
export function isRunId(runId: string): boolean {
  return runId !== '' && runId !== '.' && runId !== '..' && runId.length <= 255 && !/[/\\\0]/.test(runId);
}

export class RunStore {
  /** One append (or clean-up) at a time per run. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Runs whose abandoned temp blobs this store has looked for since it opened. */
  private readonly swept = new Set<string>();

  constructor(
    readonly runsDir: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The folder of a run; throws for an id that is not a folder directly under the runs folder. */
  dirOf(runId: string): string {
    const dir = this.childDir(runId);
    if (dir === undefined) throw new Error(`"${runId}" is not a run id.`);
    return dir;
  }

  /** The run's folder when `runId` resolves to a direct child of the runs folder, else undefined. */
  private childDir(runId: string): string | undefined {
    if (!isRunId(runId)) return undefined;
    const resolved = resolve(this.runsDir, runId);
    if (dirname(resolved) !== resolve(this.runsDir) || basename(resolved) !== runId) return undefined;
    return join(this.runsDir, runId);
  }

  logOf(runId: string): string {
    return join(this.dirOf(runId), RUN_LOG_FILE);
  }

  blobDirOf(runId: string): string {
    return join(this.dirOf(runId), BLOB_DIR);
  }

  /** Creates a run's folder; the engine then writes its log and blobs there. */
  async create(runId: string): Promise<string> {
    const dir = this.dirOf(runId);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Ids of the runs that have a log, in name order (ids start with their start time). */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = (await readdir(this.runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const ids: string[] = [];
    for (const name of names.sort()) {
      if (isRunId(name) && (await this.hasLog(name))) ids.push(name);
    }
    for (const id of ids) {
      if (!this.swept.has(id)) await this.sweep(id);
    }
    return ids;
  }

  /** Replays a run from its log; undefined when it has no log or no events. */
  async load(runId: string): Promise<LoadedRun | undefined> {
    if (this.childDir(runId) === undefined) return undefined;
    let text: string;
    try {
      text = await readFile(this.logOf(runId), 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    await this.sweep(runId);
    const { events, skippedLines } = parseRunLog(text);
    const id = events[0]?.runId;
    if (id === undefined) return undefined;
    const own = events.filter((e) => e.runId === id);
    return { runId: id, dir: this.dirOf(runId), events: own, state: reduceRunEvents(own), skippedLines };
  }

  /** The staged entries of a loaded run, read back from its blobs. Throws when a blob is missing. */
  staging(run: LoadedRun, workspaceRoot: string): Promise<StagingStore> {
    return StagingStore.fromEvents(workspaceRoot, run.events, { blobDir: join(run.dir, BLOB_DIR) });
  }

  /** The seq of the run's last event on disk (or being written), 0 when it has none. */
  lastSeq(runId: string): number {
    return lastSeqOf(this.logOf(runId));
  }

  /**
   * Appends events to an existing run's log, stamped after its last one; resolves with them as
   * written. Refused while the run's engine holds its log, and when the run's folder is gone.
   */
  append(runId: string, bodies: readonly RunEventBody[]): Promise<RunEvent[]> {
    return this.enqueue(runId, async () => {
      if (!(await this.hasLog(runId))) throw new Error(`The run folder ${this.dirOf(runId)} is gone; nothing was recorded.`);
      return appendStamped(this.logOf(runId), runId, bodies, this.now);
    });
  }

  /**
   * Cleans up a fully reviewed run: deletes its staged contents (`blobs/`) and keeps the run log,
   * which is small and is the run's history (reopenable, velocity charts).
   */
  removeBlobs(runId: string): Promise<void> {
    return this.enqueue(runId, () => rm(this.blobDirOf(runId), { recursive: true, force: true, maxRetries: 3 }));
  }

  /** Removes the temp blobs a writer that died left in the run's blob folder (see `tempBlobs.ts`). */
  private async sweep(runId: string): Promise<void> {
    this.swept.add(runId);
    await sweepTempBlobs(this.blobDirOf(runId), { now: this.now() });
  }

  private async hasLog(runId: string): Promise<boolean> {
    try {
      return (await stat(this.logOf(runId))).isFile();
    } catch {
      return false;
    }
  }

  private enqueue<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(runId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(runId, settled);
    void settled.then(() => {
      if (this.queues.get(runId) === settled) this.queues.delete(runId);
    });
    return next;
  }
}
