/** What the headless commands share: input files, the API client, budgets, models, effort, prices and lint options. */
import type Anthropic from '@anthropic-ai/sdk';
import { createModelClient } from '../core/model/modelClient';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_EFFORT, DEFAULT_FALLBACK_MODEL, DEFAULT_MAX_CONCURRENCY, DEFAULT_MODELS, DEFAULT_RETRY } from '../core/defaults';
import type { PriceTable } from '../core/run/engineTypes';
import { ModelTable, parseModelOverrides, type ModelOverrides } from '../core/model/modelTable';
import type { Plan } from '../core/plan/plan';
import { parsePlan } from '../core/plan/planSchema';
import { effectivePrices, parsePrices } from '../core/model/prices';
import type { LintOptions } from '../core/planning/types';
import { lintOptionsFrom, type RunSettings as CoreRunSettings } from '../core/run/runSettings';
import type { CliArgs } from './args';
import { definedFields } from '../core/definedFields';
import { errorCode } from '../core/workspace/errorCode';

/** An error with the exit code the CLI ends with (2: the input is wrong; 1: the work failed). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${what} ${path}: ${errorCode(error) ?? String(error)}`, 2);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`${what} ${path} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

export function loadPlan(args: CliArgs): Plan {
  const parsed = parsePlan(readJson(resolve(args.plan as string), 'plan file'));
  if (!parsed.ok) throw new CliError(`The plan file does not describe a plan:\n${parsed.error}`, 2);
  return parsed.plan;
}

/** A user's price table (--prices FILE); none: only the built-in prices. */
export function loadPrices(path: string | undefined): PriceTable {
  if (!path) return {};
  const { prices, problems } = parsePrices(readJson(resolve(path), 'price table'));
  if (problems.length > 0) throw new CliError(`The price table ${path} has problems:\n  ${problems.join('\n  ')}`, 2);
  return prices;
}

/** A user's model table (--model-table FILE): additions to and overrides of the built-in entries. */
export function loadModelOverrides(path: string | undefined): ModelOverrides {
  if (!path) return {};
  const { overrides, problems } = parseModelOverrides(readJson(resolve(path), 'model table'));
  if (problems.length > 0) throw new CliError(`The model table ${path} has problems:\n  ${problems.join('\n  ')}`, 2);
  return overrides;
}

/** The SDK client; it honours ANTHROPIC_BASE_URL from the environment. */
export function apiClient(): Anthropic {
  const apiKey = process.env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) {
    throw new CliError('ANTHROPIC_API_KEY is not set. Export your Anthropic API key (and ANTHROPIC_BASE_URL for a proxy) and run again.', 2);
  }
  return createModelClient({ apiKey });
}

/** The settings of a headless command: the run settings from the flags (prices: built-in, then the model table's, then --prices), and the workspace. */
export interface RunSettings extends CoreRunSettings {
  readonly workspaceRoot: string;
  readonly lintOptions: LintOptions;
}

/** The project's folder, refused (exit 2) when it is missing or a file. */
function workspaceFolder(path: string): string {
  const root = resolve(path);
  let isFolder: boolean;
  try {
    isFolder = statSync(root).isDirectory();
  } catch (error) {
    throw new CliError(`The workspace ${root} cannot be read (${errorCode(error) ?? String(error)}). Give the project's folder with --workspace DIR.`, 2);
  }
  if (!isFolder) throw new CliError(`The workspace ${root} is a file, not a folder. Give the project's folder with --workspace DIR.`, 2);
  return root;
}

export function runSettings(args: CliArgs): RunSettings {
  const workspaceRoot = workspaceFolder(args.workspace as string);
  const models = {
    router: args.routerModel ?? DEFAULT_MODELS.router,
    planner: args.plannerModel ?? DEFAULT_MODELS.planner,
    agent: args.model ?? DEFAULT_MODELS.agent,
    validator: args.validatorModel ?? DEFAULT_MODELS.validator,
  };
  const maxConcurrency = args.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
  const budgets = { ...DEFAULT_BUDGETS, ...definedFields({ maxCostUsdPerRun: args.maxCostUsd }) };
  const overrides = loadModelOverrides(args.modelTable);
  const settings: CoreRunSettings = {
    models,
    maxConcurrency,
    budgets,
    // The CLI has no retry flags: the engine's defaults.
    retry: DEFAULT_RETRY,
    prices: effectivePrices(loadPrices(args.prices), overrides),
    modelTable: new ModelTable(overrides),
    effort: { ...DEFAULT_EFFORT, ...args.effort },
    fallbackModel: args.fallbackModel ?? DEFAULT_FALLBACK_MODEL,
  };
  return { ...settings, workspaceRoot, lintOptions: lintOptionsFrom(settings, workspaceRoot) };
}
