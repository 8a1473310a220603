/**
 * Runs an approved plan: contract tasks first, implementers in parallel under the cap, then the
 * validators, each agent writing only to the staging store. Every state change is an event.
 */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { basename, join } from 'node:path';
import { runAgent } from './agent/agentLoop';
import { buildTaskContext } from './agent/taskContext';
import type { RunOptions, RunHandle, AgentResult } from './engineTypes';
import { EventStamper, type RunEvent, type RunEventBody, type RunOutcome } from './events';
import { createRequestLimiter } from './limiter';
import { DEFAULT_MODEL_TABLE } from './models/modelTable';
import type { EffortSetting } from './models/requestShape';
import type { Plan, PlanFinding, TaskSpec } from './plan';
import { hasErrors, validatePlan } from './planValidation';
import { buildSharedSystem } from './prompts';
import { RUN_LOG_FILE, RunLogWriter } from './runLog';
import { createRunBudget } from './runBudget';
import { initialRunState, reduceRunEvent, type RunState } from './runState';
import { Scheduler } from './scheduler';
import { StagingStore } from './staging';
import { createToolbox } from './tools/toolbox';

/**
 * Output cap per agent turn. Thinking counts against it, and the current models think adaptively on
 * every turn, so it leaves room for thinking plus a whole file written in one tool call.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 32_000;

/** Effort per role when the run options name none. */
export const DEFAULT_EFFORT: { readonly agent: EffortSetting; readonly validator: EffortSetting } = { agent: 'medium', validator: 'medium' };

/** Thrown by `startRun` when the plan has errors: nothing runs. */
export class PlanValidationError extends Error {
  constructor(readonly findings: readonly PlanFinding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(`The plan has ${errors.length} error(s): ${errors.map((f) => f.message).join(' ')}`);
    this.name = 'PlanValidationError';
  }
}

/** Why the run controller was aborted. */
class RunStop extends Error {
  constructor(readonly stop: 'cancelled' | 'run-budget', message: string) {
    super(message);
  }
}

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

function modelFor(task: TaskSpec, options: RunOptions): string {
  return task.model ?? (task.phase === 'validate' ? options.models.validator : options.models.agent);
}

/** One warning per model id the table does not know, for every model the run may ask (fallback included). */
function modelWarnings(plan: Plan, options: RunOptions): { readonly model: string; readonly message: string }[] {
  const table = options.modelTable ?? DEFAULT_MODEL_TABLE;
  const ids = new Set(plan.tasks.map((task) => modelFor(task, options)));
  if (options.fallbackModel !== undefined && options.fallbackModel !== '') ids.add(options.fallbackModel);
  return [...ids].flatMap((id) => {
    const warning = table.resolve(id).warning;
    return warning === undefined ? [] : [{ model: id, message: warning }];
  });
}

