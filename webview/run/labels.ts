/**
 * Words Fanout's run view uses for statuses, end reasons, retry causes and phases. Pure, so cards,
 * the timeline's text alternative and the tests agree on every label.
 */
import type { AgentEndReason, CapacityReason, FileChange } from '../../src/core/run/eventVocabulary';
import type { RetryCause } from '../../src/core/run/events';
import type { Phase } from '../../src/core/plan/plan';
import type { AgentState, AgentStatus, RunStatus } from '../../src/core/run/runState';
import type { TailPiece } from '../../src/core/run/textTail';
import { formatCountdown } from '../format';

export const STATUS_LABEL: Readonly<Record<AgentStatus, string>> = {
  queued: 'Queued',
  running: 'Running',
  waiting: 'Waiting for capacity',
  retrying: 'Retrying',
  blocked: 'Blocked',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Statuses in the order the header counts them. */
export const STATUS_ORDER: readonly AgentStatus[] = ['running', 'waiting', 'retrying', 'queued', 'blocked', 'done', 'failed', 'cancelled'];

export const RUN_STATUS_LABEL: Readonly<Record<RunStatus, string>> = {
  idle: 'Idle',
  running: 'Running',
  interrupted: 'Interrupted',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** The agent status whose icon and colour stand for a run's status. */
export const RUN_STATUS_ICON: Readonly<Record<RunStatus, AgentStatus>> = {
  idle: 'queued',
  running: 'running',
  interrupted: 'blocked',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

export const PHASE_LABEL: Readonly<Record<Phase, string>> = {
  contract: 'Contract',
  implement: 'Implement',
  validate: 'Validate',
};

export const RETRY_CAUSE_LABEL: Readonly<Record<RetryCause, string>> = {
  auth: 'API key rejected',
  permission: 'Not permitted',
  'not-found': 'Model not found',
  'rate-limited': 'Rate limited',
  overloaded: 'API overloaded',
  'server-error': 'Server error',
  'bad-request': 'Request rejected',
  connection: 'Connection error',
  timeout: 'Timed out',
  stalled: 'Stream stalled',
  dropped: 'Stream dropped',
};

/** Why an agent waits for capacity: the words under "Waiting for capacity". */
export const CAPACITY_REASON_LABEL: Readonly<Record<CapacityReason, string>> = {
  backoff: 'The API asked every agent to slow down; the work is kept',
  requests: 'The account’s request limit for this minute is used up',
  tokens: 'The account’s token limit for this minute is used up',
  inputTokens: 'The account’s input-token limit for this minute is used up',
  outputTokens: 'The account’s output-token limit for this minute is used up',
};

export const END_REASON_LABEL: Readonly<Record<AgentEndReason, string>> = {
  finished: 'Finished',
  error: 'Error',
  'budget-turns': 'Turn budget reached',
  'budget-tokens': 'Token budget reached',
  'budget-cost': 'Cost budget reached',
  'budget-wall': 'Time budget reached',
  'run-budget': 'Run budget reached',
  cancelled: 'Cancelled',
  dependency: 'A dependency did not finish',
  'context-window': "The conversation no longer fits the model's context window",
  refusal: 'The model declined the task',
};

export const CHANGE_MARK: Readonly<Record<FileChange, { readonly letter: string; readonly label: string }>> = {
  create: { letter: 'A', label: 'Created' },
  modify: { letter: 'M', label: 'Modified' },
  delete: { letter: 'D', label: 'Deleted' },
};

/** True while the agent holds a model slot (its elapsed time grows with the clock). */
export function isLive(status: AgentStatus): boolean {
  return status === 'running' || status === 'waiting' || status === 'retrying';
}

/** Time the agent has run: summed attempts, plus the current attempt while it is live. */
export function elapsedMs(agent: AgentState, now: number): number {
  const current = isLive(agent.status) && agent.startedAt !== undefined ? Math.max(0, now - agent.startedAt) : 0;
  return agent.activeMs + current;
}

/** The short status text shown beside the status icon: "Running", "Retrying in 7s". */
export function statusText(agent: AgentState, now: number): string {
  if (agent.status === 'retrying' && agent.retry) return `Retrying in ${formatCountdown(agent.retry.until, now)}`;
  if (agent.status === 'waiting' && agent.waiting) return `Waiting for capacity · ${formatCountdown(agent.waiting.until, now)}`;
  return STATUS_LABEL[agent.status];
}

/** The line under the status: why it is waiting, blocked, failed or retrying. */
export function statusDetail(agent: AgentState): string | undefined {
  switch (agent.status) {
    case 'queued':
      return agent.message ?? (agent.dependsOn.length > 0 ? `After ${agent.dependsOn.join(', ')}` : undefined);
    case 'waiting':
      return agent.waiting ? CAPACITY_REASON_LABEL[agent.waiting.reason] : undefined;
    case 'retrying':
      return agent.retry ? `${RETRY_CAUSE_LABEL[agent.retry.cause]} · retry ${agent.retry.attempt}` : undefined;
    case 'blocked':
      return agent.message ?? END_REASON_LABEL.dependency;
    case 'failed':
      return agent.message ?? (agent.reason ? END_REASON_LABEL[agent.reason] : undefined);
    case 'cancelled':
      return agent.message ?? (agent.reason && agent.reason !== 'cancelled' ? END_REASON_LABEL[agent.reason] : undefined);
    default:
      return undefined;
  }
}

/** The last `max` non-empty lines of the agent's streamed text, each bounded from its start. */
export function tailLines(text: string, max = 3, maxChars = 160): readonly string[] {
  return progressLines({ textTail: text }, max, maxChars).map((line) => line.text);
}

/** The text an agent card shows: the tail, and its pieces by source when the state keeps them. */
export interface TailText {
  readonly textTail: string;
  /** The tail split by source, in order (their texts joined are `textTail`); absent: all of it is plain text. */
  readonly tailPieces?: readonly TailPiece[];
}

export interface ProgressLine {
  readonly text: string;
  /** The line came from thinking (a progress note), not from the answer's text. */
  readonly thinking: boolean;
}

/**
 * The last `max` non-empty lines of the agent's latest output, each bounded from its start and
 * marked when it came from thinking. A line that spans pieces takes the source of its first visible text.
 */
export function progressLines(agent: TailText, max = 3, maxChars = 160): readonly ProgressLine[] {
  const pieces = agent.tailPieces ?? [{ text: agent.textTail }];
  const lines: ProgressLine[] = [];
  let open: { text: string; thinking: boolean } | undefined;
  for (const piece of pieces) {
    const parts = piece.text.split(/\r?\n/);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0 && open !== undefined) {
        lines.push(open);
        open = undefined;
      }
      const part = parts[i] ?? '';
      // A line takes the source of its first visible text.
      if (open === undefined || open.text.trim() === '') open = { text: (open?.text ?? '') + part, thinking: piece.source === 'thinking' };
      else open.text += part;
    }
  }
  if (open !== undefined) lines.push(open);
  return lines
    .map((line) => ({ text: line.text.trim(), thinking: line.thinking }))
    .filter((line) => line.text.length > 0)
    .slice(-max)
    .map((line) => (line.text.length > maxChars ? { ...line, text: `…${line.text.slice(line.text.length - maxChars + 1)}` } : line));
}

/** "Compacted", "Compacted 3×": how often the conversation was summarized to fit the window; undefined when never. */
export function compactionLabel(agent: Pick<AgentState, 'compactions'>): string | undefined {
  const n = agent.compactions ?? 0;
  if (n <= 0) return undefined;
  return n === 1 ? 'Compacted' : `Compacted ${n}×`;
}

export function compactionTitle(agent: Pick<AgentState, 'compactions'>): string {
  const n = agent.compactions ?? 0;
  return `The conversation was summarized ${n === 1 ? 'once' : `${n} times`} to stay within the model's context window`;
}

/** "Fallback: claude-opus-5": a refused turn was answered by the fallback model; undefined when none was. */
export function fallbackLabel(agent: Pick<AgentState, 'fallback'>): string | undefined {
  return agent.fallback ? `Fallback: ${agent.fallback.to}` : undefined;
}

export function fallbackTitle(agent: Pick<AgentState, 'fallback'>): string {
  const f = agent.fallback;
  return f ? `${f.from} declined turn ${f.turn}; it was asked once of ${f.to} (fanout.fallbackModel), and later turns went back to ${f.from}` : '';
}
