/**
 * Runs on disk, as the extension keeps them: one folder per run under the runs folder
 * (`<context.storageUri>/runs/<runId>/`, or `$FANOUT_RUNS_DIR` when set), holding the run log
 * (`events.jsonl`) and the content-addressed blobs the staging store wrote (`blobs/<sha256>`).
 * Nothing else goes there: events carry no API key.
 *
 * Loading replays the log (state via `reduceRunEvents`, staged entries via
 * `StagingStore.fromEvents`). Review actions are appended to the same log with an `EventStamper`
 * that continues its last seq, one append at a time per run. A run whose every staged file was
 * applied or discarded is cleaned up: its staged contents go, its log stays as history. Node only, so it is testable without VS Code.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { EventStamper, type RunEvent, type RunEventBody } from '../../core/events';
import { parseRunLog, RUN_LOG_FILE, RunLogWriter } from '../../core/runLog';
import { reduceRunEvents, type RunState } from '../../core/runState';
import { StagingStore } from '../../core/staging';

/** Environment variable that replaces the runs folder (tests and tooling that stage runs themselves). */
export const RUNS_DIR_ENV = 'FANOUT_RUNS_DIR';
export const BLOB_DIR = 'blobs';

export interface StoredRun {
  readonly runId: string;
  /** The run's folder. */
  readonly dir: string;
  readonly state: RunState;
  readonly staging: StagingStore;
  /** Log lines that were not events (a line torn by a crash). */
  readonly skippedLines: readonly number[];
}

/** True when the run staged files and every one of them was applied or discarded. */
export function isFullyReviewed(state: RunState): boolean {
  const files = Object.values(state.files);
  return files.length > 0 && files.every((f) => f.review === 'applied' || f.review === 'discarded');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

export class RunRepository {
  /** Last seq written per run folder, so appends continue the log. */
  private readonly lastSeq = new Map<string, number>();
  /** One append (or removal) at a time per run folder. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly runsDir: string,
    private readonly workspaceRoot: string,
  ) {}

  /** Folders under the runs folder that hold a run log, in name order. */
  async listDirs(): Promise<string[]> {
    let names: string[];
    try {
      names = (await readdir(this.runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const dirs: string[] = [];
    for (const name of names.sort()) {
      const dir = join(this.runsDir, name);
      if (await this.hasLog(dir)) dirs.push(dir);
    }
    return dirs;
  }

  /** The folder of a run by id (folders are named after their run). */
  dirFor(runId: string): string | undefined {
    const dir = join(this.runsDir, runId);
    return this.isRunDir(dir) ? dir : undefined;
  }

  /** Replays one run folder; undefined when it holds no events. Throws when a blob is missing. */
  async load(dir: string): Promise<StoredRun | undefined> {
    let text: string;
    try {
      text = await readFile(join(dir, RUN_LOG_FILE), 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    const { events, skippedLines } = parseRunLog(text);
    const runId = events[0]?.runId;
    if (runId === undefined) return undefined;
    const own = events.filter((e) => e.runId === runId);
    const state = reduceRunEvents(own);
    // A fully reviewed run keeps only its log: nothing is staged any more.
    const staging = isFullyReviewed(state)
      ? new StagingStore(this.workspaceRoot, {})
      : await StagingStore.fromEvents(this.workspaceRoot, own, { blobDir: join(dir, BLOB_DIR) });
    this.lastSeq.set(dir, Math.max(this.lastSeq.get(dir) ?? 0, own.at(-1)?.seq ?? 0));
    return { runId, dir, state, staging, skippedLines };
  }

  /** Appends review events to a run's log, stamped after its last event; returns them as written. */
  append(run: { readonly runId: string; readonly dir: string }, bodies: readonly RunEventBody[]): Promise<RunEvent[]> {
    return this.enqueue(run.dir, async () => {
      if (!(await this.hasLog(run.dir))) throw new Error(`The run folder ${run.dir} is gone; nothing was recorded.`);
      const stamper = new EventStamper(run.runId, Date.now, this.lastSeq.get(run.dir) ?? 0);
      const events = bodies.map((body) => stamper.stamp(body));
      const writer = new RunLogWriter(join(run.dir, RUN_LOG_FILE));
      for (const event of events) writer.append(event);
      await writer.close();
      this.lastSeq.set(run.dir, stamper.lastSeq);
      return events;
    });
  }

  /**
   * Cleans up a fully reviewed run: deletes its staged contents (`blobs/`) and keeps the run log,
   * which is small and is the run's history (reopenable, velocity charts). Only a direct child of
   * the runs folder.
   */
  remove(dir: string): Promise<void> {
    return this.enqueue(dir, async () => {
      if (!this.isRunDir(dir)) throw new Error(`${dir} is not a run folder under ${this.runsDir}.`);
      await rm(join(dir, BLOB_DIR), { recursive: true, force: true, maxRetries: 3 });
    });
  }

  private isRunDir(dir: string): boolean {
    const name = basename(dir);
    return resolve(dirname(resolve(dir))) === resolve(this.runsDir) && name !== '' && name !== '.' && name !== '..';
  }

  private async hasLog(dir: string): Promise<boolean> {
    try {
      return (await stat(join(dir, RUN_LOG_FILE))).isFile();
    } catch {
      return false;
    }
  }

  private enqueue<T>(dir: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(dir) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(dir, settled);
    void settled.then(() => {
      if (this.queues.get(dir) === settled) this.queues.delete(dir);
    });
    return next;
  }
}
