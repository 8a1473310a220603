/**
 * A guard for one-click fixes: a fix is offered only when its edits apply to the plan and the edited
 * plan has no validation error the plan did not have before (a merge that would close a cycle, a move
 * that leaves a task owning nothing …). A fix that fails the guard is dropped, never shown half-working.
 * The plan's own errors come with it from its check; only the edited plan, a new one, is checked.
 */
import type { Plan, PlanFinding, PlanFix } from '../../plan/plan';
import { checkPlan, validationFindings, type CheckedPlan } from '../../plan/planCheck';
import { applyPlanEdits } from '../planEdits';

function key(f: PlanFinding): string {
  return `${f.code}\u0000${[...f.tasks].sort().join(',')}`;
}

/** The fix, when it applies cleanly and adds no validation error; otherwise undefined. */
export function safeFix(plan: CheckedPlan, workspaceRoot: string, fix: PlanFix | undefined): PlanFix | undefined {
  if (fix === undefined || fix.edits.length === 0) return undefined;
  let edited: Plan;
  try {
    edited = applyPlanEdits(plan, fix.edits);
  } catch {
    return undefined;
  }
  const before = new Set(
    validationFindings(plan)
      .filter((f) => f.severity === 'error')
      .map(key),
  );
  const introduced = checkPlan(edited, workspaceRoot).findings.some((f) => f.severity === 'error' && !before.has(key(f)));
  return introduced ? undefined : fix;
}

/** The finding with the fix attached when the guard accepts it. */
export function withFix(finding: PlanFinding, plan: CheckedPlan, workspaceRoot: string, fix: PlanFix | undefined): PlanFinding {
  const safe = safeFix(plan, workspaceRoot, fix);
  return safe === undefined ? finding : { ...finding, fix: safe };
}
