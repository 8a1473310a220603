/**
 * The check phase in the run state: the fold of `checks.*`, `check.*` and `fixup.started` events into
 * `RunState.checks` (which checks there are, how each did in its latest pass, the fix-up rounds, the
 * time spent, the verdict, and which agents were right the first time). Pure, like runState.ts.
 */
import type { RunEventOf } from './events';
import type { CheckState, ChecksState, RunState } from './runStateTypes';
import { isWritingTask } from '../plan/plan';
import { definedFields } from '../definedFields';

function emptyChecks(fixRounds: number): ChecksState {
  return { phase: 'waiting', fixRounds, order: [], byId: {}, pass: 0, rounds: 0, checkMs: 0, fixupMs: 0, firstPass: {}, validatorRuns: 0 };
}

function withChecks(s: RunState, update: (checks: ChecksState) => ChecksState): RunState {
  return { ...s, checks: update(s.checks ?? emptyChecks(0)) };
}

/** Closes the stretch of time the phase was in (a pass or a fix-up round) at `at`. */
function closeStretch(c: ChecksState, at: number): ChecksState {
  if (c.sinceAt === undefined) return c;
  const spent = Math.max(0, at - c.sinceAt);
  const { sinceAt: _s, ...rest } = c;
  if (c.phase === 'checking') return { ...rest, checkMs: c.checkMs + spent };
  if (c.phase === 'fixing') return { ...rest, fixupMs: c.fixupMs + spent };
  return rest;
}

/** Writing tasks of the run's plan (the agents a verdict can be about). */
function writers(s: RunState): readonly string[] {
  return (s.plan?.tasks ?? []).filter(isWritingTask).map((t) => t.id);
}

function firstPassFrom(s: RunState, sentBack: readonly string[]): Record<string, boolean> {
  const result: Record<string, boolean> = {};
  for (const id of writers(s)) result[id] = !sentBack.includes(id);
  return result;
}

export const checksHandlers = {
  'checks.planned': (s: RunState, e: RunEventOf<'checks.planned'>): RunState => {
    const byId: Record<string, CheckState> = {};
    for (const spec of e.checks) {
      byId[spec.id] = {
        id: spec.id,
        command: spec.command,
        source: spec.source,
        ...definedFields({ origin: spec.origin }),
        status: 'pending',
        pass: 0,
        diagnostics: [],
        diagnosticsTotal: 0,
      };
    }
    return { ...s, checks: { ...emptyChecks(e.fixRounds), order: e.checks.map((c) => c.id), byId } };
  },
  'checks.skipped': (s: RunState, e: RunEventOf<'checks.skipped'>): RunState => ({
    ...s,
    checks: { ...emptyChecks(0), phase: 'skipped', skipped: { reason: e.reason, message: e.message } },
  }),
  'check.started': (s: RunState, e: RunEventOf<'check.started'>): RunState =>
    withChecks(s, (c) => {
      // A validator's run_check is not part of a pass.
      if (e.requestedBy !== undefined) return c;
      const entering = c.phase !== 'checking' ? { ...closeStretch(c, e.at), phase: 'checking' as const, sinceAt: e.at } : c;
      const before = c.byId[e.checkId];
      const check: CheckState = {
        id: e.checkId,
        command: e.command,
        source: before?.source ?? 'setting',
        ...definedFields({ origin: before?.origin }),
        status: 'running',
        pass: e.pass,
        startedAt: e.at,
        diagnostics: [],
        diagnosticsTotal: 0,
      };
      const order = c.order.includes(e.checkId) ? c.order : [...c.order, e.checkId];
      return { ...entering, order, pass: Math.max(c.pass, e.pass), byId: { ...c.byId, [e.checkId]: check } };
    }),
  'check.finished': (s: RunState, e: RunEventOf<'check.finished'>): RunState =>
    withChecks(s, (c) => {
      if (e.requestedBy !== undefined) return { ...c, validatorRuns: c.validatorRuns + 1 };
      const before = c.byId[e.checkId];
      if (before === undefined) return c;
      const check: CheckState = {
        ...before,
        status: e.outcome,
        pass: e.pass,
        exitCode: e.exitCode,
        durationMs: e.durationMs,
        outputBytes: e.outputBytes,
        truncated: e.truncated,
        tail: e.tail,
        diagnostics: e.diagnostics,
        diagnosticsTotal: e.diagnosticsTotal,
        ...definedFields({ log: e.log, message: e.message }),
      };
      return { ...c, byId: { ...c.byId, [e.checkId]: check } };
    }),
  'fixup.started': (s: RunState, e: RunEventOf<'fixup.started'>): RunState => {
    const sentBack = e.tasks.map((t) => t.taskId);
    const next = withChecks(s, (c) => ({
      ...closeStretch(c, e.at),
      phase: 'fixing',
      sinceAt: e.at,
      rounds: Math.max(c.rounds, e.round),
      firstPass: e.round === 1 ? firstPassFrom(s, sentBack) : c.firstPass,
    }));
    const agents = { ...next.agents };
    for (const id of sentBack) {
      const agent = agents[id];
      if (agent !== undefined) agents[id] = { ...agent, fixing: e.round, fixups: (agent.fixups ?? 0) + 1 };
    }
    return { ...next, agents };
  },
  'checks.finished': (s: RunState, e: RunEventOf<'checks.finished'>): RunState =>
    withChecks(s, (c) => ({
      ...closeStretch(c, e.at),
      phase: e.verdict,
      verdict: e.verdict,
      rounds: e.rounds,
      failing: e.failing,
      failingOwners: e.owners,
      message: e.message,
      firstPass: e.passes <= 1 ? firstPassFrom(s, e.verdict === 'passing' ? [] : e.owners) : c.firstPass,
    })),
};
