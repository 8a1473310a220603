/**
 * Run state as a pure fold over run events. Shared by the engine (final state), the CLI, the host
 * (review, history, reload) and the webview, so it imports nothing from Node or VS Code.
 */
import { appendToTail } from './textTail';
import type { RunEvent, RunEventOf } from './events';
import { currentRetryCause } from '../model/call/kinds';
import type { Plan, TaskSpec } from '../plan/plan';
import { addUsage, ZERO_USAGE } from '../model/usage';
import { checksHandlers } from './checksState';
import { synthesisHandlers } from './synthesisState';

export type * from './runStateTypes';
import type { AgentState, DeniedWrite, Finding, RunState, RunStatus, StagedFile } from './runStateTypes';
import { definedFields } from '../definedFields';

export function initialRunState(runId: string): RunState {
  return { runId, status: 'idle', lastSeq: 0, maxConcurrency: 1, demo: false, agentOrder: [], agents: {}, files: {}, denied: [], findings: [] };
}

/** A task's agent before anything happened: queued, no usage. */
export function newAgentState(task: TaskSpec): AgentState {
  return {
    taskId: task.id,
    title: task.title,
    role: task.role,
    phase: task.phase,
    dependsOn: task.dependsOn,
    status: 'queued',
    attempt: 0,
    activeMs: 0,
    textTail: '',
    usage: ZERO_USAGE,
    costUsd: 0,
    costKnown: true,
    cacheSavingsUsd: 0,
    turns: 0,
    toolCalls: 0,
    retries: 0,
    deniedWrites: 0,
    ...definedFields({ model: task.model }),
  };
}

function agentsFromPlan(plan: Plan): Pick<RunState, 'agentOrder' | 'agents'> {
  const agents: Record<string, AgentState> = {};
  for (const task of plan.tasks) agents[task.id] = newAgentState(task);
  return { agentOrder: plan.tasks.map((t) => t.id), agents };
}

function updateAgent(state: RunState, taskId: string, update: (agent: AgentState) => AgentState): RunState {
  const agent = state.agents[taskId];
  if (!agent) {
    return state;
  }
  return { ...state, agents: { ...state.agents, [taskId]: update(agent) } };
}

function updateFile(state: RunState, path: string, update: (file: StagedFile) => StagedFile): RunState {
  const file = state.files[path];
  return file ? { ...state, files: { ...state.files, [path]: update(file) } } : state;
}

/** The agent without a pending retry or capacity wait: its next request went out. */
function withoutRetry(agent: AgentState): AgentState {
  if (!agent.retry && !agent.waiting) {
    return agent;
  }
  const { retry: _retry, waiting: _waiting, ...rest } = agent;
  return rest;
}

function isTerminal(status: RunStatus): boolean {
  return status === 'done' || status === 'failed' || status === 'cancelled';
}

function withoutFinish(state: RunState): RunState {
  const { finishedAt: _f, message: _m, ...rest } = state;
  return { ...rest, status: 'running' };
}

const statusByOutcome = { done: 'done', failed: 'failed', cancelled: 'cancelled', blocked: 'blocked' } as const;

type Handlers = { readonly [K in RunEvent['kind']]: (state: RunState, event: RunEventOf<K>) => RunState };