/** A child controller that aborts with its parent; `release()` detaches it once its work is over. */
function linked(parent: AbortSignal): AbortController & { release(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return Object.assign(controller, { release: () => parent.removeEventListener('abort', onAbort) });
}

export function startRun(options: RunOptions): RunHandle {
  const findings = validatePlan(options.plan, options.workspaceRoot);
  if (hasErrors(findings)) {
    throw new PlanValidationError(findings);
  }
  const plan: Plan = { ...options.plan, lint: findings };
  const now = options.now ?? Date.now;
  const runId = options.runId ?? newRunId(new Date(now()));
  const stamper = new EventStamper(runId, now);
  const logPath = options.runDir ? join(options.runDir, RUN_LOG_FILE) : undefined;
  let log = logPath ? new RunLogWriter(logPath) : undefined;
  const staging = new StagingStore(options.workspaceRoot, options.runDir ? { blobDir: join(options.runDir, 'blobs') } : {});
  const toolbox = createToolbox();
  const limiter = createRequestLimiter(options.retry);
  const runBudget = createRunBudget(options.budgets, now);
  const scheduler = new Scheduler(plan, Math.max(1, options.maxConcurrency));
  const sharedSystem = buildSharedSystem(plan, options.sharedContext);
  const modelTable = options.modelTable ?? DEFAULT_MODEL_TABLE;
  // A fallback that is the task's own model would only be refused again.
  const fallbackFor = (model: string) => {
    const fallback = options.fallbackModel;
    return fallback !== undefined && fallback !== '' && fallback !== model ? modelTable.resolve(fallback) : undefined;
  };
  const runController = linked(options.signal ?? new AbortController().signal);
  // Every running agent links one abort listener to the run's signal: allow as many as may run.
  setMaxListeners(Math.max(10, options.maxConcurrency + 10), runController.signal);
  const agentControllers = new Map<string, ReturnType<typeof linked>>();
  let state: RunState = initialRunState(runId);
  let finished = false;
  let settle: (s: RunState) => void = () => undefined;
  let done = new Promise<RunState>((resolve) => (settle = resolve));
  const firstDone = done;

  const emit = (body: RunEventBody): RunEvent => {
    const event = stamper.stamp(body);
    state = reduceRunEvent(state, event);
    log?.append(event);
    options.onEvent?.(event);
    return event;
  };

  const wallTimer =
    options.budgets.maxWallMsPerRun > 0
      ? setTimeout(
          () => runController.abort(new RunStop('run-budget', `The run reached its wall-time limit of ${Math.round(options.budgets.maxWallMsPerRun / 1000)} s (fanout.budget.maxWallSecondsPerRun).`)),
          options.budgets.maxWallMsPerRun,
        )
      : undefined;
  wallTimer?.unref?.();

  const finishAgent = (taskId: string, result: AgentResult) => {
    agentControllers.get(taskId)?.release();
    agentControllers.delete(taskId);
    scheduler.set(taskId, result.outcome);
    emit({
      kind: 'agent.finished',
      taskId,
      outcome: result.outcome,
      reason: result.reason,
      ...(result.message !== undefined ? { message: result.message } : {}),
      ...(result.summary !== undefined ? { summary: result.summary } : {}),
    });
    pump();
  };

  const launch = (task: TaskSpec) => {
    const controller = linked(runController.signal);
    agentControllers.set(task.id, controller);
    const model = modelFor(task, options);
    const resolvedModel = modelTable.resolve(model);
    const fallbackModel = fallbackFor(model);
    const effort = options.effort ?? DEFAULT_EFFORT;
    const attempt = (state.agents[task.id]?.attempt ?? 0) + 1;
    emit({ kind: 'agent.started', taskId: task.id, model, attempt });
    const visible = task.phase === 'validate' ? 'all' : scheduler.visibleTasks(task.id);
    const view = staging.viewFor(task.id, visible);
    const dependencies = (visible === 'all' ? [] : visible).flatMap((id) => {
      const agent = state.agents[id];
      return agent?.summary ? [{ taskId: id, title: agent.title, summary: agent.summary }] : [];
    });
    void buildTaskContext(task, view, dependencies)
      .then((taskContext) => runAgent({
      task,
      plan,
      workspaceRoot: options.workspaceRoot,
      client: options.client,
      model,
      resolvedModel,
      effort: task.phase === 'validate' ? effort.validator : effort.agent,
      ...(fallbackModel !== undefined ? { fallbackModel } : {}),
      toolbox,
      view,
      limiter,
      runBudget,
      budgets: options.budgets,
      retry: options.retry,
      prices: options.prices,
      sharedSystem,
      taskContext,
      maxOutputTokens: options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
      emit: (body) => void emit(body),
      signal: controller.signal,
      now,
    }))
      .catch((error: unknown): AgentResult => ({ outcome: 'failed', reason: 'error', message: `Internal error: ${String(error)}` }))
      .then((result) => finishAgent(task.id, translateStop(result, controller.signal)));
  };

  const pump = () => {
    if (finished) return;
    for (const b of scheduler.takeBlocked()) {
      emit({
        kind: 'agent.finished',
        taskId: b.taskId,
        outcome: 'blocked',
        reason: 'dependency',
        message: `Blocked: it needs "${b.blocker}", which ${b.blockerOutcome === 'blocked' ? 'was blocked' : b.blockerOutcome}.`,
      });
    }
    if (runController.signal.aborted) {
      for (const task of scheduler.order) {
        if (scheduler.state(task.id) === 'pending') {
          scheduler.set(task.id, 'cancelled');
          const stop = runController.signal.reason;
          const budget = stop instanceof RunStop && stop.stop === 'run-budget';
          emit({ kind: 'agent.finished', taskId: task.id, outcome: budget ? 'failed' : 'cancelled', reason: budget ? 'run-budget' : 'cancelled' });
        }
      }
    } else {
      for (const task of scheduler.takeReady()) launch(task);
    }
    if (scheduler.settled) complete();
  };

  const complete = () => {
    if (finished) return;
    finished = true;
    const agents = Object.values(state.agents);
    const stop = runController.signal.reason;
    let outcome: RunOutcome = agents.every((a) => a.status === 'done') ? 'done' : 'failed';
    let message: string | undefined;
    if (runController.signal.aborted) {
      outcome = stop instanceof RunStop && stop.stop === 'run-budget' ? 'failed' : 'cancelled';
      message = stop instanceof Error ? stop.message : 'The run was cancelled.';
    } else if (outcome === 'failed') {
      const bad = agents.filter((a) => a.status !== 'done').map((a) => `${a.taskId} (${a.status})`);
      message = `Not every agent finished: ${bad.join(', ')}.`;
    }
    emit({ kind: 'run.finished', outcome, ...(message !== undefined ? { message } : {}) });
    const final = state;
    const closing = log;
    log = undefined;
    const resolve = settle;
    void (closing ? closing.close().catch(() => undefined) : Promise.resolve()).then(() => resolve(final));
  };

  emit({
    kind: 'run.started',
    plan,
    workspaceName: basename(options.workspaceRoot),
    maxConcurrency: Math.max(1, options.maxConcurrency),
    demo: options.demo ?? false,
  });
  for (const warning of modelWarnings(plan, options)) emit({ kind: 'run.warning', model: warning.model, message: warning.message });
  for (const task of plan.tasks) emit({ kind: 'agent.queued', taskId: task.id });
  queueMicrotask(pump);

  return {
    runId,
    get done() {
      return firstDone;
    },
    staging,
    state: () => state,
    cancel(reason?: string) {
      runController.abort(new RunStop('cancelled', reason ?? 'The run was cancelled.'));
      if (wallTimer) clearTimeout(wallTimer);
      queueMicrotask(pump);
    },
    cancelAgent(taskId: string) {
      const s = scheduler.state(taskId);
      if (s === 'running') {
        agentControllers.get(taskId)?.abort(new RunStop('cancelled', `Agent ${taskId} was cancelled.`));
      } else if (s === 'pending') {
        scheduler.set(taskId, 'cancelled');
        emit({ kind: 'agent.finished', taskId, outcome: 'cancelled', reason: 'cancelled' });
        pump();
      }
    },
    retryAgent(taskId: string) {
      if (runController.signal.aborted) return;
      const requeued = scheduler.requeue(taskId);
      if (requeued.length === 0) return;
      if (finished) {
        finished = false;
        done = new Promise<RunState>((resolve) => (settle = resolve));
        log = logPath ? new RunLogWriter(logPath) : undefined;
      }
      for (const id of requeued) emit({ kind: 'agent.queued', taskId: id });
      pump();
    },
    settled: () => done,
  };
}

/** Maps an abort of the run for its wall-time budget to a budget failure rather than a cancel. */
function translateStop(result: AgentResult, signal: AbortSignal): AgentResult {
  const stop: unknown = signal.reason;
  if (result.outcome === 'cancelled' && stop instanceof RunStop && stop.stop === 'run-budget') {
    return { outcome: 'failed', reason: 'run-budget', message: stop.message };
  }
  return result;
}
