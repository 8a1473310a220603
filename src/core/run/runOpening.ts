/**
 * The events that open a run, in the order the log holds them: a new run's `run.started`, its model
 * warnings, its check phase (planned or skipped) and every agent queued; a resumed run's
 * `run.resumed` and its warnings.
 */
import { basename } from 'node:path';
import type { RunOptions } from './engineTypes';
import type { RunEventBody } from './events';
import { modelWarnings, type RunModels } from './runModels';

export type OpeningOptions = Pick<RunOptions, 'plan' | 'workspaceRoot' | 'maxConcurrency' | 'demo' | 'checksSkipped'>;

/** A new run's opening. `checksPlanned`: the check phase's `checks.planned`, in a run with approved checks. */
export function startEvents(options: OpeningOptions, models: RunModels, checksPlanned: RunEventBody | undefined): RunEventBody[] {
  const { plan, checksSkipped } = options;
  const checks: RunEventBody[] =
    checksPlanned !== undefined ? [checksPlanned] : checksSkipped !== undefined ? [{ kind: 'checks.skipped', ...checksSkipped }] : [];
  return [
    {
      kind: 'run.started',
      plan,
      workspaceName: basename(options.workspaceRoot),
      maxConcurrency: Math.max(1, options.maxConcurrency),
      demo: options.demo ?? false,
    },
    ...modelWarnings(models, plan.tasks).map((warning): RunEventBody => ({ kind: 'run.warning', model: warning.model, message: warning.message })),
    ...checks,
    ...plan.tasks.map((task): RunEventBody => ({ kind: 'agent.queued', taskId: task.id })),
  ];
}

/** A resumed run's opening: `warnings` are said once (staged files whose workspace file changed meanwhile). */
export function resumeEvents(maxConcurrency: number, warnings: readonly string[]): RunEventBody[] {
  return [{ kind: 'run.resumed', maxConcurrency: Math.max(1, maxConcurrency) }, ...warnings.map((message): RunEventBody => ({ kind: 'run.warning', message }))];
}
