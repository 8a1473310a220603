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
