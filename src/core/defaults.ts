/** Defaults shared by the extension settings and the CLI (the manifest repeats them as setting defaults). */
import type { Budgets, ModelDefaults, RetryPolicy } from './engineTypes';

export const DEFAULT_MODELS: ModelDefaults & { readonly router: string; readonly planner: string } = {
  router: 'claude-haiku-5-5',
  planner: 'claude-opus-5-5',
  agent: 'claude-sonnet-5-5',
  validator: 'claude-sonnet-5-5',
};

export const DEFAULT_MAX_CONCURRENCY = 8;

export const DEFAULT_BUDGETS: Budgets = {
  maxTurnsPerAgent: 40,
  maxTokensPerAgent: 400_000,
  maxCostUsdPerAgent: 0,
  maxWallMsPerAgent: 0,
  maxTokensPerRun: 0,
  maxCostUsdPerRun: 5,
  maxWallMsPerRun: 1_800_000,
};

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttemptsPerTurn: 6,
  idleTimeoutMs: 90_000,
  maxRetryAfterMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};
