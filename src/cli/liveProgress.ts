/**
 * The live view of a run on a terminal, as lines: one per agent (status, what it is doing, tokens,
 * cost) and a footer (agents done of all, cost, elapsed time). Pure: a run state and the terminal's
 * size in, lines out; the writer that redraws them in place is liveWriter.ts.
 *
 * The lines fit the terminal: each is shorter than its width and there are fewer of them than it
 * has rows, so the terminal never wraps or scrolls them (the agents that do not fit fold into one
 * "+N more" line). Text the model chose (tool summaries, messages, paths) is shown as plain text:
 * control characters and bidirectional overrides are removed, so it cannot move the cursor or
 * restyle the terminal.
 */
import { computeMetrics } from '../core/run/metrics';
import type { AgentState, AgentStatus, RunState } from '../core/run/runStateTypes';
import { totalTokens } from '../core/model/usage';

export interface LiveView {
  readonly columns: number;
  readonly rows: number;
  /** Epoch ms, for elapsed time and retry countdowns. */
  readonly now: number;
}

/** The longest task id shown in full; longer ones are cut. */
const ID_WIDTH = 24;
const STATUS_WIDTH = 9;

// C0 and C1 controls, DEL, and the bidirectional embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

/** Text safe to print on a terminal, on one line: control characters become spaces, runs of space one. */
export function plainText(text: string): string {
  return text.replace(UNSAFE, ' ').replace(/ {2,}/g, ' ').trim();
}

/** At most `width` characters (code points), with "…" where it was cut. */
export function cut(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, Math.max(0, width)).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

function pad(text: string, width: number): string {
  return cut(text, width).padEnd(width);
}

export function compactTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 999_500) return `${(n / 1000).toFixed(n < 9_950 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 9_950_000 ? 1 : 0)}M`;
}

export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

function agentCost(agent: AgentState): string {
  if (agent.costKnown) return `$${agent.costUsd.toFixed(4)}`;
  return agent.costUsd > 0 ? `$${agent.costUsd.toFixed(4)}+` : 'n/a';
}

function statusLabel(agent: AgentState): string {
  return agent.status === 'running' && agent.fixing !== undefined ? 'fixing' : agent.status;
}

/** What the agent is doing now, or how it ended. */
function action(agent: AgentState, state: RunState, now: number): string {
  switch (agent.status) {
    case 'running': {
      const doing = agent.doing ?? `turn ${agent.turns + 1}${agent.model !== undefined ? ` on ${agent.model}` : ''}`;
      return agent.fixing !== undefined ? `fix-up round ${agent.fixing}: ${doing}` : doing;
    }
    case 'retrying':
      return agent.retry !== undefined
        ? `${agent.retry.cause}, retry ${agent.retry.attempt} in ${Math.ceil(Math.max(0, agent.retry.until - now) / 1000)}s`
        : 'retrying';
    case 'waiting':
      return agent.waiting !== undefined ? `waiting for capacity (${agent.waiting.reason})` : 'waiting for capacity';
    case 'queued': {
      const pending = agent.dependsOn.filter((id) => state.agents[id]?.status !== 'done');
      return pending.length > 0 ? `after ${pending.join(', ')}` : '';
    }
    case 'done':
      return agent.summary ?? '';
    case 'failed':
    case 'cancelled':
    case 'blocked': {
      const reason = agent.reason !== undefined && agent.reason !== 'finished' ? agent.reason : '';
      return [reason, agent.message ?? ''].filter((s) => s !== '').join(': ');
    }
  }
}

function agentLine(agent: AgentState, state: RunState, idWidth: number, now: number): string {
  const used = agent.turns > 0;
  const tokens = used ? `${compactTokens(totalTokens(agent.usage))} tok` : '';
  const cost = used ? agentCost(agent) : '';
  return `${pad(plainText(agent.taskId), idWidth)}  ${statusLabel(agent).padEnd(STATUS_WIDTH)}  ${tokens.padStart(10)}  ${cost.padStart(9)}  ${plainText(action(agent, state, now))}`.trimEnd();
}

/** The order agents give up their line when rows are short: at work first, then ended badly, waiting, done. */
const RANK: Readonly<Record<AgentStatus, number>> = { running: 0, retrying: 0, waiting: 0, failed: 1, cancelled: 1, queued: 2, blocked: 2, done: 3 };

function countsLine(agents: readonly AgentState[]): string {
  const counts = new Map<string, number>();
  for (const a of agents) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

function footer(state: RunState, agents: readonly AgentState[], now: number): string {
  const metrics = computeMetrics(state, now);
  const done = agents.filter((a) => a.status === 'done').length;
  const others = agents.filter((a) => a.status !== 'done');
  const cost = metrics.costUsd === null ? 'cost n/a' : `$${metrics.costUsd.toFixed(4)}${metrics.costComplete ? '' : '+'}`;
  const parts = [`${done}/${agents.length} agents done${others.length > 0 ? ` (${countsLine(others)})` : ''}`, cost, elapsed(metrics.wallMs)];
  const checks = state.checks;
  if (checks !== undefined && (checks.phase === 'checking' || checks.phase === 'fixing')) parts.push(`checks ${checks.phase}`);
  if (state.synthesis?.status === 'running') parts.push(`synthesis${state.synthesis.model !== undefined ? ` on ${state.synthesis.model}` : ''}`);
  if (state.status !== 'running' && state.status !== 'idle') parts.push(`run ${state.status}`);
  return parts.join(' · ');
}

/** The live lines for a run's state on a terminal of the view's size. */
export function liveLines(state: RunState, view: LiveView): string[] {
  const width = Math.max(1, Math.floor(view.columns) - 1);
  const maxLines = Math.max(1, Math.floor(view.rows) - 1);
  const agents = state.agentOrder.map((id) => state.agents[id]).filter((a): a is AgentState => a !== undefined);
  const room = maxLines - 1;
  let shown = agents;
  let more: readonly AgentState[] = [];
  if (agents.length > room) {
    const keep = new Set(
      agents
        .map((agent, index) => ({ agent, index }))
        .sort((a, b) => RANK[a.agent.status] - RANK[b.agent.status] || a.index - b.index)
        .slice(0, Math.max(0, room - 1))
        .map(({ agent }) => agent.taskId),
    );
    shown = agents.filter((a) => keep.has(a.taskId));
    more = agents.filter((a) => !keep.has(a.taskId));
  }
  const idWidth = Math.min(ID_WIDTH, Math.max(0, ...shown.map((a) => Array.from(plainText(a.taskId)).length)));
  const lines = shown.map((a) => agentLine(a, state, idWidth, view.now));
  if (more.length > 0 && room > 0) lines.push(`+${more.length} more: ${countsLine(more)}`);
  lines.push(footer(state, agents, view.now));
  return lines.slice(-maxLines).map((line) => cut(line, width));
}
