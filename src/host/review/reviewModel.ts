/**
 * What is left to review: every run in the runs folder replayed from its log, and the staged files
 * of each that are neither applied nor discarded. Review actions are recorded through the model,
 * which appends them to the run's log (through the runs service), folds them into the run's state
 * and cleans the run up once every file is reviewed. The SCM view, Explorer decorations, Problems
 * and the staged file system all render from it and listen to `onDidChange`.
 *
 * Runs are rebuilt from disk (`reload`) asynchronously after activation, so staged changes and
 * their review state survive a window reload. A run this window's engine is running stays out of
 * the review (its log is still being written); when it ends, the model takes it from the engine's
 * own state and staging store. `exclusive` runs one review action at a time.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Plan } from '../../core/plan/plan';
import type { StagedEntry } from '../../core/workspace/stagingTypes';
import type { FileChange } from '../../core/run/eventVocabulary';
import type { RunEventBody } from '../../core/run/events';
import { reduceRunEvents, type ChecksState, type Finding } from '../../core/run/runState';
import { isFullyReviewed, type StoredRun } from '../runs/runRepository';
import type { RunsChange, RunsService } from '../runs/runsService';
import type { StagedRef } from './stagedUri';
import { definedFields } from '../../core/definedFields';

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
  /** The run's check phase, when it had one (its verdict shows on each agent's group). */
  readonly checks?: ChecksState;
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
  private queue: Promise<unknown> = Promise.resolve();
  /** The last scan of the runs folder; a staged URI read during it waits for it. */
  private latestReload: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<ReviewChange>();
  readonly onDidChange = this.changed.event;
  private readonly cancellation = new vscode.CancellationTokenSource();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly service: RunsService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = service.onDidChange((change) => this.runsChanged(change));
  }

  get runsDir(): string | undefined {
    return this.service.runsDir;
  }

  /** Runs with files left to review, newest first. */
  reviewRuns(): ReviewRun[] {
    const runs: ReviewRun[] = [];
    for (const run of this.runs.values()) {
      const files = this.filesOf(run);
      if (files.length > 0) {
        const { state } = run;
        runs.push({
          runId: run.runId,
          label: shorten(state.plan?.request ?? run.runId),
          startedAt: state.startedAt ?? 0,
          agentOrder: state.agentOrder,
          files,
          ...(state.checks ? { checks: state.checks } : {}),
        });
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

  /** The plan a run was started with: what each of its tasks was allowed to write. */
  planOf(runId: string): Plan | undefined {
    return this.runs.get(runId)?.state.plan;
  }

  /** A run's check phase (its verdict, what still fails and whose files it points at), if it had one. */
  checksOf(runId: string): ChecksState | undefined {
    return this.runs.get(runId)?.state.checks;
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
      for (const runId of await this.service.list()) {
        if (this.cancellation.token.isCancellationRequested) return;
        if (this.service.isRunning(runId)) continue;
        const run = await this.loadRun(runId);
        if (!run || this.service.isRunning(run.runId)) continue;
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
    if (this.service.isRunning(ref.runId)) {
      // A live run: what its engine staged so far, straight from its staging store.
      const live = this.service.handle(ref.runId)?.staging.entry(ref.path);
      return live?.taskId === ref.taskId ? live : undefined;
    }
    let run = this.runs.get(ref.runId);
    if (!run) {
      run = await this.loadRun(ref.runId);
      if (run?.runId === ref.runId && !this.runs.has(run.runId) && !this.service.isRunning(run.runId)) this.runs.set(run.runId, run);
    }
    const entry = run?.runId === ref.runId ? run.staging.entry(ref.path) : undefined;
    return entry?.taskId === ref.taskId ? entry : undefined;
  }

  /** Appends review events to a run's log and folds them in; cleans the run up when it is fully reviewed. */
  async record(runId: string, bodies: readonly RunEventBody[]): Promise<void> {
    const run = this.runs.get(runId);
    if (!run || bodies.length === 0) return;
    const events = await this.service.append(runId, bodies);
    const updated: StoredRun = { ...run, state: reduceRunEvents(events, run.state) };
    if (isFullyReviewed(updated.state)) {
      this.runs.delete(runId);
      await this.cleanUp(updated);
    } else {
      this.runs.set(runId, updated);
    }
    this.changed.fire({ runIds: [runId] });
  }

  dispose(): void {
    this.subscription.dispose();
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
        ...definedFields({ conflictMessage: file.conflictMessage }),
        agentTitle: this.agentTitleOf(run, file.taskId),
        entry,
      });
    }
    return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private agentTitleOf(run: StoredRun, taskId: string): string {
    return run.state.agents[taskId]?.title ?? taskId;
  }

  /**
   * A run started in this window stays out while its engine writes its log, and comes in as the
   * engine left it once it settles.
   */
  private runsChanged(change: RunsChange): void {
    if (change.kind === 'started') {
      if (this.runs.delete(change.runId)) this.changed.fire({ runIds: [change.runId] });
    } else if (change.kind === 'ended') {
      void this.exclusive(async () => {
        const run = this.service.settledRun(change.runId) ?? (await this.loadRun(change.runId));
        if (!run || this.service.isRunning(run.runId)) return;
        this.runs.set(run.runId, run);
        this.changed.fire({ runIds: [run.runId] });
      });
    }
  }

  private dirOf(runId: string): string {
    return join(this.service.runsDir ?? '', runId);
  }

  private async loadRun(runId: string): Promise<StoredRun | undefined> {
    try {
      const run = await this.service.loadStored(runId);
      if (run && run.skippedLines.length > 0)
        this.log.warn(`Run log ${this.dirOf(runId)} has unreadable lines ${run.skippedLines.join(', ')}; they were skipped.`);
      return run;
    } catch (error) {
      this.log.error(`Could not load the run in ${this.dirOf(runId)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async cleanUp(run: StoredRun): Promise<void> {
    try {
      await this.service.removeBlobs(run.runId);
      this.log.info(`Run ${run.runId} is fully reviewed; removed ${this.dirOf(run.runId)}.`);
    } catch (error) {
      this.log.error(`Could not remove ${this.dirOf(run.runId)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
