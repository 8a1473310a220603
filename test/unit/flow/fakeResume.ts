/**
 * A stand-in for the engine's `resumeRun`: it replays the run's log, writes `run.resumed` after its
 * last event (through the same `RunLogWriter` the engine uses) and then behaves like the hand-driven
 * fake run: its agents stage and finish, and it ends, when the test says so.
 */
import { join } from 'node:path';
import type { ResumeOptions, RunHandle } from '../../../src/core/run/engineTypes';
import { EventStamper, type RunEventBody } from '../../../src/core/run/events';
import { reduceRunEvent, reduceRunEvents, type RunState } from '../../../src/core/run/runState';
import { lastSeqOf, readRunLog, RUN_LOG_FILE, RunLogWriter } from '../../../src/core/store/runLog';
import { StagingStore } from '../../../src/core/workspace/staging';

export class FakeResumedRun implements RunHandle {
  readonly runId: string;
  readonly staging: StagingStore;
  readonly cancelled: string[] = [];
  private current: RunState;
  private readonly stamper: EventStamper;
  private log: RunLogWriter | undefined;
  private resolveDone: (state: RunState) => void = () => undefined;
  readonly done: Promise<RunState>;

  constructor(readonly options: ResumeOptions) {
    const logPath = join(options.runDir, RUN_LOG_FILE);
    const { events } = readRunLog(logPath);
    this.current = reduceRunEvents(events);
    this.runId = this.current.runId;
    this.staging = new StagingStore(options.workspaceRoot, { blobDir: join(options.runDir, 'blobs') });
    this.stamper = new EventStamper(this.runId, () => 5000 + this.stamper.lastSeq, lastSeqOf(logPath));
    this.log = new RunLogWriter(logPath);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.emit({ kind: 'run.resumed', maxConcurrency: options.maxConcurrency });
  }

  emit(body: RunEventBody): void {
    const event = this.stamper.stamp(body);
    this.current = reduceRunEvent(this.current, event);
    this.log?.append(event);
    this.options.onEvent?.(event);
  }

  finishAgent(taskId: string): void {
    this.emit({ kind: 'agent.finished', taskId, outcome: 'done', reason: 'finished' });
  }

  async end(): Promise<RunState> {
    this.emit({ kind: 'run.finished', outcome: 'done' });
    const log = this.log;
    this.log = undefined;
    await log?.close();
    this.resolveDone(this.current);
    return this.current;
  }

  settled(): Promise<RunState> {
    return this.done;
  }

  state(): RunState {
    return this.current;
  }

  cancel(reason?: string): void {
    this.cancelled.push(reason ?? 'cancelled');
  }

  cancelAgent(taskId: string): void {
    this.cancelled.push(`agent ${taskId}`);
  }

  retryAgent(): void {
    throw new Error('not used');
  }

  async interrupt(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    await log?.close();
  }
}

/** The engine's resume, recording every run it resumed; `refuse` makes the next one reject. */
export class FakeResumer {
  readonly runs: FakeResumedRun[] = [];
  refuse: Error | undefined;

  readonly resume = async (options: ResumeOptions): Promise<RunHandle> => {
    await Promise.resolve();
    if (this.refuse) throw this.refuse;
    const run = new FakeResumedRun(options);
    this.runs.push(run);
    return run;
  };

  get last(): FakeResumedRun {
    const run = this.runs.at(-1);
    if (!run) throw new Error('no run resumed');
    return run;
  }
}
