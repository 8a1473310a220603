/** The run options of a headless run: the same for `run` and the live smoke test, from the resolved settings. */
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_RETRY } from '../core/defaults';
import type { RunOptions } from '../core/engineTypes';
import type { RunEvent } from '../core/events';
import type { Plan } from '../core/plan';
import type { RunSettings } from './common';

export interface HeadlessRun {
  readonly plan: Plan;
  readonly sharedContext: string;
  readonly client: Anthropic;
  readonly runId: string;
  /** The run log, blobs and patches. */
  readonly runDir: string;
  readonly signal: AbortSignal;
  readonly onEvent: (event: RunEvent) => void;
}

export function headlessRunOptions(settings: RunSettings, run: HeadlessRun): RunOptions {
  return {
    plan: run.plan,
    runId: run.runId,
    workspaceRoot: settings.workspaceRoot,
    client: run.client,
    models: settings.models,
    maxConcurrency: settings.maxConcurrency,
    budgets: settings.budgets,
    prices: settings.prices,
    retry: DEFAULT_RETRY,
    modelTable: settings.modelTable,
    effort: { agent: settings.effort.agent, validator: settings.effort.validator },
    ...(settings.fallbackModel !== '' ? { fallbackModel: settings.fallbackModel } : {}),
    sharedContext: run.sharedContext,
    runDir: run.runDir,
    signal: run.signal,
    onEvent: run.onEvent,
  };
}
