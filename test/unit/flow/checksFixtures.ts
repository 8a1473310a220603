/** What the tests of checks in the Distribute Feature flow share: the detected commands and the checks the plan review shows. */
import type { PlanReviewChecks } from '../../../src/protocol/messages';
import type { FlowHarness } from './flowHarness';

export const TYPECHECK = 'npm run typecheck';
export const TEST = 'npm test';

export function reviewChecks(h: FlowHarness): PlanReviewChecks | undefined {
  const stage = h.flow.stage;
  return stage.kind === 'review' ? stage.review.checks : undefined;
}
