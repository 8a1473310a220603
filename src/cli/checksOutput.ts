/** How a headless run reports its checks: one summary line, and the `checks` field of the `--json` summary. */
import type { RunMetrics } from '../core/run/metrics';
import type { CheckState, ChecksState, RunState } from '../core/run/runStateTypes';
import { definedFields } from '../core/definedFields';

/** The checks part of the `--json` summary: every check's latest result and the verdict; absent without a check phase. */
export function checksSummary(state: RunState): ChecksJson | undefined {
  const checks = state.checks;
  if (checks === undefined) return undefined;
  return {
    phase: checks.phase,
    ...definedFields({ verdict: checks.verdict, skipped: checks.skipped }),
    passes: checks.pass,
    rounds: checks.rounds,
    fixRounds: checks.fixRounds,
    failing: checks.failing ?? [],
    failingOwners: checks.failingOwners ?? [],
    checkMs: checks.checkMs,
    fixupMs: checks.fixupMs,
    firstPass: checks.firstPass,
    results: checks.order.flatMap((id) => {
      const check = checks.byId[id];
      return check !== undefined ? [check] : [];
    }),
  };
}

export interface ChecksJson {
  readonly phase: ChecksState['phase'];
  readonly verdict?: ChecksState['verdict'];
  readonly skipped?: ChecksState['skipped'];
  readonly passes: number;
  readonly rounds: number;
  readonly fixRounds: number;
  readonly failing: readonly string[];
  readonly failingOwners: readonly string[];
  readonly checkMs: number;
  readonly fixupMs: number;
  readonly firstPass: ChecksState['firstPass'];
  readonly results: readonly CheckState[];
}

/** One line for the human summary ("" without a check phase). */
export function checksLine(state: RunState, metrics: RunMetrics): string {
  const checks = state.checks;
  if (checks === undefined) return '';
  if (checks.phase === 'skipped') return `Checks skipped: ${checks.skipped?.message ?? ''}\n`;
  const m = metrics.checks;
  const time = m !== undefined ? `, ${(m.checkMs / 1000).toFixed(1)}s in checks, ${(m.fixupMs / 1000).toFixed(1)}s in ${m.rounds} fix-up round(s)` : '';
  const first = m?.firstPassRate !== null && m !== undefined ? `, right the first time: ${m.firstPassAgents}/${m.writingAgents} agent(s)` : '';
  return `Checks ${checks.verdict ?? checks.phase}${checks.message !== undefined ? ` (${checks.message})` : ''}${time}${first}\n`;
}
