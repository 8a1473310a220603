/**
 * Starts a run's agents and ends them, those that never start included (blocked, or dropped by a stop
 * or a cancel). It keeps the agents the scheduler made ready that are not launched yet (launched one
 * per macrotask), each running agent's own abort controller (a child of the run's signal) and the
 * agents an interruption left at work. Launching one: its model and attempt, its `agent.started`, its
 * transcript, its view of the staging store, its task context, then the agent loop; a fix-up round
 * starts a done agent again and continues its conversation. An agent's end is `agent.finished` with
 * its outcome, then the run goes on (`pump`).
 */
import { AgentContext } from './agent/agentContext';
import { runAgent } from './agent/agentLoop';
import { buildTaskContext } from './agent/taskContext';
import { TranscriptWriter, transcriptPath } from './agent/transcript';
import { agentResumeOf, openTranscript } from './agentResume';
import type { AgentResult, AgentResume, RunContext } from './contextTypes';
import type { RunEventBody } from './events';
import type { EffortSetting } from '../model/requestShape';
import type { TaskSpec } from '../plan/plan';
import type { FixupLaunch, RunChecks } from './runChecks';
import { fallbackFor, modelIdFor, type RunModels } from './runModels';
import type { RunState } from './runState';
import type { RunStop } from './runStop';
import type { Scheduler } from './scheduler';
import type { StagingStore } from '../workspace/staging';
import { definedFields } from '../definedFields';

/** What the launcher needs of its run. */
export interface LauncherHost {
  readonly context: RunContext;
  readonly scheduler: Scheduler;
  readonly staging: StagingStore;
  readonly models: RunModels;
  readonly effort: { readonly agent: EffortSetting; readonly validator: EffortSetting };
  /** The run's folder (transcripts, resumes); absent for a run kept in memory. */
  readonly runDir: string | undefined;
  readonly checks: RunChecks | undefined;
  state(): RunState;
  emit(body: RunEventBody): void;
  /** The run's stop so far (`RunStopper.stop`). */
  stop(): RunStop | undefined;
  /** Lets the run go on after an agent ended: blocked agents, the next ready ones, the epilogue. */
  pump(): void;
}

export class AgentLauncher {
  /** Agents the scheduler made ready that are not launched yet (`#launchNext`). */
  readonly #launching: TaskSpec[] = [];
  #launchScheduled = false;
  /** Each running agent's own abort controller. */
  readonly #agents = new Map<string, AbortController>();
  /** Agents that were at work when the run was interrupted, until they start again. */
  readonly #resumable = new Set<string>();

  constructor(private readonly host: LauncherHost) {}

  /** An agent the resumed run's log says was at work: its next launch continues its saved conversation. */
  markResumable(taskId: string): void {
    this.#resumable.add(taskId);
  }

  /** Queues agents the scheduler made ready and launches the next. */
  launchReady(tasks: readonly TaskSpec[]): void {
    this.#launching.push(...tasks);
    this.#launchNext();
  }

  /** Drops every agent not launched yet (a stop, an interruption): the ids it dropped. */
  dropUnlaunched(): ReadonlySet<string> {
    return new Set(this.#launching.splice(0).map((task) => task.id));
  }

  /** Ends the agents the scheduler found blocked: something they need did not finish. */
  endBlocked(): void {
    for (const b of this.host.scheduler.takeBlocked()) {
      this.host.emit({
        kind: 'agent.finished',
        taskId: b.taskId,
        outcome: 'blocked',
        reason: 'dependency',
        message: `Blocked: it needs "${b.blocker}", which ${b.blockerOutcome === 'blocked' ? 'was blocked' : b.blockerOutcome}.`,
      });
    }
  }

  /** Ends every agent that has not started (pending, or ready but not launched yet) with the stop's outcome. */
  endUnstarted(stop: RunStop): void {
    const scheduler = this.host.scheduler;
    const unlaunched = this.dropUnlaunched();
    for (const task of scheduler.order) {
      if (scheduler.state(task.id) === 'pending' || unlaunched.has(task.id)) this.#endNeverStarted(task.id, stop.outcome);
    }
  }

  /** Cancels one agent: aborts it when it runs, ends it when it never started. */
  cancel(taskId: string): void {
    const s = this.host.scheduler.state(taskId);
    const unlaunched = this.#launching.findIndex((task) => task.id === taskId);
    if (s === 'running' && unlaunched === -1) {
      this.#agents.get(taskId)?.abort();
      return;
    }
    if (unlaunched !== -1) this.#launching.splice(unlaunched, 1);
    else if (s !== 'pending') return;
    this.#endNeverStarted(taskId, 'cancelled');
    this.host.pump();
  }

  /** Ends an agent that never started (pending, or ready but not launched yet): a cancel, or a spent run budget. */
  #endNeverStarted(taskId: string, outcome: RunStop['outcome']): void {
    this.host.scheduler.set(taskId, outcome);
    this.host.emit({ kind: 'agent.finished', taskId, outcome, reason: outcome === 'failed' ? 'run-budget' : 'cancelled' });
  }

