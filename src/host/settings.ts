import * as vscode from 'vscode';
import {
  DEFAULT_BUDGETS,
  DEFAULT_EFFORT,
  DEFAULT_FALLBACK_MODEL,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MODELS,
  DEFAULT_RETRY,
  EFFORT_SETTINGS,
  isEffortSetting,
} from '../core/defaults';
import { ModelTable, parseModelOverrides } from '../core/model/modelTable';
import type { EffortSetting, ModelRole } from '../core/model/requestShape';
import { effectivePrices, parsePrices } from '../core/model/prices';
import type { RunSettings } from '../core/run/runSettings';

/**
 * Fanout's settings: what planning and the engine take (`RunSettings`: the model table with the
 * user's `fanout.modelTable` entries, prices with `fanout.prices`), and what only the window uses.
 */
export interface FanoutSettings extends RunSettings {
  readonly autoApprove: boolean;
  /** Empty: `ANTHROPIC_BASE_URL`, then the public API. */
  readonly apiBaseUrl: string;
  /** Settings that could not be used as written (shown once, never silently ignored). */
  readonly problems: readonly string[];
}

const nonNegative = (value: number | undefined, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback);

/** A role's effort setting; a value outside the enum (hand-edited settings.json) falls back to the default and is reported. */
function effortOf(c: vscode.WorkspaceConfiguration, role: ModelRole, problems: string[]): EffortSetting {
  const value = c.get<unknown>(`effort.${role}`);
  if (value === undefined || value === null || value === '') return DEFAULT_EFFORT[role];
  if (isEffortSetting(value)) return value;
  const written = typeof value === 'string' ? value : JSON.stringify(value);
  problems.push(`fanout.effort.${role}: "${written}" is not one of ${EFFORT_SETTINGS.join(', ')}; "${DEFAULT_EFFORT[role]}" is used.`);
  return DEFAULT_EFFORT[role];
}

export function readSettings(): FanoutSettings {
  const c = vscode.workspace.getConfiguration('fanout');
  const text = (key: string, fallback: string) => c.get<string>(key)?.trim() || fallback;
  const userPrices = parsePrices(c.get<unknown>('prices'));
  const table = parseModelOverrides(c.get<unknown>('modelTable'));
  const problems = [...userPrices.problems.map((p) => `fanout.prices: ${p}`), ...table.problems.map((p) => `fanout.modelTable: ${p}`)];
  const effort = {
    router: effortOf(c, 'router', problems),
    planner: effortOf(c, 'planner', problems),
    agent: effortOf(c, 'agent', problems),
    validator: effortOf(c, 'validator', problems),
  };
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
    retry: {
      ...DEFAULT_RETRY,
      maxRetryAfterMs: Math.max(1, nonNegative(c.get<number>('retry.maxRetryAfterSeconds'), DEFAULT_RETRY.maxRetryAfterMs / 1000)) * 1000,
    },
    effort,
    fallbackModel: text('fallbackModel', DEFAULT_FALLBACK_MODEL),
    modelTable: new ModelTable(table.overrides),
    prices: effectivePrices(userPrices.prices, table.overrides),
    autoApprove: c.get<boolean>('autoApprove') ?? false,
    apiBaseUrl: text('apiBaseUrl', ''),
    problems,
  };
}
