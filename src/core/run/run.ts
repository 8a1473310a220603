/**
 * One run of an approved plan, as one object. It builds the run's context once (client, toolbox,
 * limiter, budgets, prices, models, shared system block, plan, emitter, clock, staging, signal) and
 * hands it whole to every agent with its task. Contract tasks run first, implementers in parallel
 * under the cap, then the validators; every state change is an event.
 *
 * Its life is a small state machine: `running` (agents queued or at work) and `ended` (run.finished
 * emitted, the log closing). A retry moves an ended run back to `running`; `settled()` waits for the
 * next `ended`. Every early stop goes one way, `#halt`: a cancel, the run's wall time and its token or
 * cost budget. A cancel and the wall time abort the agents at once; a spent token or cost budget lets
 * the turns in flight finish (their tokens are paid for) and starts no other turn or agent.
 *
 * A run with a folder marks it live (`liveness.ts`) while it runs, writes its shared system block to
 * `agents/system.json` and each agent's conversation to `agents/<taskId>.jsonl` (`transcript.ts`).
 * `interrupt()` stops it without `run.finished` (the window closes); a run built from a `RunResume`
 * (`resumeRun`) continues such a run: same ids and seqs, the replayed state, the staged files, the
 * spend so far, and agents at work continue their saved conversations.
 */
import { basename, join } from 'node:path';
import { AgentContext } from './agent/agentContext';
import { runAgent } from './agent/agentLoop';
import { buildTaskContext } from './agent/taskContext';
import type { AgentResult, AgentResume, Budgets, RunBudget, RunContext, RunHandle, RunOptions } from './engineTypes';
import { EventStamper, type RunEventBody, type RunOutcome } from './events';
import { sharedLimiter } from './limiter';
import { DEFAULT_MODEL_TABLE } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import type { TaskSpec } from '../plan/plan';
import { buildSharedSystem } from './prompts';
import { createRunBudget, type SpentBefore } from './runBudget';
import { RunLogSink } from './runLogSink';
import { cancelStop, limitStop, type RunStop } from './runStop';
import { initialRunState, markInterrupted, reduceRunEvent, type RunState } from './runState';
import { Scheduler } from './scheduler';
import { StagingStore } from '../workspace/staging';
import { createToolbox } from '../workspace/tools/toolbox';
import { markLive } from '../store/liveness';
import { agentResumeOf, openTranscript } from './agentResume';
import { fallbackFor, modelIdFor, modelWarnings, type RunModels } from './runModels';
import { writeSharedSystem } from './agent/sharedSystemFile';
import { RunChecks, type FixupLaunch } from './runChecks';
import { TranscriptWriter, transcriptPath } from './agent/transcript';
import { checksSection } from './prompts';
import { RunEpilogue } from './runEpilogue';

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

type RunPhase =
  | { readonly kind: 'running' }
  | { readonly kind: 'ended'; readonly final: RunState; readonly logged: Promise<void> }
  | { readonly kind: 'interrupted'; readonly logged: Promise<void> };

export class Run implements RunHandle {
  readonly runId: string;
  readonly staging: StagingStore;
  /** Resolves when the run first ends, its log closed. Never rejects. */
  readonly done: Promise<RunState>;

