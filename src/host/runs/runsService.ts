/**
 * The window's one door to its runs: the run store (the runs folder) plus the runs this window's
 * engine is running. The review, the history and the sidebar read runs here and subscribe to
 * `onDidChange`; nobody else opens the runs folder.
 *
 * A run started here is live until its engine settles: its log is still being written, so it stays
 * out of the review, appends to it are refused, and whoever wants what it staged so far reads the
 * engine's own staging store (`handle(runId).staging`). When it settles, `ended` fires and the review
 * takes the run from the handle (its state and staging are complete; no re-read of the folder). A
 * retry reopens it (`started` again), unless review decisions were appended meanwhile: the engine
 * cannot continue a log with events after its own. The live runs are tracked in `liveRuns.ts`.
 *
 * A run's log that ends without `run.finished` is either still written (by this window's engine, or
 * by another window or a CLI process whose live marker is fresh) or was interrupted (a reload, a crash,
 * `kill -9`): such a run reads `interrupted`, never `running`, and can be resumed here (`resume`, the
 * engine continues the same log) or discarded (`discard`: the run ends cancelled, its pending files
 * discarded). A window that closes interrupts its live runs (`interruptAll`) rather than cancelling them.
 *
 * Runs started here search with the ripgrep VS Code ships (`runEngine.ts`, from the app root the
 * window passes), so a model's search pattern runs in a child process, never in the host.
 *
 * No `vscode` import: unit-tested in Node.
 */
import type { ResumeOptions, RunHandle, RunOptions } from '../../core/run/engineTypes';
import type { RunEvent, RunEventBody } from '../../core/run/events';
import { markInterrupted, type RunState } from '../../core/run/runState';
import { isInterrupted } from '../../core/store/liveness';
import type { LoadedRun, RunStore } from '../../core/store/runStore';
import { StagingStore } from '../../core/workspace/staging';
import type { RunSummary } from '../../protocol/messages';
import { Emitter, type Event } from './emitter';
import { HISTORY_LIMIT, listHistory } from './history';
import { importRunFolder, type ImportedRun } from '../../core/store/importRun';
import { discardEvents, interruptedOrThrow } from './interruption';
import { INTERRUPT_WAIT_MS, LiveRuns } from './liveRuns';
import { isFullyReviewed, type StoredRun } from './runRepository';
import { RunEngine, type BuildRun, type RunEngineOptions } from './runEngine';
import type { RetryOutcome, RunsChange } from './runsChange';

export type { RetryOutcome, RunsChange, RunsChangeKind } from './runsChange';
export { INTERRUPT_WAIT_MS } from './liveRuns';
export { DISCARDED_MESSAGE } from './interruption';

export interface RunsServiceOptions extends RunEngineOptions {
  readonly store: RunStore | undefined;
  readonly workspaceRoot: string | undefined;
}

export class RunsService {
  private readonly changed = new Emitter<RunsChange>();
  readonly onDidChange: Event<RunsChange> = this.changed.event;
  /** The runs this window's engine runs. */
  private readonly live: LiveRuns;
  /** Runs whose resume is under way (between the ask and the engine's handle). */
  private readonly resuming = new Set<string>();
  private readonly engine: RunEngine;

  constructor(private readonly options: RunsServiceOptions) {
    this.engine = new RunEngine(options);
    this.live = new LiveRuns({ fire: (change) => this.changed.fire(change), storedLastSeq: (runId) => options.store?.lastSeq(runId) });
  }

  /** The runs folder, or undefined when no local folder is open. */
  get runsDir(): string | undefined {
    return this.options.workspaceRoot === undefined ? undefined : this.options.store?.runsDir;
  }

  /**
   * Starts a run in a new folder of the store; `build` gets its id and folder. Throws what the
   * engine throws (a plan with errors), with nothing started.
   */
  start(build: BuildRun<RunOptions>): RunHandle {
    const handle = this.engine.start(this.storeOrThrow(), build);
    this.live.add(handle, false);
    return handle;
  }

  /**
   * Continues an interrupted run in its own folder, as the live run of this window (`started`, then
   * `ended` when it settles, as for a new run); `build` gets its id and folder. Throws, with nothing
   * started, when the run is not interrupted (ended, or written elsewhere) or the engine refuses.
   */
  async resume(runId: string, build: BuildRun<ResumeOptions>): Promise<RunHandle> {
    const store = this.storeOrThrow();
    if (this.resuming.has(runId)) throw new Error(`Run ${runId} is already being resumed.`);
    this.resuming.add(runId);
    try {
      await this.interruptedState(runId);
      const handle = await this.engine.resume(store, runId, build);
      this.live.add(handle, true);
      return handle;
    } finally {
      this.resuming.delete(runId);
    }
  }

  /**
   * Ends an interrupted run for good: appends `run.finished` (cancelled) and `review.discarded` for
   * every staged file still waiting, so nothing of it can be applied. Resolves with its state after.
   * Throws when the run is not interrupted.
   */
  async discard(runId: string): Promise<RunState> {
    await this.append(runId, discardEvents(await this.interruptedState(runId)));
    const after = await this.state(runId);
    if (!after) throw new Error(`Run ${runId} is no longer on disk.`);
    return after;
  }

  /**
   * Stops a live run of this window without ending it (the window closes): its agents stop, its log
   * closes without `run.finished`, and it reads `interrupted` afterwards. Resolves when the log is
   * closed; the same promise for a run already being interrupted; at once for a run not running here.
   */
  interrupt(runId: string): Promise<void> {
    return this.live.interrupt(runId);
  }

