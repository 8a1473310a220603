/**
 * The rules of the run view's checks, apart from their markup: the phase and each check's status
 * in words, the glyph standing for them, the time spent, the diagnostics shown (capped) and the
 * output tail (its last lines, escape sequences removed), and what an agent card says about them.
 * Pure, so the panel, the cards and the tests agree.
 */
import type { CheckDiagnostic } from '../../src/core/checks/checkTypes';
import type { AgentStatus, CheckState, CheckStatus, ChecksState } from '../../src/core/run/runState';
import { definedFields } from '../../src/core/definedFields';

export const CHECK_STATUS_LABEL: Readonly<Record<CheckStatus, string>> = {
  pending: 'pending',
  running: 'running',
  passed: 'passed',
  failed: 'failed',
  'timed-out': 'timed out',
  cancelled: 'cancelled',
  error: 'error',
};

/** The agent status whose icon and colour stand for a check's status (the words always sit beside it). */
export const CHECK_STATUS_ICON: Readonly<Record<CheckStatus, AgentStatus>> = {
  pending: 'queued',
  running: 'running',
  passed: 'done',
  failed: 'failed',
  'timed-out': 'waiting',
  cancelled: 'cancelled',
  error: 'blocked',
};

export type ChecksPhase = ChecksState['phase'];

export const CHECKS_PHASE_ICON: Readonly<Record<ChecksPhase, AgentStatus>> = {
  waiting: 'queued',
  checking: 'running',
  fixing: 'retrying',
  passing: 'done',
  failing: 'failed',
  skipped: 'cancelled',
};

/** Diagnostics a check's row lists before "N more". */
export const SHOWN_DIAGNOSTICS = 5;
/** Lines of a check's output tail the panel shows. */
export const TAIL_LINES = 40;
/** Characters of one diagnostic message shown (the whole output is one click away). */
const MESSAGE_CHARS = 300;

/** "Waiting for agents", "Checking · pass 2", "Fix-up round 1 of 2", "Checks passing", "Checks failing: test, typecheck". */
export function checksPhaseText(checks: ChecksState): string {
  switch (checks.phase) {
    case 'waiting':
      return 'Waiting for agents';
    case 'checking':
      return checks.pass > 0 ? `Checking · pass ${checks.pass}` : 'Checking';
    case 'fixing':
      return `Fix-up round ${Math.max(1, checks.rounds)} of ${checks.fixRounds}`;
    case 'passing':
      return 'Checks passing';
    case 'failing':
      return checks.failing && checks.failing.length > 0 ? `Checks failing: ${checks.failing.join(', ')}` : 'Checks failing';
    case 'skipped':
      return checks.skipped ? `Checks skipped: ${checks.skipped.message}` : 'Checks skipped';
  }
}

/** Time spent in check passes and in fix-up rounds, the current one counted up to `now`. */
export function checksTimes(checks: ChecksState, now: number): { readonly checkMs: number; readonly fixupMs: number } {
  const current = checks.sinceAt !== undefined ? Math.max(0, now - checks.sinceAt) : 0;
  return {
    checkMs: checks.checkMs + (checks.phase === 'checking' ? current : 0),
    fixupMs: checks.fixupMs + (checks.phase === 'fixing' ? current : 0),
  };
}

/** How long a check ran: its duration once it ended, the time since it started while it runs. */
export function checkDurationMs(check: CheckState, now: number): number | undefined {
  if (check.durationMs !== undefined) return check.durationMs;
  if (check.status === 'running' && check.startedAt !== undefined) return Math.max(0, now - check.startedAt);
  return undefined;
}

/** The checks in list order (ids the state does not know are left out). */
export function orderedChecks(checks: ChecksState): readonly CheckState[] {
  return checks.order.map((id) => checks.byId[id]).filter((c): c is CheckState => c !== undefined);
}

export interface ShownDiagnostics {
  readonly shown: readonly CheckDiagnostic[];
  /** Diagnostics not listed: the rest carried on the event plus any the event left off. */
  readonly more: number;
}

/** The first `SHOWN_DIAGNOSTICS` diagnostics of a check, and how many more it had. */
export function shownDiagnostics(check: CheckState, max = SHOWN_DIAGNOSTICS): ShownDiagnostics {
  const shown = check.diagnostics.slice(0, max);
  const total = Math.max(check.diagnosticsTotal, check.diagnostics.length);
  return { shown, more: total - shown.length };
}

/** "src/a.ts:12": where a diagnostic points. */
export function diagnosticWhere(d: CheckDiagnostic): string {
  return d.line !== undefined ? `${d.path}:${d.line}` : d.path;
}

/** A diagnostic's message on one line, bounded. */
export function diagnosticMessage(d: CheckDiagnostic): string {
  const line = d.message.replace(/\s+/g, ' ').trim();
  return line.length > MESSAGE_CHARS ? `${line.slice(0, MESSAGE_CHARS - 1)}…` : line;
}

// Terminal escape sequences (colours, cursor moves) and other control characters a check prints.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The last `max` lines of a check's output tail, as plain text without terminal escapes. */
export function tailText(tail: string, max = TAIL_LINES): string {
  const lines = tail.replace(ESCAPES, '').replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return lines.slice(-max).join('\n');
}

/** What an agent card says about the checks once they have a verdict. */
export interface AgentChecksMark {
  /** "checks failing" when the failing checks point at this agent's files; "checks passing" when every check passed. */
  readonly verdict?: 'passing' | 'failing';
  /** No failing check of pass 1 pointed at its files (absent: it wrote nothing the checks judged). */
  readonly firstPass?: boolean;
}

/**
 * The checks' word on one agent, or undefined while they have none (or none ran). `stagedFiles`:
 * files the agent staged (an agent that wrote nothing gets no "checks passing").
 */
export function agentChecksMark(checks: ChecksState | undefined, taskId: string, stagedFiles = 0): AgentChecksMark | undefined {
  if (!checks || (checks.phase !== 'passing' && checks.phase !== 'failing')) return undefined;
  const judged = Object.prototype.hasOwnProperty.call(checks.firstPass, taskId);
  const firstPass = judged ? checks.firstPass[taskId] : undefined;
  const wrote = judged || stagedFiles > 0;
  const failing = checks.phase === 'failing' && (checks.failingOwners ?? []).includes(taskId);
  const verdict = failing ? 'failing' : checks.phase === 'passing' && wrote ? 'passing' : undefined;
  if (verdict === undefined && firstPass === undefined) return undefined;
  return { ...(verdict ? { verdict } : {}), ...definedFields({ firstPass }) };
}
