/**
 * Why a run stops early. Every early stop (a cancel, the run's wall time, its token or cost budget)
 * is one of these, and the run has one path for all of them (`RunStopper.halt`, `runStopper.ts`).
 */
import type { Budgets } from './engineTypes';
import type { RunLimit } from './runBudget';

/** Why a run stopped early, and what that makes of it and of its unfinished agents. */
export interface RunStop {
  /** `failed` for a spent budget (agents end with reason `run-budget`), `cancelled` for a cancel. */
  readonly outcome: 'cancelled' | 'failed';
  readonly message: string;
  /** Abort the running agents now; otherwise they stop before their next turn. */
  readonly aborts: boolean;
}

/** A cancel by the caller's signal (or `cancel()`): the reason's message when it has one. */
export function cancelStop(reason: unknown): RunStop {
  return { outcome: 'cancelled', message: reason instanceof Error ? reason.message : 'The run was cancelled.', aborts: true };
}

/** The stop for a run-wide limit: the wall time aborts the agents, tokens and cost let running turns finish. */
export function limitStop(limit: RunLimit, budgets: Budgets): RunStop {
  switch (limit) {
    case 'wall':
      return {
        outcome: 'failed',
        message: `The run reached its wall-time limit of ${Math.round(budgets.maxWallMsPerRun / 1000)} s (fanout.budget.maxWallSecondsPerRun).`,
        aborts: true,
      };
    case 'tokens':
      return { outcome: 'failed', message: `The run reached its limit of ${budgets.maxTokensPerRun} tokens (fanout.budget.maxTokensPerRun).`, aborts: false };
    case 'cost':
      return { outcome: 'failed', message: `The run reached its cost limit of $${budgets.maxCostUsdPerRun} (fanout.budget.maxCostUsdPerRun).`, aborts: false };
  }
}
