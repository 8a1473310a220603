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
 * cannot continue a log with events after its own.
 *
 * A run's log that ends without `run.finished` is either still written (by this window's engine, or
 * by another window or a CLI process whose live marker is fresh) or was interrupted (a reload, a crash,
 * `kill -9`): such a run reads `interrupted`, never `running`, and can be resumed here (`resume`, the
 * engine continues the same log) or discarded (`discard`: the run ends cancelled, its pending files
 * discarded). A window that closes interrupts its live runs (`interruptAll`) rather than cancelling them.
 *
 * Runs started here search with the ripgrep VS Code ships (`bundledRipgrep.ts`, from the app root
 * the window passes), so a model's search pattern runs in a child process, never in the host.
 *
 * No `vscode` import: unit-tested in Node.
 */
import { newRunId as defaultRunId, resumeRun as defaultResumeRun, startRun as defaultStartRun } from '../../core/run/engine';
import type { ResumeOptions, RunHandle, RunOptions } from '../../core/run/engineTypes';
import type { RunEvent, RunEventBody } from '../../core/run/events';
import { markInterrupted, type RunState } from '../../core/run/runState';
import { isInterrupted } from '../../core/store/liveness';
import type { LoadedRun, RunStore } from '../../core/store/runStore';
import { StagingStore } from '../../core/workspace/staging';
import { findBundledRipgrep } from './bundledRipgrep';
import type { RunSummary } from '../../protocol/messages';
import { Emitter, type Event } from './emitter';
import { HISTORY_LIMIT, summarize } from './history';
import { importRunFolder, type ImportedRun } from '../../core/store/importRun';
import { isFullyReviewed, type StoredRun } from './runRepository';

export type RunsChangeKind =
  /** A run started, or a retry reopened it: it is live. */
  | 'started'
  /** A run's log is complete: a live run settled, or a run folder made elsewhere was imported. */
  | 'ended'
  /** Events were appended to a run's log (review decisions). */
  | 'appended'
  /** A fully reviewed run's staged contents were deleted. */
  | 'cleaned';

export interface RunsChange {
  readonly kind: RunsChangeKind;
  readonly runId: string;
  /** `ended`: the run's final state. */
  readonly state?: RunState;
  /** `appended`: the events as written. */
  readonly events?: readonly RunEvent[];
}

export type RetryOutcome = 'retried' | 'reviewed' | 'unknown';

/** The message of the `run.finished` a discarded interrupted run ends with. */
export const DISCARDED_MESSAGE = 'Discarded after an interruption.';

/** How long a closing window waits for its runs' logs to close (VS Code gives `deactivate` a few seconds). */
export const INTERRUPT_WAIT_MS = 3_000;

export interface RunsServiceOptions {
  readonly store: RunStore | undefined;
  readonly workspaceRoot: string | undefined;
  /** The engine (tests pass a fake). */
  readonly startRun?: (options: RunOptions) => RunHandle;
  /** The engine's resume (tests pass a fake). */
  readonly resumeRun?: (options: ResumeOptions) => Promise<RunHandle>;
  readonly newRunId?: () => string;
  /** VS Code's application root (`vscode.env.appRoot`): runs search with the ripgrep shipped there. */
  readonly appRoot?: string;
}

export class RunsService {
  private readonly changed = new Emitter<RunsChange>();
  readonly onDidChange: Event<RunsChange> = this.changed.event;
  /** Runs started in this window, kept until released (ended ones can still be retried). */
  private readonly handles = new Map<string, RunHandle>();
  private readonly running = new Set<string>();
  /** Runs of this window being interrupted (the window closes): their logs stay without `run.finished`. */
  private readonly interrupting = new Map<string, Promise<void>>();
  /** Runs whose resume is under way (between the ask and the engine's handle). */
  private readonly resuming = new Set<string>();
  private readonly startEngine: (options: RunOptions) => RunHandle;
  private readonly resumeEngine: (options: ResumeOptions) => Promise<RunHandle>;
  private readonly newRunId: () => string;
  /** VS Code's ripgrep, looked up by the first run (undefined: none found). */
  private ripgrep: { readonly path: string | undefined } | undefined;

