/** Past runs of the workspace as the sidebar's history and velocity charts show them. */
import { computeMetrics, type RunMetrics } from '../../core/run/metrics';
import type { RunState } from '../../core/run/runState';
import type { RunSummary } from '../../protocol/messages';

/** How many of the newest runs the history shows. */
export const HISTORY_LIMIT = 20;

export function summarize(state: RunState): RunSummary {
  const metrics = computeMetrics(state);
  const files = Object.values(state.files);
  return {
    runId: state.runId,
    request: state.plan?.request ?? '',
    status: state.status,
    startedAt: state.startedAt ?? 0,
    wallMs: metrics.wallMs,
    speedup: metrics.speedup,
    costUsd: metrics.costUsd,
    agents: state.agentOrder.length,
    filesStaged: files.length,
    pendingReview: files.filter((f) => f.review === 'pending' || f.review === 'conflict').length,
    demo: state.demo,
    ...checksOf(metrics),
  };
}

function checksOf(metrics: RunMetrics): Pick<RunSummary, 'checks' | 'checkStats'> {
  const checks = metrics.checks;
  if (checks?.verdict === undefined) return {};
  return {
    checks: checks.verdict,
    checkStats: { rounds: checks.rounds, checkMs: checks.checkMs, fixupMs: checks.fixupMs, firstPass: checks.firstPassAgents, writers: checks.writingAgents },
  };
}

/** Where the history's runs come from (the runs service). */
export interface HistorySource {
  /** Ids of the runs in the folder (none when it cannot be read). */
  list(): Promise<string[]>;
  /** Ids of this window's live runs: one just started is listed before its log reaches the disk. */
  running(): readonly string[];
  state(runId: string): Promise<RunState | undefined>;
  /** True when the run's log is being written by another window or a CLI process. */
  elsewhere(state: RunState): boolean;
}

/** Summaries of the newest `limit` runs, newest first; runs without a state or a start are left out. */
export async function listHistory(source: HistorySource, limit: number): Promise<RunSummary[]> {
  let stored: string[];
  try {
    stored = await source.list();
  } catch {
    stored = [];
  }
  const ids = [...new Set([...stored, ...source.running()])].sort();
  const states = await Promise.all(
    ids
      .reverse()
      .slice(0, limit)
      .map((id) => source.state(id).catch(() => undefined)),
  );
  return states
    .filter((s): s is RunState => s?.startedAt !== undefined)
    .map((s) => (source.elsewhere(s) ? { ...summarize(s), elsewhere: true } : summarize(s)))
    .sort((a, b) => b.startedAt - a.startedAt);
}