  readonly #setup: RunSetup;
  /** Agents that were at work when the run was interrupted, until they start again. */
  readonly #resumable = new Set<string>();
  #live: { dispose(): void } | undefined;
  readonly #context: RunContext;
  readonly #models: RunModels;
  readonly #scheduler: Scheduler;
  readonly #stamper: EventStamper;
  readonly #log: RunLogSink;
  /** Aborts the run's signal for a stop that aborts (a cancel, the wall time). */
  readonly #stopper = new AbortController();
  readonly #agents = new Map<string, AbortController>();
  readonly #wallTimer: NodeJS.Timeout | undefined;
  readonly #firstEnd: (state: RunState) => void;
  #phase: RunPhase = { kind: 'running' };
  /** Agents the scheduler made ready that are not launched yet (`#launchNext`). */
  readonly #launching: TaskSpec[] = [];
  #launchScheduled = false;
  #stop: RunStop | undefined;
  /** `settled()` calls made while running: resolved at the next end. */
  #waiting: ((state: RunState) => void)[] = [];
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
    this.staging = resume?.staging ?? new StagingStore(setup.workspaceRoot, setup.runDir !== undefined ? { blobDir: join(setup.runDir, 'blobs') } : {});
    this.#scheduler = new Scheduler(setup.plan, Math.max(1, setup.maxConcurrency));
    if (setup.runDir !== undefined) this.#live = markLive(setup.runDir, setup.now);
    let firstEnd: (state: RunState) => void = () => undefined;
    this.done = new Promise<RunState>((resolve) => (firstEnd = resolve));
    this.#firstEnd = firstEnd;

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
            ...(setup.runDir !== undefined ? { runDir: setup.runDir } : {}),
          })
        : undefined;
    const signal = setup.signal !== undefined ? AbortSignal.any([setup.signal, this.#stopper.signal]) : this.#stopper.signal;
    // The caller's own signal is a cancel too.
    signal.addEventListener('abort', () => this.#halt(cancelStop(signal.reason)), { once: true });
    this.#context = {
      runId: setup.runId,
      plan: setup.plan,
      workspaceRoot: setup.workspaceRoot,
      client: setup.client,
      toolbox: createToolbox({ ripgrepPath: setup.ripgrepPath, checks: checks !== undefined }),
      limiter: sharedLimiter(setup.client, setup.retry),
      runBudget: this.#budget(setup.budgets, resume?.spent),
      budgets: setup.budgets,
      retry: setup.retry,
      prices: setup.prices,
      modelTable: setup.modelTable ?? DEFAULT_MODEL_TABLE,
      sharedSystem: resume?.sharedSystem ?? buildSharedSystem(setup.plan, setup.sharedContext) + checksSection(checks?.checks),
      maxOutputTokens: setup.maxOutputTokens,
      staging: this.staging,
      emit: this.#emit,
      now: setup.now,
      signal,
      ...(this.#checks !== undefined ? { checks: this.#checks.phase } : {}),
      awaitingModel: () => this.#log.quiet(),
    };
    this.#epilogue = new RunEpilogue(
      {
        context: this.#context,
        state: () => this.state(),
        emit: (body) => this.#emit(body),
        running: () => this.#phase.kind === 'running',
        mayFix: () => this.#stop === undefined,
        aborted: () => this.#stop?.aborts === true,
        launchFixups: (launches) => {
          for (const launch of launches) this.#launchFixup(launch);
          this.#pump();
        },
        end: () => this.#end(),
      },
      this.#checks,
      setup.synthesis,
    );
    this.#models = { models: setup.models, fallbackModel: setup.fallbackModel, table: this.#context.modelTable };
    const wallMs = setup.budgets.maxWallMsPerRun;
    const wallLeft = Math.max(0, wallMs - (resume?.spent.elapsedMs ?? 0));
    this.#wallTimer = wallMs > 0 ? setTimeout(() => this.#halt(limitStop('wall', setup.budgets)), wallLeft) : undefined;
    this.#wallTimer?.unref?.();
    if (setup.runDir !== undefined && resume === undefined)
      writeSharedSystem(setup.runDir, { sharedSystem: this.#context.sharedSystem, workspaceRoot: setup.workspaceRoot });

    if (resume !== undefined) this.#resume(resume);
    else this.#begin();
    if (signal.aborted) this.#halt(cancelStop(signal.reason));
    queueMicrotask(() => this.#pump());
  }

  #begin(): void {
    const setup = this.#setup;
    this.#emit({
      kind: 'run.started',
      plan: setup.plan,
      workspaceName: basename(setup.workspaceRoot),
      maxConcurrency: Math.max(1, setup.maxConcurrency),
      demo: setup.demo ?? false,
    });
    for (const warning of modelWarnings(this.#models, setup.plan.tasks)) this.#emit({ kind: 'run.warning', model: warning.model, message: warning.message });
    if (this.#checks !== undefined) this.#emit(this.#checks.planned());
    else if (setup.checksSkipped !== undefined) this.#emit({ kind: 'checks.skipped', ...setup.checksSkipped });
    for (const task of setup.plan.tasks) this.#emit({ kind: 'agent.queued', taskId: task.id });
  }

  /** Continues an interrupted run: finished agents keep their outcome, agents at work and queued ones start (again). */
  #resume(resume: RunResume): void {
    for (const agent of Object.values(resume.state.agents)) {
      const status = agent.status;
      if (status === 'done' || status === 'failed' || status === 'cancelled' || status === 'blocked') this.#scheduler.set(agent.taskId, status);
      else if (status !== 'queued') this.#resumable.add(agent.taskId);
    }
    this.#emit({ kind: 'run.resumed', maxConcurrency: Math.max(1, this.#setup.maxConcurrency) });
    for (const message of resume.warnings) this.#emit({ kind: 'run.warning', message });
  }

  state(): RunState {
    return this.#state;
  }

  settled(): Promise<RunState> {
    const phase = this.#phase;
    if (phase.kind === 'ended') return phase.logged.then(() => phase.final);
    if (phase.kind === 'interrupted') return phase.logged.then(() => markInterrupted(this.state()));
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  cancel(reason?: string): void {
    this.#halt({ outcome: 'cancelled', message: reason ?? 'The run was cancelled.', aborts: true });
  }

  cancelAgent(taskId: string): void {
    const s = this.#scheduler.state(taskId);
    const unlaunched = this.#launching.findIndex((task) => task.id === taskId);
    if (unlaunched !== -1) {
      this.#launching.splice(unlaunched, 1);
      this.#endUnlaunched(taskId, 'cancelled');
    } else if (s === 'running') {
      this.#agents.get(taskId)?.abort();
    } else if (s === 'pending') {
      this.#endUnlaunched(taskId, 'cancelled');
    }
  }

  /** Ends an agent that never started (pending, or ready but not launched yet). */
  #endUnlaunched(taskId: string, outcome: 'cancelled' | 'failed'): void {
    this.#scheduler.set(taskId, outcome);
    this.#emit({ kind: 'agent.finished', taskId, outcome, reason: outcome === 'failed' ? 'run-budget' : 'cancelled' });
    this.#pump();
  }

  retryAgent(taskId: string): void {
    // An interrupted run emits nothing more: it is retried by resuming it.
    if (this.#stop !== undefined || this.#phase.kind === 'interrupted') return;
    const requeued = this.#scheduler.requeue(taskId);
    if (requeued.length === 0) return;
    // Reopens an ended run: the next event opens its log again, and the next end settles it.
    this.#phase = { kind: 'running' };
    if (this.#setup.runDir !== undefined) this.#live ??= markLive(this.#setup.runDir, this.#setup.now);
    for (const id of requeued) this.#emit({ kind: 'agent.queued', taskId: id });
    this.#pump();
  }

  async interrupt(): Promise<void> {
    const phase = this.#phase;
    if (phase.kind !== 'running') return phase.logged;
    // From here nothing is emitted: the agents' cancelled endings and the run's end stay out of the log.
    this.#launching.splice(0);
    clearTimeout(this.#wallTimer);
    const logged = Promise.all([this.#log.close(), this.#checks?.dispose()]).then(() => undefined);
    this.#phase = { kind: 'interrupted', logged };
    this.#stopper.abort(new Error('The run was interrupted; it can be resumed.'));
    this.#live?.dispose();
    this.#live = undefined;
    const final = markInterrupted(this.state());
    const waiting = this.#waiting;
    this.#waiting = [];
    await logged;
    this.#firstEnd(final);
    for (const resolve of waiting) resolve(final);
  }

  readonly #emit = (body: RunEventBody): void => {
    if (this.#phase.kind === 'interrupted') return;
    const event = this.#stamper.stamp(body);
    this.#state = reduceRunEvent(this.#state, event);
    this.#log.append(event);
    this.#setup.onEvent?.(event);
  };

  /**
   * The one stop path. The first stop wins, except that a stop that aborts (a cancel, the wall time)
   * takes over from a spent budget that let the running turns finish. Pending agents end at the next pump.
   */
  #halt(stop: RunStop): void {
    const current = this.#stop;
    if (current !== undefined && (current.aborts || !stop.aborts)) return;
    this.#stop = stop;
    clearTimeout(this.#wallTimer);
    if (stop.aborts) this.#stopper.abort(stop);
    queueMicrotask(() => this.#pump());
  }

  /** The run's spend, shared by its agents (and what it spent before an interruption): reaching a limit stops the run. */
  #budget(budgets: Budgets, before: SpentBefore | undefined): RunBudget {
    const tracker = createRunBudget(budgets, this.#setup.now, before);
    return {
      record: (usage, costUsd) => {
        tracker.record(usage, costUsd);
        const limit = tracker.limitReached();
        if (limit !== undefined) this.#halt(limitStop(limit, budgets));
      },
      exceeded: () => tracker.exceeded(),
    };
  }

  #pump(): void {
    if (this.#phase.kind !== 'running') return;
    const scheduler = this.#scheduler;
    for (const b of scheduler.takeBlocked()) {
      this.#emit({
        kind: 'agent.finished',
        taskId: b.taskId,
        outcome: 'blocked',
        reason: 'dependency',
        message: `Blocked: it needs "${b.blocker}", which ${b.blockerOutcome === 'blocked' ? 'was blocked' : b.blockerOutcome}.`,
      });
    }
    const stop = this.#stop;
    if (stop !== undefined) {
      const unlaunched = new Set(this.#launching.splice(0).map((task) => task.id));
      for (const task of scheduler.order) {
        if (scheduler.state(task.id) !== 'pending' && !unlaunched.has(task.id)) continue;
        scheduler.set(task.id, stop.outcome);
        this.#emit({ kind: 'agent.finished', taskId: task.id, outcome: stop.outcome, reason: stop.outcome === 'failed' ? 'run-budget' : 'cancelled' });
      }
    } else {
      this.#launching.push(...scheduler.takeReady());
      this.#launchNext();
    }
    if (scheduler.settled) this.#epilogue.afterAgents();
  }

  /** Starts a done agent again for a fix-up round, continuing its conversation. */
  #launchFixup(launch: FixupLaunch): void {
    const task = this.#setup.plan.tasks.find((t) => t.id === launch.taskId);
    if (task === undefined) return;
    this.#scheduler.set(task.id, 'running');
    this.#launch(task, launch);
  }

  /**
   * Launches the next ready agent now and the rest one per macrotask: starting 32 agents (task
   * context, first request) in one synchronous pass would hold the event loop for the whole batch.
   */
  #launchNext(): void {
    if (this.#launchScheduled) return;
    const task = this.#launching.shift();
    if (task === undefined) return;
    this.#launch(task);
    if (this.#launching.length === 0) return;
    this.#launchScheduled = true;
    setImmediate(() => {
      this.#launchScheduled = false;
      this.#launchNext();
    });
  }

  #launch(task: TaskSpec, fixup?: FixupLaunch): void {
    const controller = new AbortController();
    this.#agents.set(task.id, controller);
    const signal = AbortSignal.any([this.#context.signal, controller.signal]);
    const state = this.state();
    const before = state.agents[task.id];
    const runDir = this.#setup.runDir;
    // Taken once: a later retry of the agent starts afresh.
    const resume =
      fixup?.resume ?? (this.#resumable.delete(task.id) && runDir !== undefined && before !== undefined ? agentResumeOf(runDir, before) : undefined);
    // A resumed agent keeps the model its conversation was held with (its thinking is bound to it) and its attempt.
    const model = resume !== undefined && before?.model !== undefined ? before.model : modelIdFor(this.#models, task);
    const attempt = resume !== undefined ? resume.conversation.attempt : (before?.attempt ?? 0) + 1;
    this.#emit(
      fixup !== undefined
        ? { kind: 'agent.started', taskId: task.id, model, attempt, fixup: fixup.round }
        : { kind: 'agent.started', taskId: task.id, model, attempt },
    );
    const transcript = runDir !== undefined ? this.#transcriptFor(runDir, task.id, attempt, resume, fixup) : undefined;
    // Validators and fix-ups see the combined result (the one the checks ran on).
    const visible = task.phase === 'validate' || fixup !== undefined ? 'all' : this.#scheduler.visibleTasks(task.id);
    const view = this.staging.viewFor(task.id, visible);
    const dependencies = (visible === 'all' ? [] : visible).flatMap((id) => {
      const agent = state.agents[id];
      return agent?.summary ? [{ taskId: id, title: agent.title, summary: agent.summary }] : [];
    });
    const table = this.#context.modelTable;
    const effort = task.phase === 'validate' ? this.#setup.effort.validator : this.#setup.effort.agent;
    // A resumed agent's opening is in its transcript: the task context is not built again.
    const taskContext =
      resume === undefined
        ? buildTaskContext(task, view, dependencies)
        : // A fix-up's conversation goes on disk with its new turn before it is sent.
          fixup !== undefined && transcript !== undefined
          ? transcript.reset(resume.turns, resume.conversation.messages).then(() => undefined)
          : Promise.resolve(undefined);
    void taskContext
      .then((context) =>
        runAgent(
          new AgentContext(this.#context, {
            task,
            view,
            signal,
            model: table.resolve(model),
            effort,
            fallbackModel: fallbackFor(this.#models, model),
            ...(context !== undefined ? { taskContext: context } : {}),
            ...(transcript !== undefined ? { transcript } : {}),
            ...(resume !== undefined ? { resume } : {}),
          }),
        ),
      )
      .catch((error: unknown): AgentResult => ({ outcome: 'failed', reason: 'error', message: `Internal error: ${String(error)}` }))
      // The transcript keeps its file open while the agent works: closed before the agent counts as ended.
      .then((result) => (transcript === undefined ? result : transcript.close().then(() => result)))
      .then((result) => this.#finish(task.id, controller, result));
  }

  /** An agent's transcript writer: a fix-up rewrites it with its new turn (`reset`), a resume continues it. */
  #transcriptFor(runDir: string, taskId: string, attempt: number, resume: AgentResume | undefined, fixup: FixupLaunch | undefined): TranscriptWriter {
    return fixup !== undefined ? new TranscriptWriter(transcriptPath(runDir, taskId), attempt) : openTranscript(runDir, taskId, attempt, resume);
  }

  #finish(taskId: string, controller: AbortController, outcome: AgentResult): void {
    this.#agents.delete(taskId);
    const { conversation, ...result } = outcome;
    this.#checks?.agentEnded(taskId, conversation);
    const stop = this.#stop;
    // An agent aborted by the run's wall time failed on the run's budget; it was not cancelled.
    const ended: AgentResult =
      result.outcome === 'cancelled' && stop?.outcome === 'failed' && !controller.signal.aborted
        ? { outcome: 'failed', reason: 'run-budget', message: stop.message }
        : result;
    this.#scheduler.set(taskId, ended.outcome);
    this.#emit({ kind: 'agent.finished', taskId, ...ended });
    this.#pump();
  }

  #end(): void {
    const stop = this.#stop;
    const agents = Object.values(this.state().agents);
    const allDone = agents.every((a) => a.status === 'done');
    let outcome: RunOutcome = allDone ? 'done' : 'failed';
    let message: string | undefined;
    if (stop !== undefined && (stop.aborts || !allDone)) {
      outcome = stop.outcome;
      message = stop.message;
    } else if (!allDone) {
      message = `Not every agent finished: ${agents
        .filter((a) => a.status !== 'done')
        .map((a) => `${a.taskId} (${a.status})`)
        .join(', ')}.`;
    }
    this.#emit(message === undefined ? { kind: 'run.finished', outcome } : { kind: 'run.finished', outcome, message });
    const final = this.state();
    // The run has ended once its log is closed and its check snapshot removed.
    const logged = Promise.all([this.#log.close(), this.#checks?.dispose()]).then(() => undefined);
    this.#live?.dispose();
    this.#live = undefined;
    this.#phase = { kind: 'ended', final, logged };
    const waiting = this.#waiting;
    this.#waiting = [];
    void logged.then(() => {
      this.#firstEnd(final);
      for (const resolve of waiting) resolve(final);
    });
  }
}
