/**
 * One run of an approved plan, as one object. It builds the run's context once (`runContext.ts`:
 * client, toolbox, limiter, budgets, prices, models, shared system block, plan, emitter, clock,
 * staging, signal) and hands it whole to every agent with its task. Contract tasks run first,
 * implementers in parallel under the cap, then the validators; every state change is an event, which
 * `Run` stamps, folds and logs. It drives the scheduler (`#pump`) and leaves the rest to one
 * collaborator each: `AgentLauncher` starts and ends the agents; `RunStopper` is the one stop path
 * (a cancel and the wall time abort the agents at once; a spent token or cost budget lets the turns
 * in flight finish, their tokens paid for, and starts no other turn or agent); `RunEpilogue` runs
 * the checks, fix-ups and synthesis after the agents; `RunLifecycle` is its small state machine,
 * `running` and `ended` (a retry reopens an ended run; `settled()` waits for the next end).
 *
 * A run with a folder marks it live (`liveness.ts`) while it runs, writes its shared system block to
 * `agents/system.json` and each agent's conversation to `agents/<taskId>.jsonl` (`transcript.ts`).
 * `interrupt()` stops it without `run.finished` (the window closes); a run built from a `RunResume`
 * (`resumeRun`) continues such a run: same ids and seqs, the replayed state, the staged files, the
 * spend so far, and agents at work continue their saved conversations.
 */
import { join } from 'node:path';
import { AgentLauncher } from './agentLauncher';
import { writeSharedSystem } from './agent/sharedSystemFile';
import type { RunContext } from './contextTypes';
import type { RunHandle, RunOptions } from './engineTypes';
import { EventStamper, type RunEventBody } from './events';
import type { EffortSetting } from '../model/requestShape';
import { buildRunContext } from './runContext';
import type { SpentBefore } from './runBudget';
import { RunChecks } from './runChecks';
import { RunEpilogue } from './runEpilogue';
import { RunLifecycle, runFinished } from './runLifecycle';
import { RunLogSink } from './runLogSink';
import type { RunModels } from './runModels';
import { resumeEvents, startEvents } from './runOpening';
import { initialRunState, markInterrupted, reduceRunEvent, type RunState } from './runState';
import { cancelStop } from './runStop';
import { RunStopper } from './runStopper';
import { Scheduler } from './scheduler';
import { markLive } from '../store/liveness';
import { BLOB_DIR } from '../store/runStore';
import { StagingStore } from '../workspace/staging';
import { definedFields } from '../definedFields';

/** What a run starts from: its options, with the plan validated and every default resolved. */
export interface RunSetup extends RunOptions {
  readonly runId: string;
  readonly now: () => number;
  readonly effort: { readonly agent: EffortSetting; readonly validator: EffortSetting };
  readonly maxOutputTokens: number;
}

/** What a resumed run starts from, read from its folder (`resumeRun`). */
export interface RunResume {
  /** The state its log replays to (running, not finished). */
  readonly state: RunState;
  readonly staging: StagingStore;
  readonly spent: SpentBefore;
  /** The shared system block its agents were sent, verbatim (their thinking is bound to it). */
  readonly sharedSystem: string | undefined;
  /** Said once as `run.warning` when it resumes (staged files whose workspace file changed meanwhile). */
  readonly warnings: readonly string[];
}

export class Run implements RunHandle {
  readonly runId: string;
  readonly staging: StagingStore;
  /** Resolves when the run first ends, its log closed. Never rejects. */
  readonly done: Promise<RunState>;

  readonly #setup: RunSetup;
  #live: { dispose(): void } | undefined;
  readonly #context: RunContext;
  readonly #models: RunModels;
  readonly #scheduler: Scheduler;
  readonly #stamper: EventStamper;
  readonly #log: RunLogSink;
  readonly #stopper: RunStopper;
  readonly #lifecycle = new RunLifecycle();
  readonly #launcher: AgentLauncher;
  #state: RunState;
  /** The check phase, in a run with approved checks. */
  readonly #checks: RunChecks | undefined;
  /** After the agents: checks, fix-ups, synthesis, end. */
  readonly #epilogue: RunEpilogue;

