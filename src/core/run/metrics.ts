/**
 * Run metrics derived from run state (itself a fold of events). Pure; the webview uses it too.
 */
import { lowerBoundMs } from '../plan/dag';
import type { AgentStatus, RunState } from './runState';
import { addUsage, ZERO_USAGE, type TokenUsage } from '../model/usage';
import type { ChecksVerdict } from '../checks/checkTypes';
import { definedFields } from '../definedFields';

export interface RunMetrics {
  /** First to last event of the run (or to `now` while it runs). */
  readonly wallMs: number;
  /** Sum of every agent's active time: what the run would take one agent at a time. */
  readonly serialMs: number;
  /** serialMs / wallMs. */
  readonly speedup: number;
  /** Longest chain of dependent agents, by their measured active times. */
  readonly criticalPathMs: number;
  /** Best possible wall time given the chain, phase barriers and the concurrency cap. */
  readonly boundMs: number;
  /** boundMs / wallMs: 1 means the scheduler lost no time. */
  readonly efficiency: number;
  readonly tokens: TokenUsage;
  /** USD for priced turns; null when no turn had a known price. */
  readonly costUsd: number | null;
  /** False when some turns had no price (then costUsd is a partial sum, shown as such). */
  readonly costComplete: boolean;
  /** USD saved by prompt-cache reads against the full input price; null when no turn had a known price. */
  readonly cacheSavingsUsd: number | null;
  readonly retries: number;
  readonly deniedWrites: number;
  readonly filesStaged: number;
  readonly filesAccepted: number;
  readonly agents: Readonly<Record<AgentStatus, number>>;
  /** The check phase, in a run that had one. */
  readonly checks?: CheckMetrics;
}

/** What checking the result cost and how often the fan-out was right the first time. */
export interface CheckMetrics {
  readonly verdict?: ChecksVerdict;
  /** Wall time spent in check passes and in fix-up rounds. */
  readonly checkMs: number;
  readonly fixupMs: number;
  readonly rounds: number;
  /** Agents that wrote files whose files no failing check of the first pass pointed at, of all such agents. */
  readonly firstPassAgents: number;
  readonly writingAgents: number;
  /** firstPassAgents / writingAgents; null before the first pass ended. */
  readonly firstPassRate: number | null;
}

function checkMetrics(state: RunState): CheckMetrics | undefined {
  const checks = state.checks;
  if (checks === undefined || checks.phase === 'skipped') return undefined;
  const firstPass = Object.values(checks.firstPass);
  const right = firstPass.filter(Boolean).length;
  return {
    ...definedFields({ verdict: checks.verdict }),
    checkMs: checks.checkMs,
    fixupMs: checks.fixupMs,
    rounds: checks.rounds,
    firstPassAgents: right,
    writingAgents: firstPass.length,
    firstPassRate: firstPass.length > 0 ? right / firstPass.length : null,
  };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

export function computeMetrics(state: RunState, now?: number): RunMetrics {
  const agents = state.agentOrder.map((id) => state.agents[id]).filter((a) => a !== undefined);
  const end = state.finishedAt ?? now ?? state.lastEventAt ?? state.startedAt ?? 0;
  const wallMs = state.startedAt !== undefined ? Math.max(0, end - state.startedAt) : 0;
  const activeOf = (id: string): number => {
    const a = state.agents[id];
    if (!a) return 0;
    const running =
      (a.status === 'running' || a.status === 'waiting' || a.status === 'retrying') && a.startedAt !== undefined ? Math.max(0, end - a.startedAt) : 0;
    return a.activeMs + running;
  };
  const serialMs = agents.reduce((acc, a) => acc + activeOf(a.taskId), 0);
  const { criticalPathMs, boundMs } = state.plan ? lowerBoundMs(state.plan, activeOf, state.maxConcurrency) : { criticalPathMs: 0, boundMs: 0 };
  const counts: Record<AgentStatus, number> = { queued: 0, running: 0, waiting: 0, retrying: 0, blocked: 0, done: 0, failed: 0, cancelled: 0 };
  let tokens = ZERO_USAGE;
  let cost = 0;
  let cacheSavings = 0;
  let anyPriced = false;
  let complete = true;
  for (const a of agents) {
    counts[a.status] += 1;
    tokens = addUsage(tokens, a.usage);
    cost += a.costUsd;
    cacheSavings += a.cacheSavingsUsd;
    if (a.turns > 0) {
      anyPriced ||= a.costKnown || a.costUsd > 0;
      complete &&= a.costKnown;
    }
  }
  // The synthesis of a read-only fan-out is a model call of the run's too.
  const synthesis = state.synthesis;
  if (synthesis?.usage !== undefined) {
    tokens = addUsage(tokens, synthesis.usage);
    if (synthesis.costUsd === null || synthesis.costUsd === undefined) complete = false;
    else {
      cost += synthesis.costUsd;
      anyPriced = true;
    }
  }
  const files = Object.values(state.files);
  return {
    wallMs,
    serialMs,
    speedup: ratio(serialMs, wallMs),
    criticalPathMs,
    boundMs,
    efficiency: ratio(boundMs, wallMs),
    tokens,
    costUsd: anyPriced ? cost : null,
    costComplete: complete,
    cacheSavingsUsd: anyPriced ? cacheSavings : null,
    retries: agents.reduce((acc, a) => acc + a.retries, 0),
    deniedWrites: state.denied.length,
    filesStaged: files.length,
    filesAccepted: files.filter((f) => f.review === 'applied').length,
    agents: counts,
    ...withChecks(checkMetrics(state)),
  };
}

function withChecks(checks: CheckMetrics | undefined): { readonly checks?: CheckMetrics } {
  return checks !== undefined ? { checks } : {};
}