const handlers: Handlers = {
  'run.started': (s, e) => ({
    ...s,
    ...agentsFromPlan(e.plan),
    status: 'running',
    plan: e.plan,
    workspaceName: e.workspaceName,
    maxConcurrency: e.maxConcurrency,
    demo: e.demo,
    startedAt: e.at,
    files: {},
    denied: [],
    findings: [],
  }),
  'run.warning': (s, e) => ({ ...s, warnings: [...(s.warnings ?? []), e.message] }),
  // Agents that were at work when the run was interrupted wait to start again; their time at work so far is kept.
  'run.resumed': (s, e) => {
    const agents: Record<string, AgentState> = { ...s.agents };
    for (const a of Object.values(s.agents)) {
      if (a.status !== 'running' && a.status !== 'retrying' && a.status !== 'waiting') continue;
      const { doing: _d, startedAt, ...rest } = withoutRetry(a);
      const worked = startedAt !== undefined ? Math.max(0, (s.lastEventAt ?? e.at) - startedAt) : 0;
      agents[a.taskId] = { ...rest, status: 'queued', queuedAt: e.at, activeMs: a.activeMs + worked };
    }
    return { ...withoutFinish(s), maxConcurrency: e.maxConcurrency, agents };
  },
  'run.finished': (s, e) => ({ ...s, status: e.outcome, finishedAt: e.at, ...definedFields({ message: e.message }) }),
  'agent.queued': (s, e) => {
    // Queuing an agent again after the run ended (a retry) reopens the run.
    const reopened = isTerminal(s.status) && s.agents[e.taskId] !== undefined;
    const base: RunState = reopened ? withoutFinish(s) : s;
    return updateAgent(base, e.taskId, (a) => {
      const { endedAt: _e, reason: _r, message: _m, failure: _f, doing: _d, ...rest } = withoutRetry(a);
      return { ...rest, status: 'queued', queuedAt: e.at };
    });
  },
  'agent.started': (s, e) =>
    updateAgent(s, e.taskId, (a) => {
      // A fix-up round reopens a finished agent: its earlier ending no longer stands.
      const { endedAt: _e, reason: _r, message: _m, failure: _f, ...rest } = withoutRetry(a);
      return { ...(e.fixup !== undefined ? rest : withoutRetry(a)), status: 'running', model: e.model, attempt: e.attempt, startedAt: e.at };
    }),
  // Thinking text (`source: 'thinking'`) is kept in the same tail: on the current models it holds the
  // notes the model writes between tool calls, which is what the card shows as progress.
  'agent.text': (s, e) =>
    updateAgent(s, e.taskId, (a) => ({ ...a, ...appendToTail(a.tailPieces ?? (a.textTail === '' ? [] : [{ text: a.textTail }]), e.text, e.source) })),
  'agent.compacted': (s, e) => updateAgent(s, e.taskId, (a) => ({ ...a, compactions: (a.compactions ?? 0) + 1 })),
  'agent.fallback': (s, e) => updateAgent(s, e.taskId, (a) => ({ ...a, fallback: { turn: e.turn, from: e.from, to: e.to } })),
  'agent.toolCall': (s, e) => updateAgent(s, e.taskId, (a) => ({ ...withoutRetry(a), status: 'running', doing: e.summary, toolCalls: a.toolCalls + 1 })),
  'agent.toolResult': (s) => s,
  'agent.retrying': (s, e) =>
    updateAgent(s, e.taskId, (a) => ({
      ...a,
      status: 'retrying',
      retries: a.retries + 1,
      // Logs written before the one failure vocabulary say 'stream-dropped' and 'stream-stalled'.
      retry: { cause: currentRetryCause(e.cause), until: e.at + e.delayMs, attempt: e.attempt, message: e.message },
    })),
  'agent.waiting': (s, e) => updateAgent(s, e.taskId, (a) => ({ ...a, status: 'waiting', waiting: { until: e.until, reason: e.reason } })),
  'agent.usage': (s, e) =>
    updateAgent(s, e.taskId, (a) => ({
      ...withoutRetry(a),
      status: a.status === 'retrying' || a.status === 'waiting' ? 'running' : a.status,
      usage: addUsage(a.usage, e.usage),
      turns: a.turns + 1,
      costUsd: a.costUsd + (e.costUsd ?? 0),
      costKnown: a.costKnown && e.costUsd !== null,
      cacheSavingsUsd: a.cacheSavingsUsd + (e.cacheSavingsUsd ?? 0),
    })),
  'agent.finished': (s, e) =>
    updateAgent(s, e.taskId, (a) => {
      const ran = a.startedAt !== undefined && a.status !== 'queued' && a.status !== 'blocked' && e.outcome !== 'blocked';
      const { doing: _d, fixing: _x, ...rest } = withoutRetry(a);
      return {
        ...rest,
        status: statusByOutcome[e.outcome],
        reason: e.reason,
        endedAt: e.at,
        activeMs: a.activeMs + (ran && a.startedAt !== undefined ? Math.max(0, e.at - a.startedAt) : 0),
        ...definedFields({ message: e.message, summary: e.summary, failure: e.failure }),
      };
    }),
  'file.staged': (s, e) => {
    // A write that puts a file back as it was (same hash as the base) unstages it.
    if (e.proposedHash === e.baseHash) {
      const { [e.path]: _gone, ...files } = s.files;
      return { ...s, files };
    }
    const file: StagedFile = {
      path: e.path,
      taskId: e.taskId,
      change: e.change,
      baseHash: e.baseHash,
      proposedHash: e.proposedHash,
      bytes: e.bytes,
      review: 'pending',
      merged: false,
    };
    return { ...s, files: { ...s.files, [e.path]: file } };
  },
  'write.denied': (s, e) => {
    const denied: DeniedWrite = {
      seq: e.seq,
      taskId: e.taskId,
      path: e.path,
      tool: e.tool,
      reason: e.reason,
      message: e.message,
      ...definedFields({ owner: e.owner }),
    };
    const next = { ...s, denied: [...s.denied, denied] };
    return updateAgent(next, e.taskId, (a) => ({ ...a, deniedWrites: a.deniedWrites + 1 }));
  },
  'finding.reported': (s, e) => {
    const finding: Finding = {
      seq: e.seq,
      taskId: e.taskId,
      severity: e.severity,
      message: e.message,
      ...definedFields({ path: e.path, line: e.line }),
    };
    return { ...s, findings: [...s.findings, finding] };
  },
  'review.applied': (s, e) => updateFile(s, e.path, (f) => ({ ...f, review: 'applied', merged: e.merged })),
  'review.discarded': (s, e) => updateFile(s, e.path, (f) => ({ ...f, review: 'discarded' })),
  'review.conflict': (s, e) => updateFile(s, e.path, (f) => ({ ...f, review: 'conflict', conflictMessage: e.message })),
  ...checksHandlers,
  ...synthesisHandlers,
};

