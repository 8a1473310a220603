/**
 * The options an interrupted run resumes with: the window's settings now (models, concurrency,
 * budgets, prices, retries, effort), taken as a new run takes them, and the parts the session owns.
 * The plan and the run id come from the run's log. No `vscode` import.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ResumeOptions } from '../../core/run/engineTypes';
import type { RunEvent } from '../../core/run/events';
import { optionsOfSettings, type RunSettings } from '../../core/run/runSettings';

export interface ResumeParts {
  readonly runDir: string;
  readonly workspaceRoot: string;
  readonly client: Anthropic;
  readonly demo: boolean;
  readonly signal: AbortSignal;
  readonly onEvent: (event: RunEvent) => void;
}

export function resumeOptionsFrom(settings: RunSettings, parts: ResumeParts): ResumeOptions {
  return { ...parts, ...optionsOfSettings(settings) };
}
