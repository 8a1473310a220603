/**
 * The runs this window's engine runs, for `RunsService`: their handles (kept until released, so an
 * ended run can still be retried), which of them are live, and which are being interrupted because the
 * window closes (their logs stay without `run.finished`). A live run fires `started`, then one `ended`
 * per settle, however many retries reopened it meanwhile. No `vscode` import.
 */
import type { RunHandle } from '../../core/run/engineTypes';
import type { RetryOutcome, RunsChange } from './runsChange';

/** How long a closing window waits for its runs' logs to close (VS Code gives `deactivate` a few seconds). */
export const INTERRUPT_WAIT_MS = 3_000;

export interface LiveRunsOptions {
  /** Reports a run that started, was reopened, or ended. */
  readonly fire: (change: RunsChange) => void;
  /** The last sequence number in a run's log on disk (undefined without a runs folder). */
  readonly storedLastSeq: (runId: string) => number | undefined;
}

export class LiveRuns {
  /** Runs started in this window, kept until released (ended ones can still be retried). */
  private readonly handles = new Map<string, RunHandle>();
  private readonly running = new Set<string>();
  /** Runs of this window being interrupted (the window closes): their logs stay without `run.finished`. */
  private readonly interrupting = new Map<string, Promise<void>>();

  constructor(private readonly options: LiveRunsOptions) {}

  /** A run the engine started (or resumed: `resumed`, its interruption is over) is live: `started` now, `ended` when it settles. */
  add(handle: RunHandle, resumed: boolean): void {
    if (resumed) this.interrupting.delete(handle.runId);
    this.handles.set(handle.runId, handle);
    this.running.add(handle.runId);
    this.options.fire({ kind: 'started', runId: handle.runId });
    this.watch(handle);
  }

  /**
   * Stops a live run without ending it: its agents stop, its log closes without `run.finished`.
   * Resolves when the log is closed; the same promise for a run already being interrupted; at once
   * for a run not running here.
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

  /** Interrupts every live run; resolves when their logs are closed, or after `waitMs`. */
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

  /** True while the run is being interrupted (or was, and has not been resumed). */
  isInterrupted(runId: string): boolean {
    return this.interrupting.has(runId);
  }

  /** The engine of a run started in this window (until released). */
  handle(runId: string): RunHandle | undefined {
    return this.handles.get(runId);
  }

  /** The engine of a run of this window that has not settled. */
  liveHandle(runId: string): RunHandle | undefined {
    const handle = this.handles.get(runId);
    return handle && this.running.has(runId) ? handle : undefined;
  }

  /** The engine of a run of this window that has settled. */
  settledHandle(runId: string): RunHandle | undefined {
    const handle = this.handles.get(runId);
    return !handle || this.running.has(runId) ? undefined : handle;
  }

  /** True while a run of this window's engine has not settled. */
  isRunning(runId: string): boolean {
    return this.running.has(runId);
  }

  /** Ids of the runs that have not settled. */
  runningIds(): string[] {
    return [...this.running];
  }

  /**
   * Queues an agent again (reopening the run when it had ended). `reviewed`: events were appended to
   * the run's log after the engine's own (review decisions), so it cannot continue.
   */
  retryAgent(runId: string, taskId: string): RetryOutcome {
    const handle = this.handles.get(runId);
    if (!handle) return 'unknown';
    const stored = this.running.has(runId) ? undefined : this.options.storedLastSeq(runId);
    if (stored !== undefined && stored > handle.state().lastSeq) return 'reviewed';
    handle.retryAgent(taskId);
    if (!this.running.has(runId) && handle.state().status === 'running') {
      this.running.add(runId);
      this.options.fire({ kind: 'started', runId });
      this.watch(handle);
    }
    return 'retried';
  }

  /** Forgets the engine of an ended run; a running one stays until it settles. */
  release(runId: string): void {
    if (!this.running.has(runId)) this.handles.delete(runId);
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
      this.options.fire({ kind: 'ended', runId: handle.runId, state });
    });
  }
}