  /** Starts a done agent again for a fix-up round, continuing its conversation. */
  launchFixup(launch: FixupLaunch): void {
    const task = this.host.context.plan.tasks.find((t) => t.id === launch.taskId);
    if (task === undefined) return;
    this.host.scheduler.set(task.id, 'running');
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
    const { host } = this;
    const controller = new AbortController();
    this.#agents.set(task.id, controller);
    const signal = AbortSignal.any([host.context.signal, controller.signal]);
    const state = host.state();
    const before = state.agents[task.id];
    const runDir = host.runDir;
    // Taken once: a later retry of the agent starts afresh.
    const resume =
      fixup?.resume ?? (this.#resumable.delete(task.id) && runDir !== undefined && before !== undefined ? agentResumeOf(runDir, before) : undefined);
    // A resumed agent keeps the model its conversation was held with (its thinking is bound to it) and its attempt.
    const model = resume !== undefined && before?.model !== undefined ? before.model : modelIdFor(host.models, task);
    const attempt = resume !== undefined ? resume.conversation.attempt : (before?.attempt ?? 0) + 1;
    host.emit(
      fixup !== undefined
        ? { kind: 'agent.started', taskId: task.id, model, attempt, fixup: fixup.round }
        : { kind: 'agent.started', taskId: task.id, model, attempt },
    );
    const transcript = runDir !== undefined ? transcriptFor(runDir, task.id, attempt, resume, fixup) : undefined;
    // Validators and fix-ups see the combined result (the one the checks ran on).
    const visible = task.phase === 'validate' || fixup !== undefined ? 'all' : host.scheduler.visibleTasks(task.id);
    const view = host.staging.viewFor(task.id, visible);
    const dependencies = (visible === 'all' ? [] : visible).flatMap((id) => {
      const agent = state.agents[id];
      return agent?.summary ? [{ taskId: id, title: agent.title, summary: agent.summary }] : [];
    });
    const table = host.context.modelTable;
    const effort = task.phase === 'validate' ? host.effort.validator : host.effort.agent;
    // A resumed agent's opening is in its transcript: the task context is not built again.
    // A fix-up's conversation goes on disk with its new turn before it is sent.
    if (resume !== undefined && fixup !== undefined) transcript?.reset(resume.turns, resume.conversation.messages);
    const taskContext = resume === undefined ? buildTaskContext(task, view, dependencies) : Promise.resolve(undefined);
    void taskContext
      .then((context) =>
        runAgent(
          new AgentContext(host.context, {
            task,
            view,
            signal,
            model: table.resolve(model),
            effort,
            fallbackModel: fallbackFor(host.models, model),
            ...definedFields({ taskContext: context, transcript, resume }),
          }),
        ),
      )
      .catch((error: unknown): AgentResult => ({ outcome: 'failed', reason: 'error', message: `Internal error: ${String(error)}` }))
      // The transcript keeps its file open while the agent works: closed before the agent counts as ended.
      .then((result) => {
        transcript?.close();
        return result;
      })
      .then((result) => this.#finish(task.id, controller, result));
  }

  #finish(taskId: string, controller: AbortController, outcome: AgentResult): void {
    const { host } = this;
    this.#agents.delete(taskId);
    const { conversation, ...result } = outcome;
    host.checks?.agentEnded(taskId, conversation);
    const stop = host.stop();
    // An agent aborted by the run's wall time failed on the run's budget; it was not cancelled.
    const ended: AgentResult =
      result.outcome === 'cancelled' && stop?.outcome === 'failed' && !controller.signal.aborted
        ? { outcome: 'failed', reason: 'run-budget', message: stop.message }
        : result;
    host.scheduler.set(taskId, ended.outcome);
    host.emit({ kind: 'agent.finished', taskId, ...ended });
    host.pump();
  }
}

/** An agent's transcript writer: a fix-up rewrites it with its new turn (`reset`), a resume continues it. */
function transcriptFor(runDir: string, taskId: string, attempt: number, resume: AgentResume | undefined, fixup: FixupLaunch | undefined): TranscriptWriter {
  return fixup !== undefined ? new TranscriptWriter(transcriptPath(runDir, taskId), attempt) : openTranscript(runDir, taskId, attempt, resume);
}
