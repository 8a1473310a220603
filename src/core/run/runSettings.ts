/**
 * Settings as planning and the engine take them, and the one translation of them into the options of
 * `proposePlan` and `startRun`. The extension reads them from `fanout.*`, the CLI from its flags; both
 * build their options here, so a setting reaches planning and the run the same way everywhere.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Budgets, PriceTable, RetryPolicy, RunOptions } from './engineTypes';
import type { RunEvent } from './events';
import type { ModelTable } from '../model/modelTable';
import type { EffortSetting, ModelRole } from '../model/requestShape';
import type { Route } from '../plan/plan';
import type { ValidatedPlan } from '../plan/planCheck';
import type { ProposalProgress, ProposeOptions } from '../planning/propose';
import type { InstructionSectionPicks, LintOptions } from '../planning/types';
import { definedFields } from '../definedFields';

export interface RunSettings {
  readonly models: { readonly router: string; readonly planner: string; readonly agent: string; readonly validator: string };
  readonly maxConcurrency: number;
  readonly budgets: Budgets;
  readonly retry: RetryPolicy;
  /** Effort per role: a level, or `default` for the model's own. */
  readonly effort: Readonly<Record<ModelRole, EffortSetting>>;
  /** Model a refused agent turn is retried on once; empty for none. */
  readonly fallbackModel: string;
  /** The built-in model table with the user's entries. */
  readonly modelTable: ModelTable;
  /** Built-in prices, then model table prices, then the user's. */
  readonly prices: PriceTable;
}

/**
 * What lint and the cost estimate take from the settings; `instructionSections`, the sections of
 * the project instruction files the user chose in plan review, when they chose any.
 */
export function lintOptionsFrom(settings: RunSettings, workspaceRoot: string, instructionSections?: InstructionSectionPicks): LintOptions {
  return {
    workspaceRoot,
    maxConcurrency: settings.maxConcurrency,
    budgets: settings.budgets,
    prices: settings.prices,
    models: { agent: settings.models.agent, validator: settings.models.validator },
    ...definedFields({ instructionSections }),
  };
}

/** The parts of a plan proposal that are not settings. */
export interface ProposeParts {
  readonly client: Anthropic;
  readonly request: string;
  readonly workspaceRoot: string;
  readonly patternName?: string;
  readonly routeOverride?: Route;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ProposalProgress) => void;
}

export function proposeOptionsFrom(settings: RunSettings, parts: ProposeParts): ProposeOptions {
  return {
    ...parts,
    models: { router: settings.models.router, planner: settings.models.planner },
    lintOptions: lintOptionsFrom(settings, parts.workspaceRoot),
    modelTable: settings.modelTable,
    effort: { router: settings.effort.router, planner: settings.effort.planner },
  };
}

/** The parts of a run that are not settings. */
export interface RunParts {
  /** The plan the check passed. */
  readonly plan: ValidatedPlan;
  readonly workspaceRoot: string;
  readonly client: Anthropic;
  /** Project instructions and repo map for the shared, cached prefix. */
  readonly sharedContext: string;
  readonly runId: string;
  /** The run's folder (log and blobs). */
  readonly runDir: string;
  readonly demo?: boolean;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: RunEvent) => void;
}

export function runOptionsFrom(settings: RunSettings, parts: RunParts): RunOptions {
  return { ...parts, ...optionsOfSettings(settings) };
}

/** What a run's options take from the settings: the same for a new run and a resumed one. */
export function optionsOfSettings(
  settings: RunSettings,
): Pick<RunOptions, 'models' | 'maxConcurrency' | 'budgets' | 'prices' | 'retry' | 'modelTable' | 'effort' | 'fallbackModel'> {
  return {
    models: { agent: settings.models.agent, validator: settings.models.validator },
    maxConcurrency: settings.maxConcurrency,
    budgets: settings.budgets,
    prices: settings.prices,
    retry: settings.retry,
    modelTable: settings.modelTable,
    effort: { agent: settings.effort.agent, validator: settings.effort.validator },
    fallbackModel: settings.fallbackModel === '' ? undefined : settings.fallbackModel,
  };
}
