/** Defaults shared by the extension settings and the CLI (the manifest repeats them as setting defaults). */
import type { Budgets, ModelDefaults, RetryPolicy } from './run/engineTypes';
import { EFFORTS } from './model/modelSpec';
import type { EffortSetting, ModelRole } from './model/requestShape';

export const DEFAULT_MODELS: ModelDefaults & { readonly router: string; readonly planner: string } = {
  router: 'claude-haiku-5-5',
  planner: 'claude-opus-5-5',
  agent: 'claude-sonnet-5-5',
  validator: 'claude-sonnet-5-5',
};

/**
 * Effort per role. The router's one-line classification needs little; the planner keeps its model's
 * own default; agents and validators run at medium, the level the current models' guides advise for
 * agentic work (Sonnet 5.5's own default is high, which costs more per turn).
 */
export const DEFAULT_EFFORT: Readonly<Record<ModelRole, EffortSetting>> = {
  router: 'low',
  planner: 'default',
  agent: 'medium',
  validator: 'medium',
};

/** The values a role's effort setting takes: a level, or `default` for the model's own. */
export const EFFORT_SETTINGS: readonly EffortSetting[] = ['default', ...EFFORTS];

export function isEffortSetting(value: unknown): value is EffortSetting {
  return typeof value === 'string' && (EFFORT_SETTINGS as readonly string[]).includes(value);
}

/** No fallback model: a refused agent turn ends the agent. */
export const DEFAULT_FALLBACK_MODEL = '';

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
