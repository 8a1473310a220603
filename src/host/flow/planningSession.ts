/**
 * One planning attempt: opens the model access, asks for a proposal while the project's check
 * commands are detected beside it, and owns both the attempt's AbortController and the access until
 * the proposal's run takes the access over (`takeAccess`) or the attempt is dropped (`cancel`), which
 * closes it. No `vscode` import.
 */
import type { Route } from '../../core/plan/plan';
import type { ProposedRun } from '../../core/planning/propose';
import { proposeOptionsFrom } from '../../core/run/runSettings';
import { describeFailure } from '../runs/failures';
import { DEMO_CHECKS, NO_CHECKS_FOUND, type FoundChecks } from '../checks/planReviewChecks';
import type { AccessProblem, ModelAccess } from '../runs/modelAccess';
import type { FanoutSettings } from '../settings';
import type { FlowPorts } from './ports';

export interface PlanningInput {
  /** The request with its editor context, as the planner gets it. */
  readonly request: string;
  readonly workspaceRoot: string;
  readonly settings: FanoutSettings;
  readonly pattern?: string;
  readonly route?: Route;
  /** The route is known and the planner is at work. */
  readonly onRouted: () => void;
}

/** Longest the detection of check commands may take; past it the review lists none, with a note. */
export const DETECT_CHECKS_TIMEOUT_MS = 10_000;

export type PlanningOutcome =
  /** `checks`: the project's check commands (none when checks are turned off). */
  | { readonly kind: 'planned'; readonly proposal: ProposedRun; readonly checks: FoundChecks }
  /** `thrown`: planning threw (logged as such), rather than finding no access. */
  | { readonly kind: 'failed'; readonly message: string; readonly action?: 'setApiKey'; readonly thrown: boolean }
  | { readonly kind: 'cancelled' };

export class PlanningSession {
  private readonly controller = new AbortController();
  private access: ModelAccess | undefined;

  constructor(private readonly ports: Pick<FlowPorts, 'openModelAccess' | 'propose' | 'detectChecks'>) {}

  get cancelled(): boolean {
    return this.controller.signal.aborted;
  }

  async plan(input: PlanningInput): Promise<PlanningOutcome> {
    let access: ModelAccess | AccessProblem;
    try {
      access = await this.ports.openModelAccess(input.workspaceRoot, input.settings);
    } catch (error) {
      // The demo's local server could not start, say: shown like any planning failure.
      return this.cancelled ? { kind: 'cancelled' } : { kind: 'failed', ...describeFailure(error), thrown: true };
    }
    if ('kind' in access) return this.cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: access.message, action: 'setApiKey', thrown: false };
    if (this.cancelled) {
      await access.close();
      return { kind: 'cancelled' };
    }
    this.access = access;
    const signal = this.controller.signal;
    const checks = this.detectChecks(input);
    try {
      const proposed = await this.ports.propose(
        proposeOptionsFrom(input.settings, {
          client: access.client,
          request: input.request,
          workspaceRoot: input.workspaceRoot,
          patternName: input.pattern === '' ? undefined : input.pattern,
          routeOverride: input.route,
          signal,
          onProgress: (p) => {
            if (!signal.aborted && (p.stage === 'planning' || p.stage === 'repairing')) input.onRouted();
          },
        }),
      );
      const found = await checks;
      if (this.cancelled) return { kind: 'cancelled' };
      // The demo spends nothing (a local fake model), so its unknown estimate needs no approval, and its
      // scripted agents leave nothing to check.
      return access.demo
        ? { kind: 'planned', proposal: { ...proposed, needsApproval: false }, checks: DEMO_CHECKS }
        : { kind: 'planned', proposal: proposed, checks: found };
    } catch (error) {
      await this.closeAccess();
      if (this.cancelled) return { kind: 'cancelled' };
      const failure = describeFailure(error);
      return { kind: 'failed', message: failure.message, action: failure.action, thrown: true };
    }
  }

  /** The check commands for the review; never rejects (a failure is a note), bounded in time, stopped with the attempt. */
  private async detectChecks(input: PlanningInput): Promise<FoundChecks> {
    if (!input.settings.checks.enabled) return NO_CHECKS_FOUND;
    const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(DETECT_CHECKS_TIMEOUT_MS)]);
    // Raced against the signal too: a detection that does not stop on it still cannot hold planning up.
    const stopped = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true }));
    try {
      return await Promise.race([this.ports.detectChecks(input.workspaceRoot, input.settings.checks.commands, signal), stopped]);
    } catch (error) {
      const why =
        signal.aborted && !this.cancelled ? `it took longer than ${DETECT_CHECKS_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error);
      return { ...NO_CHECKS_FOUND, notes: [`The check commands could not be read: ${why}.`] };
    }
  }

  /** Hands the access on to the run of this proposal; the session no longer closes it. */
  takeAccess(): ModelAccess | undefined {
    const access = this.access;
    this.access = undefined;
    return access;
  }

  /** Drops the attempt: stops planning and closes the access (the demo server) unless a run took it. */
  cancel(): void {
    this.controller.abort();
    void this.closeAccess();
  }

  private async closeAccess(): Promise<void> {
    const access = this.access;
    this.access = undefined;
    await access?.close();
  }
}
