/**
 * Starts runs of approved plans: validates the plan, resolves the defaults, and hands the rest to
 * `Run` (run.ts), the object that runs it.
 */
import { randomBytes } from 'node:crypto';
import type { RunHandle, RunOptions } from './engineTypes';
import type { EffortSetting } from '../model/requestShape';
import type { PlanFinding } from '../plan/plan';
import { checkPlan } from '../plan/planCheck';
import { Run } from './run';

/**
 * Output cap per agent turn. Thinking counts against it, and the current models think adaptively on
 * every turn, so it leaves room for thinking plus a whole file written in one tool call.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 32_000;

/** Effort per role when the run options name none. */
export const DEFAULT_EFFORT: { readonly agent: EffortSetting; readonly validator: EffortSetting } = { agent: 'medium', validator: 'medium' };

/** Thrown by `startRun` when the plan has errors: nothing runs. */
export class PlanValidationError extends Error {
  constructor(readonly findings: readonly PlanFinding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(`The plan has ${errors.length} error(s): ${errors.map((f) => f.message).join(' ')}`);
    this.name = 'PlanValidationError';
  }
}

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function startRun(options: RunOptions): RunHandle {
  const checked = checkPlan(options.plan, options.workspaceRoot);
  if (!checked.ok) {
    throw new PlanValidationError(checked.findings);
  }
  const now = options.now ?? Date.now;
  return new Run({
    ...options,
    plan: { ...checked.plan, lint: [...checked.findings] },
    runId: options.runId ?? newRunId(new Date(now())),
    now,
    effort: options.effort ?? DEFAULT_EFFORT,
    maxOutputTokens: options.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
  });
}
