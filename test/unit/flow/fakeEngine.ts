/**
 * A stand-in for the engine that the test drives by hand: it writes its run log (through the same
 * `RunLogWriter` the engine uses) and stages into a real staging store, and its agents start, stage
 * and finish when the test says so. The flow and the runs service see a `RunHandle` like any other.
 */
import { join } from 'node:path';
import type { RunHandle, RunOptions } from '../../../src/core/run/engineTypes';
import { EventStamper, type RunEventBody } from '../../../src/core/run/events';
import { RUN_LOG_FILE, RunLogWriter } from '../../../src/core/store/runLog';
import { initialRunState, reduceRunEvent, type RunState } from '../../../src/core/run/runState';
import { StagingStore } from '../../../src/core/workspace/staging';

export class FakeRun implements RunHandle {
  readonly runId: string;
  readonly staging: StagingStore;
  readonly cancelled: string[] = [];
  readonly retried: string[] = [];
  private current: RunState;
  private readonly stamper: EventStamper;
  private log: RunLogWriter | undefined;
  private readonly logPath: string;
  private finished = false;
  private resolveDone: (state: RunState) => void = () => undefined;
  private latest: Promise<RunState>;
  readonly done: Promise<RunState>;

  constructor(readonly options: RunOptions) {
    this.runId = options.runId ?? 'run-fake';
    const runDir = options.runDir ?? '';
    this.logPath = join(runDir, RUN_LOG_FILE);
    this.log = new RunLogWriter(this.logPath);
    this.staging = new StagingStore(options.workspaceRoot, { blobDir: join(runDir, 'blobs') });
    this.stamper = new EventStamper(this.runId, () => 1000 + this.stamper.lastSeq);
    this.current = initialRunState(this.runId);
    this.latest = new Promise((resolve) => (this.resolveDone = resolve));
    this.done = this.latest;
    this.emit({ kind: 'run.started', plan: options.plan, workspaceName: 'ws', maxConcurrency: options.maxConcurrency, demo: options.demo ?? false });
    // As the engine says it: the checks it will run, or why it has none.
    if (options.checks) this.emit({ kind: 'checks.planned', checks: options.checks.checks, fixRounds: options.checks.fixRounds });
    else if (options.checksSkipped) this.emit({ kind: 'checks.skipped', ...options.checksSkipped });
    for (const task of options.plan.tasks) this.emit({ kind: 'agent.queued', taskId: task.id });
    for (const task of options.plan.tasks) this.emit({ kind: 'agent.started', taskId: task.id, model: options.models.agent, attempt: 1 });
  }

  emit(body: RunEventBody): void {
    const event = this.stamper.stamp(body);
    this.current = reduceRunEvent(this.current, event);
    this.log?.append(event);
    this.options.onEvent?.(event);
  }

  async stage(taskId: string, path: string, content: string): Promise<void> {
    this.emit(await this.staging.viewFor(taskId, []).write(path, content));
  }

  finishAgent(taskId: string, outcome: 'done' | 'failed' = 'done', extra: Partial<Extract<RunEventBody, { kind: 'agent.finished' }>> = {}): void {
    this.emit({ kind: 'agent.finished', taskId, outcome, reason: outcome === 'done' ? 'finished' : 'error', ...extra });
  }

  /** Ends the run as the engine does: `run.finished`, then the log closed, then `done`. */
  async end(): Promise<RunState> {
    if (this.finished) return this.current;
    this.finished = true;
    const agents = Object.values(this.current.agents);
    const outcome = this.cancelled.length > 0 ? 'cancelled' : agents.every((a) => a.status === 'done') ? 'done' : 'failed';
    this.emit({ kind: 'run.finished', outcome, message: this.cancelled[0] });
    const log = this.log;
    this.log = undefined;
    await log?.close();
    const state = this.current;
    this.resolveDone(state);
    return state;
  }

  settled(): Promise<RunState> {
    return this.latest;
  }

  state(): RunState {
    return this.current;
  }

  cancel(reason?: string): void {
    this.cancelled.push(reason ?? 'The run was cancelled.');
  }

  cancelAgent(taskId: string): void {
    this.cancelled.push(`agent ${taskId}`);
  }

  retryAgent(taskId: string): void {
    this.retried.push(taskId);
    if (this.finished) {
      this.finished = false;
      this.latest = new Promise((resolve) => (this.resolveDone = resolve));
      this.log = new RunLogWriter(this.logPath);
    }
    this.emit({ kind: 'agent.queued', taskId });
    this.emit({ kind: 'agent.started', taskId, model: this.options.models.agent, attempt: 2 });
  }

  /** Stops as the engine does on a window close: no `run.finished`, the log closed. */
  async interrupt(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    await log?.close();
  }
}

/** The engine the runs service starts: records every run it started. */
export class FakeEngine {
  readonly runs: FakeRun[] = [];
  /** Set to make the next start throw (the engine refusing a plan). */
  refuse: Error | undefined;

  readonly start = (options: RunOptions): RunHandle => {
    if (this.refuse) throw this.refuse;
    const run = new FakeRun(options);
    this.runs.push(run);
    return run;
  };

  get last(): FakeRun {
    const run = this.runs.at(-1);
    if (!run) throw new Error('no run started');
    return run;
  }
}
