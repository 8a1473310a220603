/**
 * The plan review's edits to the proposal under review: task edits (and lint fixes), the check list,
 * and the sections of cut project instruction files the agents get. Each applies only while the
 * review is shown; a refused edit is shown as a warning, and the view hears of every attempt (it
 * drops what it showed optimistically). No `vscode` import.
 */
import type { PlanEdit } from '../../core/plan/plan';
import { checkPlan } from '../../core/plan/planCheck';
import { applyPlanEdits } from '../../core/planning/planEdits';
import { lintPlan } from '../../core/planning/lint/lintPlan';
import type { ProposedRun } from '../../core/planning/propose';
import { lintOptionsFrom } from '../../core/run/runSettings';
import type { InstructionsSelection } from '../../protocol/messages';
import { editedReviewChecks } from '../checks/planReviewChecks';
import type { FlowContext } from './flowContext';
import { instructionPicksOf, planningFindingsFor, withInstructionSections } from './instructionsPick';

function warn(flow: FlowContext, error: unknown): void {
  void flow.ports.notifier.showWarning(`Fanout: ${error instanceof Error ? error.message : String(error)}`);
}

/** Applies edits from plan review (or a lint fix) and re-lints. */
export function editPlan(flow: FlowContext, edits: readonly PlanEdit[]): void {
  const { stage, proposal: pending } = flow.state();
  if (!pending || stage.kind !== 'review') return;
  try {
    const root = flow.ports.workspaceRoot() ?? '';
    // An edited task list is a new plan: checked again before lint reads it.
    const plan = checkPlan(applyPlanEdits(pending.proposal.plan, edits), root).plan;
    const findings = [
      ...lintPlan(plan, lintOptionsFrom(pending.settings, root, instructionPicksOf(pending.proposal.instructions))),
      ...planningFindingsFor(pending.proposal.findings, plan),
    ];
    const proposal: ProposedRun = { ...pending.proposal, plan: { ...plan, lint: findings }, findings };
    flow.dispatch({ type: 'edit', proposal }, false);
  } catch (error) {
    warn(flow, error);
  }
  // Also after a refused edit: the view drops what it showed optimistically.
  flow.fire();
}

/** Replaces the review's check list for this run (an empty list: no checks); the workspace's approval is asked on approve. */
export function editChecks(flow: FlowContext, commands: readonly string[]): void {
  const { stage, proposal: pending } = flow.state();
  if (!pending || stage.kind !== 'review') return;
  try {
    const checks = editedReviewChecks(pending.detected, commands, flow.checksGate.reviewContext(pending.settings.checks));
    flow.dispatch({ type: 'editChecks', checks }, false);
  } catch (error) {
    warn(flow, error);
  }
  // Also when nothing changed: the view drops what it showed optimistically.
  flow.fire();
}

/** The sections of cut instruction files the agents get instead of the default cut: the shared context is rebuilt and re-linted. */
export async function pickInstructions(flow: FlowContext, selection: InstructionsSelection): Promise<void> {
  const { stage, proposal: pending } = flow.state();
  const root = flow.ports.workspaceRoot();
  if (!pending || root === undefined || stage.kind !== 'review') return;
  try {
    const next = await withInstructionSections(pending, root, selection);
    // The review moved on meanwhile: the choice belongs to a plan that is gone.
    if (flow.state().proposal !== pending) return;
    flow.dispatch({ type: 'edit', proposal: next.proposal }, false);
  } catch (error) {
    warn(flow, error);
  }
  flow.fire();
}
