/**
 * Starts runs of approved plans: takes the plan the check passed (`ValidatedPlan`, checked once
 * before plan review or by the CLI), resolves the defaults, and hands the rest to `Run` (run.ts),
 * the object that runs it.
 */
import { randomBytes } from 'node:crypto';
import type { RunHandle, RunOptions } from './engineTypes';
import type { Plan } from '../plan/plan';
import type { EffortSetting } from '../model/requestShape';
import { isCheckedPlan, PlanValidationError, validationFindings, asValidated } from '../plan/planCheck';
import { Run } from './run';

/**
 * Output cap per agent turn. Thinking counts against it, and the current models think adaptively on
 * every turn, so it leaves room for thinking plus a whole file written in one tool call.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 32_000;

/** Effort per role when the run options name none. */
export const DEFAULT_EFFORT: { readonly agent: EffortSetting; readonly validator: EffortSetting } = { agent: 'medium', validator: 'medium' };

export { PlanValidationError };

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
