/**
 * Resuming an interrupted run as the live run of this window: one resume at a time, its check list
 * asked about as a new run's is (the list its log planned), on the model access a new run gets (the
 * key, else the demo on the sample project; none: the error stage asks for the key). No `vscode` import.
 */
import type { RunChecksOptions } from '../checks/checksDecision';
import { describeFailure } from '../runs/failures';
import type { AccessProblem, ModelAccess } from '../runs/modelAccess';
import type { FlowContext } from './flowContext';
import { resumeRefusal } from './refusals';
import { resumeOptionsFrom } from './resumeOptions';
import { RunSession } from './runSession';

export class ResumeStarts {
  /** A resume is asking about its checks, opening its access or waiting for the engine. */
  private resuming = false;

  constructor(private readonly flow: FlowContext) {}

  /** Continues the interrupted run `runId`; resolves once it runs, or was refused. */
  async resume(runId: string): Promise<void> {
    const { flow } = this;
    const { ports } = flow;
    const root = ports.workspaceRoot();
    const run = await ports.runs.state(runId).catch(() => undefined);
    const request = run?.plan?.request ?? '';
    const refusal = flow.refusal(request === '' ? runId : request) ?? resumeRefusal(runId, run, this.resuming);
    if (refusal || !run || root === undefined || ports.runs.runsDir === undefined) {
      if (refusal) void ports.notifier.showWarning(`Fanout: ${refusal.message}`);
      return;
    }
    this.resuming = true;
    try {
      const settings = ports.readSettings();
      for (const problem of settings.problems) ports.log.warn(problem);
      const gate = flow.checksGate;
      const decided = gate.forResumedRun(run, settings.checks);
      const checks: RunChecksOptions | undefined =
        'ask' in decided ? gate.answered(await gate.ask(decided.ask), decided.ask, () => gate.approvedResumedRun(run, settings.checks)) : decided;
      if (checks === undefined) {
        ports.log.info(`Run ${runId} was not resumed: its checks were neither approved nor declined.`);
        return;
      }
      gate.logChecks(checks);
      let access: ModelAccess | AccessProblem;
      try {
        access = await ports.openModelAccess(root, settings);
      } catch (error) {
        const failure = describeFailure(error);
        flow.dispatch({ type: 'runFailed', request, message: failure.message, action: failure.action });
        return;
      }
      if ('kind' in access) {
        flow.dispatch({ type: 'runFailed', request, message: access.message, action: 'setApiKey' });
        return;
      }
      flow.dropPlanning();
      // The previous run (ended: none is going) gives way with its access.
      flow.dropSession();
      const client = access.client;
      const demo = access.demo;
      const session = await RunSession.resume(flow.sessionDeps(), access, runId, (parts) => ({
        ...resumeOptionsFrom(settings, { runDir: parts.runDir, signal: parts.signal, onEvent: parts.onEvent, workspaceRoot: root, client, demo }),
        ...checks,
      }));
      flow.setSession(session);
      ports.log.info(`Run ${runId} resumed.`);
      flow.dispatch({ type: 'runStarted', run: session.state() });
    } catch (error) {
      const failure = describeFailure(error);
      ports.log.warn(`Run ${runId} could not be resumed: ${failure.message}`);
      flow.dispatch({ type: 'runFailed', request, message: failure.message, action: failure.action });
    } finally {
      this.resuming = false;
    }
  }
}
