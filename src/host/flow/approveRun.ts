/**
 * Approving the proposal under review: refused while the plan has errors or an unconfirmed cost;
 * its checks decided (asking once, in a modal, about a list not approved for the workspace; a plan
 * that approved itself asks too); then the run starts on the planning attempt's model access.
 * No `vscode` import.
 */
import { asValidated } from '../../core/plan/planCheck';
import { runOptionsFrom } from '../../core/run/runSettings';
import { describeFailure } from '../runs/failures';
import type { FlowContext } from './flowContext';
import { approvalProblem } from './flowState';
import { RunSession } from './runSession';

/**
 * Starts the run of the proposal under review; resolves once it started (or was refused). When its
 * checks are not approved for the workspace it asks first; dismissed, nothing starts. With nothing
 * to ask, the run starts before this returns.
 */
export async function approveProposal(flow: FlowContext, confirmedOverBudget: boolean): Promise<void> {
  const { ports } = flow;
  const pending = flow.state().proposal;
  const root = ports.workspaceRoot();
  if (!pending || flow.checksGate.asking || ports.runs.runsDir === undefined || root === undefined) return;
  const problem = approvalProblem(pending, confirmedOverBudget);
  if (problem === 'errors') {
    void ports.notifier.showError('Fanout: the plan still has errors. Fix them (or apply the suggested fixes) before running it.');
    return;
  }
  if (problem === 'budget') {
    void ports.notifier.showWarning('Fanout: the cost estimate is above the budget or unknown. Confirm it in the plan review to run anyway.');
    return;
  }
  const { list } = pending.checks;
  const gate = flow.checksGate;
  const off = pending.detected.off;
  const decided =
    off !== undefined ? { checksSkipped: off } : gate.forNewRun(list, pending.settings.checks, list.length === 0 && pending.detected.checks.length > 0);
  // Awaited only when there is a question to ask: otherwise the run starts before this returns.
  const answer = 'ask' in decided ? await gate.ask(decided.ask) : undefined;
  // The user moved on while the question was open: nothing is approved, nothing starts.
  if (flow.state().proposal !== pending) return;
  const checks = 'ask' in decided ? gate.answered(answer, decided.ask, () => gate.approvedNewRun(decided.ask, pending.settings.checks)) : decided;
  if (checks === undefined) {
    // Dismissed: nothing starts; a plan that approved itself shows its review instead.
    ports.log.info('The run was not started: its checks were neither approved nor declined.');
    flow.dispatch({ type: 'review' }, false);
    // Also in the review already: the view drops the start it showed optimistically.
    flow.fire();
    return;
  }
  gate.logChecks(checks);
  const access = flow.takePlanningAccess();
  flow.dispatch({ type: 'approve' }, false);
  // The previous run (ended: a new one cannot start while one is going) gives way with its access.
  flow.dropSession();
  if (!access) {
    flow.dispatch({ type: 'runFailed', request: pending.request, message: 'The model access of this plan was closed. Submit the request again.' });
    return;
  }
  const { proposal, settings } = pending;
  try {
    const session = RunSession.start(flow.sessionDeps(), access, (parts) => ({
      ...runOptionsFrom(settings, {
        ...parts,
        plan: asValidated(proposal.plan),
        workspaceRoot: root,
        client: access.client,
        sharedContext: proposal.sharedContext,
        demo: access.demo,
      }),
      ...checks,
    }));
    flow.setSession(session);
    flow.dispatch({ type: 'runStarted', run: session.state() });
  } catch (error) {
    const failure = describeFailure(error);
    flow.dispatch({ type: 'runFailed', request: pending.request, message: failure.message, action: failure.action });
  }
}
