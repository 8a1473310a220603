/**
 * Past runs of the workspace for the sidebar's history and velocity charts, read from the run logs
 * in the runs folder (newest first, bounded).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { computeMetrics } from '../../core/metrics';
import { parseRunLog, RUN_LOG_FILE } from '../../core/runLog';
import { reduceRunEvents, type RunState } from '../../core/runState';
import type { RunSummary } from '../../protocol/messages';

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
  };
}

/** Loads one run's state from its folder, or undefined when it has no events. */
export async function loadRunState(runsDir: string, runId: string): Promise<RunState | undefined> {
  try {
    const { events } = parseRunLog(await readFile(join(runsDir, runId, RUN_LOG_FILE), 'utf8'));
    return events.length > 0 ? reduceRunEvents(events) : undefined;
  } catch {
    return undefined;
  }
}

/** Summaries of the newest runs in the runs folder. */
export async function loadHistory(runsDir: string | undefined): Promise<RunSummary[]> {
  if (!runsDir) return [];
  let names: string[];
  try {
    names = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch {
    return [];
  }
  const states = await Promise.all(names.sort().reverse().slice(0, HISTORY_LIMIT).map((name) => loadRunState(runsDir, name)));
  return states
    .filter((s): s is RunState => s !== undefined && s.startedAt !== undefined)
    .map(summarize)
    .sort((a, b) => b.startedAt - a.startedAt);
}
