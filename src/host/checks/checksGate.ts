/**
 * The gate between a run and the project's check commands, for the flow: it decides a run's checks
 * from the trust, the settings and the workspace's approvals, or says which list to ask about; asks
 * (one modal, see `approvalPrompt.ts`); remembers a list the user approved; and logs what a run got.
 * No `vscode` import: the window comes in through `ChecksGatePorts`.
 */
import type { CheckSpec } from '../../core/checks/checkTypes';
import type { RunState } from '../../core/run/runState';
import { CHECKS_QUESTION, checksDetail, DECLINED_MESSAGE, RUN_CHECKS, RUN_WITHOUT_CHECKS } from './approvalPrompt';
import type { CheckApproval } from './checkApproval';
import type { CheckSettings } from './checkSettings';
import { commandsOf, plannedChecksOf, resumeChecksOptions, runChecksOptions, type RunChecksOptions } from './checksDecision';
import type { ReviewChecksContext } from './planReviewChecks';

export interface ChecksGatePorts {
  isTrusted(): boolean;
  readonly checkApproval: CheckApproval;
  readonly notifier: { showModalWarning(message: string, detail: string, ...actions: string[]): Promise<string | undefined> };
  readonly log: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

/** A run's checks as decided, or the list the user must be asked about first. */
export type ChecksVerdictOrAsk = RunChecksOptions | { readonly ask: readonly CheckSpec[] };

export type ChecksAnswer = 'approved' | 'declined' | undefined;

export class ChecksGate {
  /** A question is open (the flow starts nothing else meanwhile). */
  asking = false;

  constructor(private readonly ports: ChecksGatePorts) {}

  /** What the plan review needs to show a list: trust, settings, approvals. */
  reviewContext(settings: CheckSettings): ReviewChecksContext {
    return { trusted: this.ports.isTrusted(), settings, isApproved: (commands) => this.ports.checkApproval.isApproved(commands) };
  }

  /** A new run's checks from the review's list (`emptied`: the user emptied a detected list). */
  forNewRun(list: readonly CheckSpec[], settings: CheckSettings, emptied: boolean): ChecksVerdictOrAsk {
    const decided = runChecksOptions({ trusted: this.ports.isTrusted(), settings, list, emptied, approved: this.approved(list) });
    return decided.checksSkipped?.reason === 'not-approved' ? { ask: list } : decided;
  }

  /** A resumed run's checks: the list its log planned, under the trust, settings and approvals of now. */
  forResumedRun(run: RunState, settings: CheckSettings): ChecksVerdictOrAsk {
    const { list } = plannedChecksOf(run);
    const decided = resumeChecksOptions({ trusted: this.ports.isTrusted(), settings, run, approved: this.approved(list) });
    return list.length > 0 && decided.checksSkipped?.reason === 'not-approved' ? { ask: list } : decided;
  }

  /** Asks once about a list not approved for the workspace; undefined when dismissed (nothing starts). */
  async ask(list: readonly CheckSpec[]): Promise<ChecksAnswer> {
    this.asking = true;
    try {
      const choice = await this.ports.notifier.showModalWarning(CHECKS_QUESTION, checksDetail(list), RUN_CHECKS, RUN_WITHOUT_CHECKS);
      return choice === RUN_CHECKS ? 'approved' : choice === RUN_WITHOUT_CHECKS ? 'declined' : undefined;
    } catch (error) {
      this.ports.log.error(`Could not ask about the checks: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      this.asking = false;
    }
  }

  /**
   * The checks after the user's answer: approved, the list is remembered for the workspace and runs
   * (`approvedOptions`); declined, the run goes without them; undefined when dismissed.
   */
  answered(answer: ChecksAnswer, list: readonly CheckSpec[], approvedOptions: () => RunChecksOptions): RunChecksOptions | undefined {
    if (answer === undefined) return undefined;
    if (answer === 'declined') return { checksSkipped: { reason: 'not-approved', message: DECLINED_MESSAGE } };
    this.ports.checkApproval.approve(commandsOf(list)).catch((error: unknown) => {
      this.ports.log.warn(`Could not remember the approved checks: ${error instanceof Error ? error.message : String(error)}`);
    });
    return approvedOptions();
  }

  /** A new run's options once its list is approved. */
  approvedNewRun(list: readonly CheckSpec[], settings: CheckSettings): RunChecksOptions {
    return runChecksOptions({ trusted: this.ports.isTrusted(), settings, list, approved: true });
  }

  /** A resumed run's options once its list is approved. */
  approvedResumedRun(run: RunState, settings: CheckSettings): RunChecksOptions {
    return resumeChecksOptions({ trusted: this.ports.isTrusted(), settings, run, approved: true });
  }

  /** Says in the log what a run got. */
  logChecks(checks: RunChecksOptions): void {
    if (checks.checks) this.ports.log.info(`Checks of this run: ${checks.checks.checks.map((c) => c.id).join(', ')}.`);
    else if (checks.checksSkipped) this.ports.log.info(`No checks in this run (${checks.checksSkipped.reason}): ${checks.checksSkipped.message}`);
  }

  private approved(list: readonly CheckSpec[]): boolean {
    return this.ports.checkApproval.isApproved(commandsOf(list));
  }
}
