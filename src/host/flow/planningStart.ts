/**
 * The planning attempt of one window: a submitted request is refused or planned (one
 * `PlanningSession` at a time, a new one dropping the last), its proposal gets its check list and
 * its instruction file choices, and goes to the plan review, or straight to the run when it approves
 * itself. The attempt keeps its model access until the approval takes it over. No `vscode` import.
 */
import type { Route } from '../../core/plan/plan';
import { detectedReviewChecks } from '../checks/planReviewChecks';
import type { ModelAccess } from '../runs/modelAccess';
import { approveProposal } from './approveRun';
import type { FlowContext } from './flowContext';
import { withInstructionChoices } from './instructionsPick';
import { PlanningSession } from './planningSession';

export class PlanningStarts {
  private planning: PlanningSession | undefined;

  constructor(private readonly flow: FlowContext) {}

  /** Plans `request` (with the composer's context); resolves once the review shows it, its run started, or planning failed. */
  async submit(request: string, pattern: string | undefined, route: Route | undefined): Promise<void> {
    const { flow } = this;
    const { ports } = flow;
    const refusal = flow.refusal(request);
    if (refusal) {
      flow.dropPlanning();
      flow.dispatch({ type: 'refused', request, ...refusal });
      return;
    }
    const root = ports.workspaceRoot() ?? '';
    const settings = ports.readSettings();
    for (const problem of settings.problems) ports.log.warn(problem);
    const { stage } = flow.state();
    const context = stage.kind === 'compose' ? stage.context : undefined;
    const trimmed = request.trim();
    flow.dropPlanning();
    const session = new PlanningSession(ports);
    this.planning = session;
    flow.dispatch({ type: 'submit', request: trimmed, routed: route !== undefined });
    const attempt = flow.state().attempt;
    const outcome = await session.plan({
      request: context ? `${trimmed}\n\n${context}` : trimmed,
      workspaceRoot: root,
      settings,
      pattern,
      route,
      onRouted: () => flow.dispatch({ type: 'routed', attempt }),
    });
    if (outcome.kind === 'cancelled' || this.planning !== session) return;
    if (outcome.kind === 'failed') {
      if (outcome.thrown) ports.log.error(`Planning failed: ${outcome.message}`);
      this.planning = undefined;
      flow.dispatch({ type: 'planFailed', attempt, request, message: outcome.message, action: outcome.action });
      return;
    }
    this.warnOnce(outcome.proposal.warnings);
    for (const note of outcome.checks.notes) ports.log.warn(`Checks: ${note}`);
    const checks = detectedReviewChecks(outcome.checks, flow.checksGate.reviewContext(settings.checks));
    const proposal = await withInstructionChoices({ request: trimmed, pattern, proposal: outcome.proposal, settings, checks, detected: outcome.checks }, root);
    if (this.planning !== session) return;
    flow.dispatch({ type: 'planned', attempt, proposal }, false);
    // A proposal that approves itself never shows the review: it goes straight to the run.
    const planned = flow.state();
    if (planned.stage.kind === 'planning' && planned.proposal) await approveProposal(flow, false);
    else flow.fire();
  }

  /** Ends the attempt, handing its model access over (undefined: it was closed). */
  takeAccess(): ModelAccess | undefined {
    const access = this.planning?.takeAccess();
    this.planning = undefined;
    return access;
  }

  /** Drops the attempt under way, closing its access. */
  cancel(): void {
    this.planning?.cancel();
    this.planning = undefined;
  }

  /** Model warnings (an unknown model id, an effort a model cannot take): logged, and the first one shown. */
  private warnOnce(warnings: readonly string[]): void {
    const { ports } = this.flow;
    for (const warning of warnings) ports.log.warn(warning);
    const first = warnings[0];
    if (first !== undefined) {
      const more = warnings.length > 1 ? ` (${warnings.length - 1} more in the Fanout log)` : '';
      void ports.notifier.showWarning(`Fanout: ${first}${more}`);
    }
  }
}
