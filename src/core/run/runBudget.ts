/**
 * The run's shared spend: tokens and cost of every agent's turns, and the run's wall time. Agents check
 * it before each turn, so a run stops starting turns once any run-wide limit is reached.
 */
import type { Budgets, RunBudget } from './engineTypes';
import { addUsage, totalTokens, type TokenUsage, ZERO_USAGE } from '../model/usage';

export interface RunSpend {
  readonly usage: TokenUsage;
  /** Sum of the turns that had a price; `unpricedTurns` says how many had none. */
  readonly costUsd: number;
  readonly unpricedTurns: number;
  readonly elapsedMs: number;
}

/** Which run-wide limit was reached, for messages. */
export type RunLimit = 'tokens' | 'cost' | 'wall';

export interface RunBudgetTracker extends RunBudget {
  spent(): RunSpend;
  /** The first limit reached, in the order tokens, cost, wall; undefined while within budget. */
  limitReached(): RunLimit | undefined;
}

/** Starts the run's clock now. Every limit of 0 means "no limit". */
export function createRunBudget(budgets: Budgets, now: () => number = Date.now): RunBudgetTracker {
  const startedAt = now();
  let usage = ZERO_USAGE;
  let costUsd = 0;
  let unpricedTurns = 0;

  const limitReached = (): RunLimit | undefined => {
    if (budgets.maxTokensPerRun > 0 && totalTokens(usage) >= budgets.maxTokensPerRun) {
      return 'tokens';
    }
    // Cost counts priced turns only: an unpriced model never trips a cost limit (its cost is unknown, not 0).
    if (budgets.maxCostUsdPerRun > 0 && costUsd >= budgets.maxCostUsdPerRun) {
      return 'cost';
    }
    if (budgets.maxWallMsPerRun > 0 && now() - startedAt >= budgets.maxWallMsPerRun) {
      return 'wall';
    }
    return undefined;
  };

  return {
    record(turnUsage: TokenUsage, turnCostUsd: number | null): void {
      usage = addUsage(usage, turnUsage);
      if (turnCostUsd === null) {
        unpricedTurns += 1;
      } else {
        costUsd += turnCostUsd;
      }
    },
    exceeded(): 'run-budget' | undefined {
      return limitReached() === undefined ? undefined : 'run-budget';
    },
    limitReached,
    spent(): RunSpend {
      return { usage, costUsd, unpricedTurns, elapsedMs: now() - startedAt };
    },
  };
}
