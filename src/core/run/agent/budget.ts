/**
 * Per-agent budgets, checked before every turn. A limit of 0 means "no limit". Hitting one ends the
 * agent with outcome `failed` and a message naming the limit and the setting that raises it; whatever
 * it already staged is kept.
 */
import type { AgentResult, AgentRunContext } from '../contextTypes';
import { totalTokens, type TokenUsage } from '../../model/usage';

/** What an agent has spent so far. */
export interface AgentSpend {
  /** Model turns that completed (retried attempts are not turns). */
  readonly turns: number;
  readonly usage: TokenUsage;
  /** Sum of the turns' costs; null once any turn had no price (the total is then unknown). */
  readonly costUsd: number | null;
  /** The run's clock when the agent started. */
  readonly startedAt: number;
}

const KEPT = 'Files it already staged are kept.';

export function budgetStop(ctx: AgentRunContext, spend: AgentSpend): AgentResult | undefined {
  const { budgets, runBudget, now } = ctx.run;
  const task = ctx.task;
  const who = `Agent "${task.id}"`;
  if (budgets.maxTurnsPerAgent > 0 && spend.turns >= budgets.maxTurnsPerAgent) {
    return failed(
      'budget-turns',
      `${who} reached its limit of ${budgets.maxTurnsPerAgent} model turns. Raise "fanout.budget.maxTurnsPerAgent" to allow more. ${KEPT}`,
    );
  }
  const tokens = totalTokens(spend.usage);
  if (budgets.maxTokensPerAgent > 0 && tokens >= budgets.maxTokensPerAgent) {
    return failed(
      'budget-tokens',
      `${who} used ${tokens} tokens (input, output and cache), reaching its limit of ${budgets.maxTokensPerAgent}. Raise "fanout.budget.maxTokensPerAgent" (0 = no limit) to allow more. ${KEPT}`,
    );
  }
  if (budgets.maxCostUsdPerAgent > 0 && spend.costUsd !== null && spend.costUsd >= budgets.maxCostUsdPerAgent) {
    return failed(
      'budget-cost',
      `${who} spent $${spend.costUsd.toFixed(4)}, reaching its limit of $${budgets.maxCostUsdPerAgent}. Raise "fanout.budget.maxCostUsdPerAgent" (0 = no limit) to allow more. ${KEPT}`,
    );
  }
  const elapsedMs = now() - spend.startedAt;
  if (budgets.maxWallMsPerAgent > 0 && elapsedMs >= budgets.maxWallMsPerAgent) {
    return failed(
      'budget-wall',
      `${who} ran for ${Math.round(elapsedMs / 1000)} s, reaching its limit of ${Math.round(budgets.maxWallMsPerAgent / 1000)} s. Raise "fanout.budget.maxWallSecondsPerAgent" (0 = no limit) to allow more. ${KEPT}`,
    );
  }
  if (runBudget.exceeded() !== undefined) {
    return failed(
      'run-budget',
      `The run's budget is used up, so "${task.id}" stopped before its next turn. Raise "fanout.budget.maxTokensPerRun", "fanout.budget.maxCostUsdPerRun" or "fanout.budget.maxWallSecondsPerRun" (0 = no limit) and retry the agent. ${KEPT}`,
    );
  }
  return undefined;
}

function failed(reason: AgentResult['reason'], message: string): AgentResult {
  return { outcome: 'failed', reason, message };
}