  constructor(setup: RunSetup, resume?: RunResume) {
    this.#setup = setup;
    this.runId = setup.runId;
    this.#state = resume?.state ?? initialRunState(setup.runId);
    this.#stamper = new EventStamper(setup.runId, setup.now, resume?.state.lastSeq ?? 0);
    this.#log = new RunLogSink(setup.runDir);
    this.staging = resume?.staging ?? new StagingStore(setup.workspaceRoot, setup.runDir !== undefined ? { blobDir: join(setup.runDir, BLOB_DIR) } : {});
    this.#scheduler = new Scheduler(setup.plan, Math.max(1, setup.maxConcurrency));
    if (setup.runDir !== undefined) this.#live = markLive(setup.runDir, setup.now);
    this.done = this.#lifecycle.done;

    const checks = setup.checks !== undefined && setup.checks.checks.length > 0 ? setup.checks : undefined;
    this.#checks =
      checks !== undefined
        ? new RunChecks({
            config: checks,
            runId: setup.runId,
            workspaceRoot: setup.workspaceRoot,
            staging: this.staging,
            plan: setup.plan,
            emit: (body) => this.#emit(body),
            ...definedFields({ runDir: setup.runDir }),
          })
        : undefined;
    // Pending agents end at the pump after a stop.
    const stopper = new RunStopper(setup.signal, () => this.#pump());
    this.#stopper = stopper;
    this.#context = buildRunContext(setup, {
      staging: this.staging,
      checks,
      checkTool: this.#checks?.phase,
      resumed: resume,
      signal: stopper.signal,
      halt: (stop) => stopper.halt(stop),
      emit: this.#emit,
      awaitingModel: () => this.#log.quiet(),
    });
    this.#epilogue = new RunEpilogue(
      {
        context: this.#context,
        state: () => this.state(),
        emit: (body) => this.#emit(body),
        running: () => this.#lifecycle.kind === 'running',
        mayFix: () => stopper.stop === undefined,
        aborted: () => stopper.stop?.aborts === true,
        launchFixups: (launches) => {
          for (const launch of launches) this.#launcher.launchFixup(launch);
          this.#pump();
        },
        end: () => this.#end(),
      },
      this.#checks,
      setup.synthesis,
    );
    this.#models = { models: setup.models, fallbackModel: setup.fallbackModel, table: this.#context.modelTable };
    this.#launcher = new AgentLauncher({
      context: this.#context,
      scheduler: this.#scheduler,
      staging: this.staging,
      models: this.#models,
      effort: setup.effort,
      runDir: setup.runDir,
      checks: this.#checks,
      state: () => this.state(),
      emit: (body) => this.#emit(body),
      stop: () => stopper.stop,
      pump: () => this.#pump(),
    });
    stopper.startWallClock(setup.budgets, resume?.spent.elapsedMs ?? 0);
    if (setup.runDir !== undefined && resume === undefined)
      writeSharedSystem(setup.runDir, { sharedSystem: this.#context.sharedSystem, workspaceRoot: setup.workspaceRoot });

    if (resume !== undefined) this.#resume(resume);
    else this.#begin();
    if (stopper.signal.aborted) stopper.halt(cancelStop(stopper.signal.reason));
    queueMicrotask(() => this.#pump());
  }

  #begin(): void {
    for (const body of startEvents(this.#setup, this.#models, this.#checks?.planned())) this.#emit(body);
  }

  /** Continues an interrupted run: finished agents keep their outcome, agents at work and queued ones start (again). */
  #resume(resume: RunResume): void {
    for (const agent of Object.values(resume.state.agents)) {
      const status = agent.status;
      if (status === 'done' || status === 'failed' || status === 'cancelled' || status === 'blocked') this.#scheduler.set(agent.taskId, status);
      else if (status !== 'queued') this.#launcher.markResumable(agent.taskId);
    }
    for (const body of resumeEvents(this.#setup.maxConcurrency, resume.warnings)) this.#emit(body);
  }

  state(): RunState {
    return this.#state;
  }

  settled(): Promise<RunState> {
    return this.#lifecycle.settled(() => this.state());
  }

  cancel(reason?: string): void {
    this.#stopper.halt({ outcome: 'cancelled', message: reason ?? 'The run was cancelled.', aborts: true });
  }

  cancelAgent(taskId: string): void {
    this.#launcher.cancel(taskId);
  }

  retryAgent(taskId: string): void {
    // An interrupted run emits nothing more: it is retried by resuming it.
    if (this.#stopper.stop !== undefined || this.#lifecycle.kind === 'interrupted') return;
    const requeued = this.#scheduler.requeue(taskId);
    if (requeued.length === 0) return;
    // Reopens an ended run: the next event opens its log again, and the next end settles it.
    this.#lifecycle.reopen();
    if (this.#setup.runDir !== undefined) this.#live ??= markLive(this.#setup.runDir, this.#setup.now);
    for (const id of requeued) this.#emit({ kind: 'agent.queued', taskId: id });
    this.#pump();
  }

  async interrupt(): Promise<void> {
    const closing = this.#lifecycle.closing();
    if (closing !== undefined) return closing;
    // From here nothing is emitted: the agents' cancelled endings and the run's end stay out of the log.
    this.#launcher.dropUnlaunched();
    const logged = this.#closeLog();
    this.#lifecycle.interrupt(logged);
    this.#stopper.interrupt(new Error('The run was interrupted; it can be resumed.'));
    this.#dropLive();
    const final = markInterrupted(this.state());
    const settle = this.#lifecycle.release();
    await logged;
    settle(final);
  }

  readonly #emit = (body: RunEventBody): void => {
    if (this.#lifecycle.kind === 'interrupted') return;
    const event = this.#stamper.stamp(body);
    this.#state = reduceRunEvent(this.#state, event);
    this.#log.append(event);
    this.#setup.onEvent?.(event);
  };

  #pump(): void {
    if (this.#lifecycle.kind !== 'running') return;
    this.#launcher.endBlocked();
    const stop = this.#stopper.stop;
    if (stop !== undefined) this.#launcher.endUnstarted(stop);
    else this.#launcher.launchReady(this.#scheduler.takeReady());
    if (this.#scheduler.settled) this.#epilogue.afterAgents();
  }

  #end(): void {
    this.#emit(runFinished(Object.values(this.state().agents), this.#stopper.stop));
    const final = this.state();
    // The run has ended once its log is closed and its check snapshot removed.
    const logged = this.#closeLog();
    this.#dropLive();
    this.#lifecycle.end(final, logged);
  }

  #closeLog(): Promise<void> {
    return Promise.all([this.#log.close(), this.#checks?.dispose()]).then(() => undefined);
  }

  #dropLive(): void {
    this.#live?.dispose();
    this.#live = undefined;
  }
}
