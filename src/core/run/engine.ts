/**
 * Starts runs of approved plans: takes the plan the check passed (`ValidatedPlan`, checked once
 * before plan review or by the CLI), resolves the defaults, and hands the rest to `Run` (run.ts),
 * the object that runs it. `resumeRun` continues a run that was interrupted (see `resume.ts`).
 */
import { randomBytes } from 'node:crypto';
import type { ResumeOptions, RunHandle, RunOptions } from './engineTypes';
import type { Plan } from '../plan/plan';
import type { EffortSetting } from '../model/requestShape';
import { isCheckedPlan, PlanValidationError, validationFindings, asValidated } from '../plan/planCheck';
import { Run } from './run';
import { loadResume, ResumeError } from './resume';

/**
 * Output cap per agent turn. Thinking counts against it, and the current models think adaptively on
 * every turn, so it leaves room for thinking plus a whole file written in one tool call.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 32_000;

/** Effort per role when the run options name none. */
export const DEFAULT_EFFORT: { readonly agent: EffortSetting; readonly validator: EffortSetting } = { agent: 'medium', validator: 'medium' };

export { PlanValidationError, ResumeError };

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Starts a run of a validated plan. A plan typed as validated that never went through the check is refused. */
export function startRun(options: RunOptions): RunHandle {
  // The type says validated; a cast or a copy of the task list says nothing, so look (no second check).
  const given: Plan = options.plan;
  if (!isCheckedPlan(given)) throw new Error(`Plan ${given.id} was never checked; check it with checkPlan before running it.`);
  const plan = asValidated(given);
  const now = options.now ?? Date.now;
  return new Run({
    ...options,
    plan: plan.lint !== undefined ? plan : { ...plan, lint: [...validationFindings(plan)] },
    runId: options.runId ?? newRunId(new Date(now())),
    now,
    effort: options.effort ?? DEFAULT_EFFORT,
    maxOutputTokens: options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
  });
}

/**
 * Continues an interrupted run from its folder (its log, blobs and agents' transcripts): same run id,
 * agents that finished stay finished, agents at work continue their conversations. Refuses with a
 * `ResumeError` a folder without a run log, a finished run and a run whose writer is alive.
 */
export async function resumeRun(options: ResumeOptions): Promise<RunHandle> {
  const loaded = await loadResume(options.runDir, options.workspaceRoot);
  return new Run(
    {
      ...options,
      plan: loaded.plan,
      runId: loaded.runId,
      now: options.now ?? Date.now,
      effort: options.effort ?? DEFAULT_EFFORT,
      maxOutputTokens: options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    },
    loaded,
  );
}