  constructor(private readonly options: RunsServiceOptions) {
    this.startEngine = options.startRun ?? defaultStartRun;
    this.resumeEngine = options.resumeRun ?? defaultResumeRun;
    this.newRunId = options.newRunId ?? (() => defaultRunId());
  }

  /** The runs folder, or undefined when no local folder is open. */
  get runsDir(): string | undefined {
    return this.options.workspaceRoot === undefined ? undefined : this.options.store?.runsDir;
  }

  /**
   * Starts a run in a new folder of the store; `build` gets its id and folder. Throws what the
   * engine throws (a plan with errors), with nothing started.
   */
  start(build: (run: { readonly runId: string; readonly runDir: string }) => RunOptions): RunHandle {
    const store = this.storeOrThrow();
    const runId = this.newRunId();
    const handle = this.startEngine(this.withRipgrep(build({ runId, runDir: store.dirOf(runId) })));
    this.handles.set(handle.runId, handle);
    this.running.add(handle.runId);
    this.changed.fire({ kind: 'started', runId: handle.runId });
    this.watch(handle);
    return handle;
  }

  /**
   * Continues an interrupted run in its own folder, as the live run of this window (`started`, then
   * `ended` when it settles, as for a new run); `build` gets its id and folder. Throws, with nothing
   * started, when the run is not interrupted (ended, or written elsewhere) or the engine refuses.
   */
  async resume(runId: string, build: (run: { readonly runId: string; readonly runDir: string }) => ResumeOptions): Promise<RunHandle> {
    const store = this.storeOrThrow();
    if (this.resuming.has(runId)) throw new Error(`Run ${runId} is already being resumed.`);
    this.resuming.add(runId);
    try {
      await this.interruptedState(runId);
      const handle = await this.resumeEngine(this.withRipgrep(build({ runId, runDir: store.dirOf(runId) })));
      this.interrupting.delete(handle.runId);
      this.handles.set(handle.runId, handle);
      this.running.add(handle.runId);
      this.changed.fire({ kind: 'started', runId: handle.runId });
      this.watch(handle);
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
    const state = await this.interruptedState(runId);
    const waiting = Object.values(state.files).filter((f) => f.review === 'pending' || f.review === 'conflict');
    await this.append(runId, [
      { kind: 'run.finished', outcome: 'cancelled', message: DISCARDED_MESSAGE },
      ...waiting.map((f): RunEventBody => ({ kind: 'review.discarded', taskId: f.taskId, path: f.path })),
    ]);
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
    const pending = this.interrupting.get(runId);
    if (pending) return pending;
    const handle = this.handles.get(runId);
    if (!handle || !this.running.has(runId)) return Promise.resolve();
    this.running.delete(runId);
    const closed = handle.interrupt().catch(() => undefined);
    this.interrupting.set(runId, closed);
    return closed;
  }

  /** Interrupts every live run of this window; resolves when their logs are closed, or after `waitMs`. */
  async interruptAll(waitMs = INTERRUPT_WAIT_MS): Promise<void> {
    const closing = [...this.running].map((runId) => this.interrupt(runId));
    if (closing.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
      timer.unref();
    });
    await Promise.race([Promise.all(closing), timeout]);
    clearTimeout(timer);
  }

  /** The engine of a run started in this window (until released). */
  handle(runId: string): RunHandle | undefined {
    return this.handles.get(runId);
  }

  /** True while a run of this window's engine has not settled. */
  isRunning(runId: string): boolean {
    return this.running.has(runId);
  }

  /**
   * Queues an agent of a run started in this window again (reopening the run when it had ended).
   * `reviewed`: files of the run were already accepted or discarded, so it cannot continue.
   */
  retryAgent(runId: string, taskId: string): RetryOutcome {
    const handle = this.handles.get(runId);
    if (!handle) return 'unknown';
    if (!this.running.has(runId) && this.options.store && this.options.store.lastSeq(runId) > handle.state().lastSeq) return 'reviewed';
    handle.retryAgent(taskId);
    if (!this.running.has(runId) && handle.state().status === 'running') {
      this.running.add(runId);
      this.changed.fire({ kind: 'started', runId });
      this.watch(handle);
    }
    return 'retried';
  }

