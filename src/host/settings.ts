import * as vscode from 'vscode';
import { DEFAULT_BUDGETS, DEFAULT_MAX_CONCURRENCY, DEFAULT_MODELS, DEFAULT_RETRY } from '../core/defaults';
import type { Budgets, PriceTable, RetryPolicy } from '../core/engineTypes';
import { parsePrices } from '../core/prices';

/** Fanout's settings as the engine and planning take them. */
export interface FanoutSettings {
  readonly models: { readonly router: string; readonly planner: string; readonly agent: string; readonly validator: string };
  readonly maxConcurrency: number;
  readonly budgets: Budgets;
  readonly retry: RetryPolicy;
  readonly prices: PriceTable;
  readonly autoApprove: boolean;
  /** Empty: `ANTHROPIC_BASE_URL`, then the public API. */
  readonly apiBaseUrl: string;
  /** Settings that could not be used as written (shown once, never silently ignored). */
  readonly problems: readonly string[];
}

const nonNegative = (value: number | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback);

export function readSettings(): FanoutSettings {
  const c = vscode.workspace.getConfiguration('fanout');
  const text = (key: string, fallback: string) => c.get<string>(key)?.trim() || fallback;
  const { prices, problems } = parsePrices(c.get<unknown>('prices'));
  return {
    models: {
      router: text('models.router', DEFAULT_MODELS.router),
      planner: text('models.planner', DEFAULT_MODELS.planner),
      agent: text('models.agent', DEFAULT_MODELS.agent),
      validator: text('models.validator', DEFAULT_MODELS.validator),
    },
    maxConcurrency: Math.max(1, Math.floor(nonNegative(c.get<number>('maxConcurrency'), DEFAULT_MAX_CONCURRENCY))),
    budgets: {
      ...DEFAULT_BUDGETS,
      maxCostUsdPerRun: nonNegative(c.get<number>('budget.maxCostUsdPerRun'), DEFAULT_BUDGETS.maxCostUsdPerRun),
      maxTokensPerAgent: nonNegative(c.get<number>('budget.maxTokensPerAgent'), DEFAULT_BUDGETS.maxTokensPerAgent),
      maxTurnsPerAgent: Math.max(1, nonNegative(c.get<number>('budget.maxTurnsPerAgent'), DEFAULT_BUDGETS.maxTurnsPerAgent)),
      maxWallMsPerRun: nonNegative(c.get<number>('budget.maxWallSecondsPerRun'), DEFAULT_BUDGETS.maxWallMsPerRun / 1000) * 1000,
      maxCostUsdPerAgent: nonNegative(c.get<number>('budget.maxCostUsdPerAgent'), DEFAULT_BUDGETS.maxCostUsdPerAgent),
      maxWallMsPerAgent: nonNegative(c.get<number>('budget.maxWallSecondsPerAgent'), DEFAULT_BUDGETS.maxWallMsPerAgent / 1000) * 1000,
      maxTokensPerRun: nonNegative(c.get<number>('budget.maxTokensPerRun'), DEFAULT_BUDGETS.maxTokensPerRun),
    },
    retry: { ...DEFAULT_RETRY, maxRetryAfterMs: Math.max(1, nonNegative(c.get<number>('retry.maxRetryAfterSeconds'), DEFAULT_RETRY.maxRetryAfterMs / 1000)) * 1000 },
    prices,
    autoApprove: c.get<boolean>('autoApprove') ?? false,
    apiBaseUrl: text('apiBaseUrl', ''),
    problems: problems.map((p) => `fanout.prices: ${p}`),
  };
}
