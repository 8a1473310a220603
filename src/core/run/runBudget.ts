/**
 * The run's shared spend: tokens and cost of every agent's turns, and the run's wall time. Agents check
 * it before each turn, so a run stops starting turns once any run-wide limit is reached.
 */
import type { Budgets } from './engineTypes';
import type { RunBudget } from './limitTypes';
import type { RunEvent } from './events';
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

/** What a resumed run had spent before its interruption, read from its log. */
export type SpentBefore = RunSpend;

/** The spend a run's log records: every turn's usage and cost, and the time from its start to its last event. */
export function spendOfEvents(events: Iterable<RunEvent>): SpentBefore {
  let usage = ZERO_USAGE;
  let costUsd = 0;
  let unpricedTurns = 0;
  let first: number | undefined;
  let last = 0;
  for (const event of events) {
    first ??= event.at;
    last = Math.max(last, event.at);
    if (event.kind !== 'agent.usage') continue;
    usage = addUsage(usage, event.usage);
    if (event.costUsd === null) unpricedTurns += 1;
    else costUsd += event.costUsd;
  }
  return { usage, costUsd, unpricedTurns, elapsedMs: first === undefined ? 0 : Math.max(0, last - first) };
}

/**
 * Starts the run's clock now. Every limit of 0 means "no limit". `before`: what a resumed run had
 * already spent (its tokens, cost and time count against the same limits).
 */
export function createRunBudget(budgets: Budgets, now: () => number = Date.now, before?: SpentBefore): RunBudgetTracker {
  const startedAt = now() - (before?.elapsedMs ?? 0);
  let usage = before?.usage ?? ZERO_USAGE;
  let costUsd = before?.costUsd ?? 0;
  let unpricedTurns = before?.unpricedTurns ?? 0;

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