  /** Forgets the engine of an ended run (its log on disk stays); a running one stays until it settles. */
  release(runId: string): void {
    if (!this.running.has(runId)) this.handles.delete(runId);
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
    const handle = this.handles.get(runId);
    if (handle && this.running.has(runId)) return handle.state();
    const run = await this.load(runId);
    if (!run) return undefined;
    return this.interrupting.has(runId) || isInterrupted(run.dir, run.state) ? markInterrupted(run.state) : run.state;
  }

  /** True when the run's log is being written by another window or a CLI process (not resumable here). */
  isRunningElsewhere(runId: string, state: RunState): boolean {
    return state.status === 'running' && !this.running.has(runId);
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
    const handle = this.handles.get(runId);
    if (!handle || this.running.has(runId)) return undefined;
    return { runId, state: handle.state(), staging: handle.staging, skippedLines: [] };
  }

  /** Summaries of the newest runs, newest first. */
  async history(limit = HISTORY_LIMIT): Promise<RunSummary[]> {
    let stored: string[];
    try {
      stored = await this.list();
    } catch {
      stored = [];
    }
    // A run this window just started is listed before its log reaches the disk.
    const ids = [...new Set([...stored, ...this.running])].sort();
    const states = await Promise.all(
      ids
        .reverse()
        .slice(0, limit)
        .map((id) => this.state(id).catch(() => undefined)),
    );
    return states
      .filter((s): s is RunState => s?.startedAt !== undefined)
      .map((s) => (this.isRunningElsewhere(s.runId, s) ? { ...summarize(s), elsewhere: true } : summarize(s)))
      .sort((a, b) => b.startedAt - a.startedAt);
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
    if (this.running.has(runId)) throw new Error(`Run ${runId} is still running; its changes can be reviewed once it ends.`);
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

  /** Fires `ended` once per settle, however many retries reopened the run meanwhile. */
  private watch(handle: RunHandle): void {
    void handle.settled().then((state) => {
      // Interrupted (the window closes): the run did not end, and its handle may never settle again.
      if (this.interrupting.has(handle.runId)) return;
      // A retry that reopened the run while its log was closing: this settle is not the last one.
      if (handle.state().status === 'running') {
        this.watch(handle);
        return;
      }
      if (!this.running.delete(handle.runId)) return;
      this.changed.fire({ kind: 'ended', runId: handle.runId, state });
    });
  }

  /** The run's options with VS Code's ripgrep, unless the options name one already. */
  private withRipgrep<T extends { readonly ripgrepPath?: string }>(options: T): T {
    this.ripgrep ??= { path: findBundledRipgrep(this.options.appRoot) };
    const path = options.ripgrepPath ?? this.ripgrep.path;
    return path === undefined ? options : { ...options, ripgrepPath: path };
  }

  /** The run's state when it is interrupted; otherwise throws saying why it cannot be resumed or discarded. */
  private async interruptedState(runId: string): Promise<RunState> {
    if (this.running.has(runId)) throw new Error(`Run ${runId} is running in this window; cancel it from the Fanout view instead.`);
    const state = await this.state(runId);
    if (!state) throw new Error(`Run ${runId} is no longer on disk.`);
    if (state.status === 'running') {
      throw new Error(`Run ${runId} is still running in another VS Code window or a CLI process. Stop it there first, or wait for it to end.`);
    }
    if (state.status !== 'interrupted') throw new Error(`Run ${runId} has already ended (${state.status}); there is nothing to resume or discard.`);
    return state;
  }

  private storeOrThrow(): RunStore {
    const store = this.options.store;
    if (!store || this.options.workspaceRoot === undefined) throw new Error('Fanout keeps runs in the workspace storage: open a local folder first.');
    return store;
  }
}
