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
import { readCheckSettings, type CheckSettings } from './checks/checkSettings';

/**
 * Fanout's settings: what planning and the engine take (`RunSettings`: the model table with the
 * user's `fanout.modelTable` entries, prices with `fanout.prices`), and what only the window uses.
 */
export interface FanoutSettings extends RunSettings {
  readonly autoApprove: boolean;
  /** Empty: `ANTHROPIC_BASE_URL`, then the public API. */
  readonly apiBaseUrl: string;
  /** The check phase: the commands (empty: detected), whether it runs, fix-up rounds, time and concurrency. */
  readonly checks: CheckSettings;
  /** Settings that could not be used as written (shown once, never silently ignored). */
  readonly problems: readonly string[];
}

const nonNegative = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback);

/*
 * Where a setting may come from. A repository's `.vscode/settings.json` is written by whoever wrote the
 * repository, and VS Code applies it as soon as the folder is trusted. So what could send the API key
 * elsewhere, or lift a limit the user set on spending, is not taken from it:
 * - user settings only (package.json `"scope": "machine"`, so VS Code offers them in user and remote
 *   settings only, and read here from `inspect().globalValue` whatever the scope says):
 *   `apiBaseUrl` (where every request goes, with the API key), `prices` and `modelTable` (a zero or
 *   missing price, or a model entry's own price, would blind the cost caps and the estimate; an entry
 *   can also raise a model's output cap), `autoApprove` (would skip the user's plan review).
 * - the workspace may only tighten: the `budget.*` caps take the stricter of the user's value and the
 *   workspace's (`0`, no cap, is the loosest).
 * - from any settings: the models, their effort and the fallback model (a choice among models the key
 *   can call; spending stays under the caps above, plan review shows the estimate, and with a run
 *   cost cap an unpriced model's estimate needs the user's confirmation), `maxConcurrency` and
 *   `retry.maxRetryAfterSeconds` (pace, not spending), and the check settings (`checks` … : a command
 *   runs only once the user approved that exact list for the workspace, in a trusted workspace).
 * A workspace value that is ignored or loosened is reported in `problems`, never dropped silently.
 */

/** The value the workspace settings give (folder over workspace), if any. */
function workspaceValueOf<T>(inspected: { readonly workspaceValue?: T; readonly workspaceFolderValue?: T } | undefined): T | undefined {
  return inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
}

/** A setting read from user (and remote machine) settings only; a workspace value is reported and ignored. */
function userOnly(c: vscode.WorkspaceConfiguration, key: string, problems: string[]): unknown {
  const inspected = c.inspect<unknown>(key);
  if (workspaceValueOf(inspected) !== undefined) {
    problems.push(`fanout.${key} is set in this workspace's settings; Fanout reads it only from your user settings, so the workspace value is ignored.`);
  }
  return inspected?.globalValue;
}

/** The stricter of two caps where `0` means no cap. */
function stricterCap(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}

/** A spending or time cap: the user's value (or `fallback`), lowered but never raised by the workspace's. */
function capOf(c: vscode.WorkspaceConfiguration, key: string, fallback: number, problems: string[]): number {
  const inspected = c.inspect<unknown>(key);
  const user = nonNegative(inspected?.globalValue, fallback);
  const fromWorkspace = workspaceValueOf(inspected);
  if (fromWorkspace === undefined) return user;
  const workspace = nonNegative(fromWorkspace, user);
  const cap = stricterCap(user, workspace);
  if (cap !== workspace) {
    problems.push(
      `fanout.${key}: this workspace's value ${JSON.stringify(fromWorkspace)} is looser than yours; a workspace may only lower a cap, so ${user === 0 ? 'no cap' : user} applies.`,
    );
  }
  return cap;
}

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
  const scopeProblems: string[] = [];
  const userPrices = parsePrices(userOnly(c, 'prices', scopeProblems));
  const table = parseModelOverrides(userOnly(c, 'modelTable', scopeProblems));
  const apiBaseUrl = userOnly(c, 'apiBaseUrl', scopeProblems);
  const autoApprove = userOnly(c, 'autoApprove', scopeProblems);
  const cap = (key: string, fallback: number) => capOf(c, key, fallback, scopeProblems);
  const problems = [...userPrices.problems.map((p) => `fanout.prices: ${p}`), ...table.problems.map((p) => `fanout.modelTable: ${p}`)];
  const effort = {
    router: effortOf(c, 'router', problems),
    planner: effortOf(c, 'planner', problems),
    agent: effortOf(c, 'agent', problems),
    validator: effortOf(c, 'validator', problems),
  };
  const checks = readCheckSettings(c, problems);
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
      maxCostUsdPerRun: cap('budget.maxCostUsdPerRun', DEFAULT_BUDGETS.maxCostUsdPerRun),
      maxTokensPerAgent: cap('budget.maxTokensPerAgent', DEFAULT_BUDGETS.maxTokensPerAgent),
      maxTurnsPerAgent: Math.max(1, cap('budget.maxTurnsPerAgent', DEFAULT_BUDGETS.maxTurnsPerAgent)),
      maxWallMsPerRun: cap('budget.maxWallSecondsPerRun', DEFAULT_BUDGETS.maxWallMsPerRun / 1000) * 1000,
      maxCostUsdPerAgent: cap('budget.maxCostUsdPerAgent', DEFAULT_BUDGETS.maxCostUsdPerAgent),
      maxWallMsPerAgent: cap('budget.maxWallSecondsPerAgent', DEFAULT_BUDGETS.maxWallMsPerAgent / 1000) * 1000,
      maxTokensPerRun: cap('budget.maxTokensPerRun', DEFAULT_BUDGETS.maxTokensPerRun),
    },
    retry: {
      ...DEFAULT_RETRY,
      maxRetryAfterMs: Math.max(1, nonNegative(c.get<number>('retry.maxRetryAfterSeconds'), DEFAULT_RETRY.maxRetryAfterMs / 1000)) * 1000,
    },
    effort,
    fallbackModel: text('fallbackModel', DEFAULT_FALLBACK_MODEL),
    modelTable: new ModelTable(table.overrides),
    prices: effectivePrices(userPrices.prices, table.overrides),
    autoApprove: autoApprove === true,
    apiBaseUrl: typeof apiBaseUrl === 'string' ? apiBaseUrl.trim() : '',
    checks,
    problems: [...problems, ...scopeProblems],
  };
}
