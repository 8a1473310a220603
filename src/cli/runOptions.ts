/** The run options of a headless run: the same for `run` and the live smoke test, from the resolved settings. */
import type Anthropic from '@anthropic-ai/sdk';
import type { RunOptions } from '../core/run/engineTypes';
import type { RunEvent } from '../core/run/events';
import type { ValidatedPlan } from '../core/plan/planCheck';
import { runOptionsFrom } from '../core/run/runSettings';
import type { RunSettings } from './common';

export interface HeadlessRun {
  readonly plan: ValidatedPlan;
  readonly sharedContext: string;
  readonly client: Anthropic;
  readonly runId: string;
  /** The run log, blobs and patches. */
  readonly runDir: string;
  readonly signal: AbortSignal;
  readonly onEvent: (event: RunEvent) => void;
}

export function headlessRunOptions(settings: RunSettings, run: HeadlessRun): RunOptions {
  return runOptionsFrom(settings, { ...run, workspaceRoot: settings.workspaceRoot });
}
