/**
 * What is left to review: every run on disk replayed from its log, and the staged files of each
 * that are neither applied nor discarded. Review actions are recorded through the model, which
 * appends them to the run's log, folds them into the run's state and cleans the run up once
 * every file is reviewed. The SCM view, Explorer decorations, Problems and the staged file
 * system all render from it and listen to `onDidChange`.
 *
 * Runs are rebuilt from disk (`reload`) asynchronously after activation, so staged changes and
 * their review state survive a window reload. `exclusive` runs one review action at a time.
 */
import * as vscode from 'vscode';
import type { StagedEntry } from '../../core/engineTypes';
import type { FileChange, RunEventBody } from '../../core/events';
import { reduceRunEvents, type Finding } from '../../core/runState';
import { isFullyReviewed, type RunRepository, type StoredRun } from '../runs/runRepository';
import type { StagedRef } from './stagedUri';

export interface PendingFile {
  readonly runId: string;
  readonly taskId: string;
  readonly path: string;
  readonly change: FileChange;
  /** `conflict`: an accept was refused; the staged change is kept. */
  readonly review: 'pending' | 'conflict';
  readonly conflictMessage?: string;
  /** The author's task title. */
  readonly agentTitle: string;
  readonly entry: StagedEntry;
}

export interface ReviewRun {
  readonly runId: string;
  /** The run's request, shortened for labels. */
  readonly label: string;
  readonly startedAt: number;
  /** Task ids in plan order. */
  readonly agentOrder: readonly string[];
  readonly files: readonly PendingFile[];
}

/** Which runs changed; `all` after a reload. */
export interface ReviewChange {
  readonly runIds: readonly string[] | 'all';
}

export interface FileFilter {
  readonly runId?: string;
  readonly taskId?: string;
  readonly path?: string;
}

function shorten(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export class ReviewModel implements vscode.Disposable {
  private runs = new Map<string, StoredRun>();
  private readonly live = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The last scan of the runs folder; a staged URI read during it waits for it. */
  private latestReload: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<ReviewChange>();
  readonly onDidChange = this.changed.event;
  private readonly cancellation = new vscode.CancellationTokenSource();

  constructor(
    private readonly repo: RunRepository | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get runsDir(): string | undefined {
    return this.repo?.runsDir;
  }

  /** Runs with files left to review, newest first. */
  reviewRuns(): ReviewRun[] {
    const runs: ReviewRun[] = [];
    for (const run of this.runs.values()) {
      const files = this.filesOf(run);
      if (files.length > 0) {
        const { state } = run;
        runs.push({ runId: run.runId, label: shorten(state.plan?.request ?? run.runId), startedAt: state.startedAt ?? 0, agentOrder: state.agentOrder, files });
      }
    }
    return runs.sort((a, b) => b.startedAt - a.startedAt || (a.runId < b.runId ? 1 : -1));
  }

  /** Files left to review, narrowed by run, task and path. */
  pendingFiles(filter: FileFilter = {}): PendingFile[] {
    return this.reviewRuns()
      .filter((run) => filter.runId === undefined || run.runId === filter.runId)
      .flatMap((run) => run.files)
      .filter((f) => (filter.taskId === undefined || f.taskId === filter.taskId) && (filter.path === undefined || f.path === filter.path));
  }

  /** Findings validators reported in a run. */
  findings(runId: string): readonly Finding[] {
    return this.runs.get(runId)?.state.findings ?? [];
  }

  agentTitle(runId: string, taskId: string): string {
    return this.runs.get(runId)?.state.agents[taskId]?.title ?? taskId;
  }

  /** Runs one review action at a time (accepts, discards and reloads never interleave). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Rebuilds every run from disk; finishes the clean-up of runs found fully reviewed. */
  reload(): Promise<void> {
    this.latestReload = this.exclusive(async () => {
      const loaded = new Map<string, StoredRun>();
      for (const dir of (await this.repo?.listDirs()) ?? []) {
        if (this.cancellation.token.isCancellationRequested) return;
        const run = await this.loadDir(dir);
        if (!run || this.live.has(run.runId)) continue;
        if (isFullyReviewed(run.state)) await this.cleanUp(run);
        else loaded.set(run.runId, run);
      }
      this.runs = loaded;
      this.changed.fire({ runIds: 'all' });
    });
    return this.latestReload;
  }

  /** The staged entry behind a staged URI, loading its run on first use (a diff restored after a reload). */
  async stagedEntry(ref: StagedRef): Promise<StagedEntry | undefined> {
    if (!this.runs.has(ref.runId)) await this.latestReload?.catch(() => undefined);
    let run = this.runs.get(ref.runId);
    if (!run && !this.live.has(ref.runId)) {
      const dir = this.repo?.dirFor(ref.runId);
      run = dir === undefined ? undefined : await this.loadDir(dir);
      if (run?.runId === ref.runId && !this.runs.has(run.runId)) this.runs.set(run.runId, run);
    }
    const entry = run?.runId === ref.runId ? run.staging.entry(ref.path) : undefined;
    return entry?.taskId === ref.taskId ? entry : undefined;
  }

  /** Appends review events to a run's log and folds them in; cleans the run up when it is fully reviewed. */
  async record(runId: string, bodies: readonly RunEventBody[]): Promise<void> {
    const run = this.runs.get(runId);
    if (!run || !this.repo || bodies.length === 0) return;
    const events = await this.repo.append(run, bodies);
    const updated: StoredRun = { ...run, state: reduceRunEvents(events, run.state) };
    if (isFullyReviewed(updated.state)) {
      this.runs.delete(runId);
      await this.cleanUp(updated);
    } else {
      this.runs.set(runId, updated);
    }
    this.changed.fire({ runIds: [runId] });
  }

  /** Keeps a run that is still being written by a live engine out of the review until disposed. */
  holdLive(runId: string): vscode.Disposable {
    this.live.add(runId);
    if (this.runs.delete(runId)) this.changed.fire({ runIds: [runId] });
    return new vscode.Disposable(() => this.live.delete(runId));
  }

  dispose(): void {
    this.cancellation.cancel();
    this.cancellation.dispose();
    this.changed.dispose();
  }

  private filesOf(run: StoredRun): PendingFile[] {
    const files: PendingFile[] = [];
    for (const file of Object.values(run.state.files)) {
      if (file.review !== 'pending' && file.review !== 'conflict') continue;
      const entry = run.staging.entry(file.path);
      if (entry?.taskId !== file.taskId) continue; // the log and the blobs disagree: nothing safe to offer
      files.push({
        runId: run.runId,
        taskId: file.taskId,
        path: file.path,
        change: file.change,
        review: file.review,
        ...(file.conflictMessage !== undefined ? { conflictMessage: file.conflictMessage } : {}),
        agentTitle: this.agentTitleOf(run, file.taskId),
        entry,
      });
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private agentTitleOf(run: StoredRun, taskId: string): string {
    return run.state.agents[taskId]?.title ?? taskId;
  }

  private async loadDir(dir: string): Promise<StoredRun | undefined> {
    try {
      const run = await this.repo?.load(dir);
      if (run && run.skippedLines.length > 0) this.log.warn(`Run log ${dir} has unreadable lines ${run.skippedLines.join(', ')}; they were skipped.`);
      return run;
    } catch (error) {
      this.log.error(`Could not load the run in ${dir}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async cleanUp(run: StoredRun): Promise<void> {
    try {
      await this.repo?.remove(run.dir);
      this.log.info(`Run ${run.runId} is fully reviewed; removed ${run.dir}.`);
    } catch (error) {
      this.log.error(`Could not remove ${run.dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
