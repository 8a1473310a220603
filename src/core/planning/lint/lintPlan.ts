/**
 * Plan lint: validation's hard errors (with a fix added to ownership overlaps) followed by the lint
 * rules, in a stable order. Every finding has a stable code; where a one-click fix exists it is a
 * `PlanFix` whose edits `applyPlanEdits` applies, checked not to add a validation error.
 *
 * Codes added here (validation's are listed in `planValidation.ts`):
 * hot-spot-owner, missing-contract, fragmentation-files, fragmentation-tiny-task,
 * fragmentation-small-request, under-specified, ordering, phase-listing-order, fan-out-queued,
 * over-budget, owned-glob-reaches-symlink, context-duplication, context-broad-reads,
 * context-instructions-cut.
 *
 * The rules that look at the workspace's files share one lazy, bounded view of them per pass
 * (`workspaceFiles.ts`), read only when a rule needs it.
 */
import type { PlanFinding } from '../../plan/plan';
import { validationFindings, type CheckedPlan } from '../../plan/planCheck';
import type { CostEstimate, LintOptions } from '../types';
import { contextFindings } from './contextRule';
import { contractFindings } from './contractRule';
import { fanOutFindings } from './fanOutRule';
import { fragmentationFindings } from './fragmentationRule';
import { orderingFindings } from './orderingRule';
import { fixOwnershipOverlaps, hotSpotFindings } from './resourceRules';
import { sensitivePathFindings } from './sensitivePathRule';
import { specificationFindings } from './specificationRule';
import { symlinkFindings } from './symlinkRule';
import { workspaceFiles } from './workspaceFiles';

/**
 * All findings for the checked plan (valid or not): its validation errors, then the lint rules'.
 * `estimate` is the cost estimate the caller already made (with the real repo map and prefix sizes);
 * without it the over-budget check makes its own from the plan alone.
 */
export function lintPlan(plan: CheckedPlan, options: LintOptions, estimate?: CostEstimate): PlanFinding[] {
  const validation = validationFindings(plan);
  if (plan.tasks.length === 0) return [...validation];
  const root = options.workspaceRoot;
  const workspace = workspaceFiles(root);
  return [
    ...fixOwnershipOverlaps(plan, root, validation),
    ...hotSpotFindings(plan, root),
    ...sensitivePathFindings(plan),
    ...symlinkFindings(plan, root),
    ...contractFindings(plan, root, workspace),
    ...fragmentationFindings(plan, root),
    ...specificationFindings(plan),
    ...orderingFindings(plan, root),
    ...fanOutFindings(plan, options, estimate),
    ...contextFindings(plan, root, workspace, options.instructionSections),
  ];
}
