/**
 * A review made ready to run, without a model call: the change read from git (the working tree
 * against HEAD, or BASE...HEAD) or the whole workspace as it is, one read-only reviewer per role, and
 * the shared context headed by the diff (or by what is asked). Throws `ReviewInputError` for input to fix (no repository, an unknown base or role, no
 * change): nothing was paid for.
 */
import { asValidated, checkPlan } from '../plan/planCheck';
import { projectContext } from '../planning/projectContext';
import type { PatternRole } from '../planning/types';
import type { ReadOnlyRun } from '../readOnly/readOnlyRun';
import { collectChanges } from './gitChanges';
import { ReviewInputError } from './reviewError';
import { reviewContext, reviewPlan, WHOLE_WORKSPACE_SUBJECT, wholeWorkspaceContext } from './reviewPlan';

export interface ReviewRequest {
  readonly workspaceRoot: string;
  /** A branch or commit to review `BASE...HEAD` against; absent: the working tree against HEAD. */
  readonly base?: string;
  /** Review the code as it is, not a change: no git needed (`base` is ignored). */
  readonly wholeWorkspace?: boolean;
  readonly roles: readonly PatternRole[];
  readonly signal: AbortSignal;
}

export async function prepareReview(request: ReviewRequest): Promise<ReadOnlyRun> {
  if (request.roles.length === 0) throw new ReviewInputError('No review role was picked. Pick at least one role. Nothing ran.');
  if (request.wholeWorkspace === true) {
    const subject = WHOLE_WORKSPACE_SUBJECT;
    const plan = asValidated(checkPlan(reviewPlan(request.roles, subject), request.workspaceRoot).plan);
    return { kind: 'review', subject, plan, sharedContext: wholeWorkspaceContext(await projectContext(request.workspaceRoot, subject, request.signal)) };
  }
  const changes = await collectChanges(request.workspaceRoot, request.base, request.signal);
  const subject = `Review of ${changes.label}`;
  // Validators only; a refusal by the plan check ends here with its findings.
  const plan = asValidated(checkPlan(reviewPlan(request.roles, subject), request.workspaceRoot).plan);
  const sharedContext = reviewContext(changes, await projectContext(request.workspaceRoot, subject, request.signal));
  return { kind: 'review', subject, plan, sharedContext };
}
