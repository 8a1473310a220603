/** The run options of a headless run (the same for `run` and the live smoke test) and of a resumed one, from the resolved settings. */
import type Anthropic from '@anthropic-ai/sdk';
import type { ResumeOptions, RunOptions } from '../core/run/engineTypes';
import type { RunEvent } from '../core/run/events';
import type { ValidatedPlan } from '../core/plan/planCheck';
import { optionsOfSettings, runOptionsFrom } from '../core/run/runSettings';
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
  /** The run's checks (`cliChecks`). */
  readonly checks: Pick<RunOptions, 'checks' | 'checksSkipped'>;
}

export function headlessRunOptions(settings: RunSettings, run: HeadlessRun): RunOptions {
  const { checks, ...parts } = run;
  return { ...runOptionsFrom(settings, { ...parts, workspaceRoot: settings.workspaceRoot }), ...checks };
}

/** The options of a resumed headless run (`run --resume DIR`): the plan, ids and shared context come from the run's folder. */
export function headlessResumeOptions(settings: RunSettings, run: Omit<HeadlessRun, 'plan' | 'sharedContext' | 'runId'>): ResumeOptions {
  const { checks, ...parts } = run;
  return { ...parts, ...optionsOfSettings(settings), workspaceRoot: settings.workspaceRoot, ...checks };
}