  /** Interrupts every live run of this window; resolves when their logs are closed, or after `waitMs`. */
  interruptAll(waitMs = INTERRUPT_WAIT_MS): Promise<void> {
    return this.live.interruptAll(waitMs);
  }

  /** The engine of a run started in this window (until released). */
  handle(runId: string): RunHandle | undefined {
    return this.live.handle(runId);
  }

  /** True while a run of this window's engine has not settled. */
  isRunning(runId: string): boolean {
    return this.live.isRunning(runId);
  }

  /**
   * Queues an agent of a run started in this window again (reopening the run when it had ended).
   * `reviewed`: files of the run were already accepted or discarded, so it cannot continue.
   */
  retryAgent(runId: string, taskId: string): RetryOutcome {
    return this.live.retryAgent(runId, taskId);
  }

  /** Forgets the engine of an ended run (its log on disk stays); a running one stays until it settles. */
  release(runId: string): void {
    this.live.release(runId);
  }

  /** Ids of the runs in the folder, in name order. */
  async list(): Promise<string[]> {
    return (await this.options.store?.list()) ?? [];
  }

  /**
   * A run as it is now: the live engine's state, else replayed from its log, `interrupted` when the
   * log ends mid-run and nothing writes it any more (a `running` one is written elsewhere).
   */
  async state(runId: string): Promise<RunState | undefined> {
    const handle = this.live.liveHandle(runId);
    if (handle) return handle.state();
    const run = await this.load(runId);
    if (!run) return undefined;
    return this.live.isInterrupted(runId) || isInterrupted(run.dir, run.state) ? markInterrupted(run.state) : run.state;
  }

  /** True when the run's log is being written by another window or a CLI process (not resumable here). */
  isRunningElsewhere(runId: string, state: RunState): boolean {
    return state.status === 'running' && !this.live.isRunning(runId);
  }

  /** Replays a run from its log (undefined without one). */
  async load(runId: string): Promise<LoadedRun | undefined> {
    return this.options.store?.load(runId);
  }

  /**
   * A run with its staged entries for the review, replayed from the folder; a fully reviewed run
   * has nothing staged any more. Throws when a blob is missing.
   */
  async loadStored(runId: string): Promise<StoredRun | undefined> {
    const store = this.options.store;
    const root = this.options.workspaceRoot;
    const run = store && root !== undefined ? await store.load(runId) : undefined;
    if (!store || root === undefined || !run) return undefined;
    const staging = isFullyReviewed(run.state) ? new StagingStore(root, {}) : await store.staging(run, root);
    return { runId: run.runId, state: run.state, staging, skippedLines: run.skippedLines };
  }

  /** A run of this window's engine that has settled, as the engine left it (no re-read of the folder). */
  settledRun(runId: string): StoredRun | undefined {
    const handle = this.live.settledHandle(runId);
    if (!handle) return undefined;
    return { runId, state: handle.state(), staging: handle.staging, skippedLines: [] };
  }

  /** Summaries of the newest runs, newest first. */
  history(limit = HISTORY_LIMIT): Promise<RunSummary[]> {
    return listHistory(
      {
        list: () => this.list(),
        running: () => this.live.runningIds(),
        state: (runId) => this.state(runId),
        elsewhere: (state) => this.isRunningElsewhere(state.runId, state),
      },
      limit,
    );
  }

  /**
   * Imports a run folder made elsewhere (`fanout run --out DIR` on a CI runner) into this window's
   * runs, where the review lists its staged files like any ended run's. Throws `RunImportError`
   * saying why a folder cannot be imported (nothing copied).
   */
  async importRun(folder: string): Promise<ImportedRun> {
    const store = this.storeOrThrow();
    const imported = await importRunFolder(folder, store, this.options.workspaceRoot ?? '');
    const state = (await this.state(imported.runId).catch(() => undefined)) ?? imported.state;
    this.changed.fire({ kind: 'ended', runId: imported.runId, state });
    return { ...imported, state };
  }

  /** Appends events (review decisions) to a run that is not running; resolves with them as written. */
  async append(runId: string, bodies: readonly RunEventBody[]): Promise<RunEvent[]> {
    const store = this.storeOrThrow();
    if (this.live.isRunning(runId)) throw new Error(`Run ${runId} is still running; its changes can be reviewed once it ends.`);
    const events = await store.append(runId, bodies);
    this.changed.fire({ kind: 'appended', runId, events });
    return events;
  }

  /** Deletes a fully reviewed run's staged contents; its log stays as history. */
  async removeBlobs(runId: string): Promise<void> {
    await this.storeOrThrow().removeBlobs(runId);
    this.changed.fire({ kind: 'cleaned', runId });
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** The run's state when it is interrupted; otherwise throws saying why it cannot be resumed or discarded. */
  private async interruptedState(runId: string): Promise<RunState> {
    if (this.live.isRunning(runId)) throw new Error(`Run ${runId} is running in this window; cancel it from the Fanout view instead.`);
    return interruptedOrThrow(runId, await this.state(runId));
  }

  private storeOrThrow(): RunStore {
    const store = this.options.store;
    if (!store || this.options.workspaceRoot === undefined) throw new Error('Fanout keeps runs in the workspace storage: open a local folder first.');
    return store;
  }
}