/** The state of a run whose log ended without `run.finished` and whose writer is gone. */
export function markInterrupted(state: RunState): RunState {
  if (state.status !== 'running') return state;
  // Nothing is at work any more: agents that were show as waiting to resume, not as running.
  const agents: Record<string, AgentState> = {};
  for (const [id, agent] of Object.entries(state.agents)) {
    if (agent.status !== 'running' && agent.status !== 'retrying' && agent.status !== 'waiting') {
      agents[id] = agent;
      continue;
    }
    const { doing: _doing, ...rest } = withoutRetry(agent);
    agents[id] = { ...rest, status: 'queued', message: 'Interrupted: resuming continues it from its last finished turn.' };
  }
  return { ...state, status: 'interrupted', agents };
}

/** Folds one event into the state. Events of another run, and stale or repeated seqs, are ignored. */
export function reduceRunEvent(state: RunState, event: RunEvent): RunState {
  if (event.runId !== state.runId || event.seq <= state.lastSeq) {
    return state;
  }
  const handler = handlers[event.kind] as (s: RunState, e: RunEvent) => RunState;
  return { ...handler(state, event), lastSeq: event.seq, lastEventAt: event.at };
}

/** Rebuilds a run's state from its events (the run log, a live stream, a batch). */
export function reduceRunEvents(events: Iterable<RunEvent>, initial?: RunState): RunState {
  let state: RunState | undefined = initial;
  for (const event of events) {
    state = reduceRunEvent(state ?? initialRunState(event.runId), event);
  }
  return state ?? initialRunState('');
}
