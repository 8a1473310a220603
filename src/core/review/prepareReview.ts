/**
 * A review made ready to run, without a model call: the change read from git (the working tree
 * against HEAD, or BASE...HEAD), one read-only reviewer per role, and the shared context headed by
 * the diff. Throws `ReviewInputError` for input to fix (no repository, an unknown base or role, no
 * change): nothing was paid for.
 */
import { asValidated, checkPlan } from '../plan/planCheck';
import { projectContext } from '../planning/projectContext';
import type { PatternRole } from '../planning/types';
import type { ReadOnlyRun } from '../readOnly/readOnlyRun';
import { collectChanges } from './gitChanges';
import { reviewContext, reviewPlan } from './reviewPlan';

export interface ReviewRequest {
  readonly workspaceRoot: string;
  /** A branch or commit to review `BASE...HEAD` against; absent: the working tree against HEAD. */
  readonly base?: string;
  readonly roles: readonly PatternRole[];
  readonly signal: AbortSignal;
}

export async function prepareReview(request: ReviewRequest): Promise<ReadOnlyRun> {
  const changes = await collectChanges(request.workspaceRoot, request.base, request.signal);
  const subject = `Review of ${changes.label}`;
  // Validators only; a refusal by the plan check ends here with its findings.
  const plan = asValidated(checkPlan(reviewPlan(request.roles, subject), request.workspaceRoot).plan);
  const sharedContext = reviewContext(changes, await projectContext(request.workspaceRoot, subject, request.signal));
  return { kind: 'review', subject, plan, sharedContext };
}
