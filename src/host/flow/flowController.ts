/**
 * The "Distribute Feature" flow of one window: turns what the user does and what planning and the
 * engine report into `flowReducer` actions, and keeps the sessions that do the work (one planning
 * attempt, one run). The sidebar renders `stage` and `run` and receives the run's events in batches.
 * Nothing here writes the workspace: runs stage into their run folder. No `vscode` import: the
 * window comes in through `FlowPorts`.
 *
 * Checks: the review lists the project's check commands (detected with the proposal, editable). A
 * run gets them only in a trusted workspace, with checks enabled, and once the user approved that
 * exact list for the workspace; approving a plan whose list is not approved asks once (a modal),
 * also when the plan approved itself. A resumed run asks the same for the list its log planned.
 */
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import type { RunEvent } from '../../core/run/events';
import type { PlanEdit, Route } from '../../core/plan/plan';
import { asValidated, checkPlan } from '../../core/plan/planCheck';
import { applyPlanEdits } from '../../core/planning/planEdits';
import { lintPlan } from '../../core/planning/lint/lintPlan';
import type { ProposedRun } from '../../core/planning/propose';
import { lintOptionsFrom, runOptionsFrom } from '../../core/run/runSettings';
import type { RunState } from '../../core/run/runState';
import type { ReadOnlyRun } from '../../core/readOnly/readOnlyRun';
import type { ViewStage } from '../../protocol/messages';
import { findCheckLog, type CheckLogLookup } from '../checks/checkOutput';
import type { RunChecksOptions } from '../checks/checksDecision';
import { ChecksGate } from '../checks/checksGate';
import { detectedReviewChecks, editedReviewChecks } from '../checks/planReviewChecks';
import { Emitter, type Disposable, type Event } from '../runs/emitter';
import { describeFailure } from '../runs/failures';
import type { AccessProblem, ModelAccess } from '../runs/modelAccess';
import { approvalProblem, flowReducer, initialFlowState, isRunning, shownRun, type FlowAction, type FlowState } from './flowState';
import { PlanningSession } from './planningSession';
import type { FanoutSettings } from '../settings';
import type { InstructionsSelection } from '../../protocol/messages';
import { instructionPicksOf, planningFindingsFor, withInstructionChoices, withInstructionSections } from './instructionsPick';
import type { FlowPorts } from './ports';
import { resumeOptionsFrom } from './resumeOptions';
import { RunSession, type RunSessionDeps } from './runSession';

export interface RunEventBatch {
  readonly runId: string;
  readonly events: readonly RunEvent[];
}

/** Makes a read-only fan-out ready to run (reads git, splits a question): its failure is shown as a planning failure. */
export type PrepareReadOnly = (input: {
  readonly workspaceRoot: string;
  readonly settings: FanoutSettings;
  readonly client: Anthropic;
  readonly signal: AbortSignal;
}) => Promise<ReadOnlyRun>;

/** A read-only run of this window ended (again, after a retry). */
export interface ReadOnlySettled {
  readonly run: ReadOnlyRun;
  readonly state: RunState;
  readonly runDir: string;
}

export class FlowController implements Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires when the stage or the run shown changes (send a new snapshot). */
  readonly onDidChange: Event<void> = this.changed.event;
  private readonly readOnlyEmitter = new Emitter<ReadOnlySettled>();
  /** A review or research run of this window ended: its report and findings are ready. */
  readonly onDidSettleReadOnly: Event<ReadOnlySettled> = this.readOnlyEmitter.event;
  /** The read-only runs this window started, by run id. */
  private readonly readOnlyRuns = new Map<string, { readonly run: ReadOnlyRun; runDir: string }>();
  /** A read-only run being prepared: aborted when the user moves on. */
  private preparing: AbortController | undefined;
  private readonly eventsEmitter = new Emitter<RunEventBatch>();
  /** Batched run events of the current run (a few per second, text coalesced). */
  readonly onEvents: Event<RunEventBatch> = this.eventsEmitter.event;

  private current: FlowState = initialFlowState;
  private planning: PlanningSession | undefined;
  private session: RunSession | undefined;
  /** A resume is asking about its checks, opening its access or waiting for the engine. */
  private resuming = false;
  /** Decides a run's checks and asks about a list not approved for the workspace. */
  private readonly checksGate: ChecksGate;

  constructor(private readonly ports: FlowPorts) {
    this.checksGate = new ChecksGate(ports);
  }

  get state(): FlowState {
    return this.current;
  }

  get stage(): ViewStage {
    return this.current.stage;
  }

  /** The run the view shows: the live one, or a reopened past run. */
  get run(): RunState | undefined {
    return shownRun(this.current);
  }

  get running(): boolean {
    return isRunning(this.current);
  }

  /** Keeps the composer's draft (and its context, unless a new one is given). */
  setDraft(draft: string, context?: string): void {
    this.dispatch({ type: 'draft', draft, context }, false);
  }

  /** Shows the composer (not while a run is going), keeping the draft; `context` replaces the request context. */
  openComposer(context?: string): void {
    if (this.running) return;
    if (this.current.stage.kind === 'compose') this.setDraft(this.current.stage.draft, context);
    else this.compose(undefined, context);
  }

  /** Back to the composer (keeps the request as the draft); drops a planning attempt and its proposal. */
  compose(draft?: string, context?: string): void {
    this.dropPlanning();
    this.dispatch({ type: 'reset', draft, context });
  }

  async submit(request: string, pattern: string | undefined, route: Route | undefined): Promise<void> {
    const refusal = this.refusal(request);
    if (refusal) {
      this.dropPlanning();
      this.dispatch({ type: 'refused', request, ...refusal });
      return;
    }
    const root = this.ports.workspaceRoot() ?? '';
    const settings = this.ports.readSettings();
    for (const problem of settings.problems) this.ports.log.warn(problem);
    const context = this.current.stage.kind === 'compose' ? this.current.stage.context : undefined;
    const trimmed = request.trim();
    this.dropPlanning();
    const session = new PlanningSession(this.ports);
    this.planning = session;
    this.dispatch({ type: 'submit', request: trimmed, routed: route !== undefined });
    const attempt = this.current.attempt;
    const outcome = await session.plan({
      request: context ? `${trimmed}\n\n${context}` : trimmed,
      workspaceRoot: root,
      settings,
      pattern,
      route,
      onRouted: () => this.dispatch({ type: 'routed', attempt }),
    });
    if (outcome.kind === 'cancelled' || this.planning !== session) return;
    if (outcome.kind === 'failed') {
      if (outcome.thrown) this.ports.log.error(`Planning failed: ${outcome.message}`);
      this.planning = undefined;
      this.dispatch({ type: 'planFailed', attempt, request, message: outcome.message, action: outcome.action });
      return;
    }
    this.warnOnce(outcome.proposal.warnings);
    for (const note of outcome.checks.notes) this.ports.log.warn(`Checks: ${note}`);
    const checks = detectedReviewChecks(outcome.checks, this.checksGate.reviewContext(settings.checks));
    const proposal = await withInstructionChoices({ request: trimmed, pattern, proposal: outcome.proposal, settings, checks, detected: outcome.checks }, root);
    if (this.planning !== session) return;
    this.dispatch({ type: 'planned', attempt, proposal }, false);
    // A proposal that approves itself never shows the review: it goes straight to the run.
    if (this.current.stage.kind === 'planning' && this.current.proposal) await this.approve(false);
    else this.fire();
  }

  /** Applies edits from plan review (or a lint fix) and re-lints. */
  edit(edits: readonly PlanEdit[]): void {
    const pending = this.current.proposal;
    if (!pending || this.current.stage.kind !== 'review') return;
    try {
      const root = this.ports.workspaceRoot() ?? '';
      // An edited task list is a new plan: checked again before lint reads it.
      const plan = checkPlan(applyPlanEdits(pending.proposal.plan, edits), root).plan;
      const findings = [
        ...lintPlan(plan, lintOptionsFrom(pending.settings, root, instructionPicksOf(pending.proposal.instructions))),
        ...planningFindingsFor(pending.proposal.findings, plan),
      ];
      const proposal: ProposedRun = { ...pending.proposal, plan: { ...plan, lint: findings }, findings };
      this.dispatch({ type: 'edit', proposal }, false);
    } catch (error) {
      void this.ports.notifier.showWarning(`Fanout: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Also after a refused edit: the view drops what it showed optimistically.
    this.fire();
  }

  /** Replaces the review's check list for this run (an empty list: no checks); the workspace's approval is asked on approve. */
  editChecks(commands: readonly string[]): void {
    const pending = this.current.proposal;
    if (!pending || this.current.stage.kind !== 'review') return;
    try {
      const checks = editedReviewChecks(pending.detected, commands, this.checksGate.reviewContext(pending.settings.checks));
      this.dispatch({ type: 'editChecks', checks }, false);
    } catch (error) {
      void this.ports.notifier.showWarning(`Fanout: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Also when nothing changed: the view drops what it showed optimistically.
    this.fire();
  }

  /** The sections of cut instruction files the agents get instead of the default cut: the shared context is rebuilt and re-linted. */
  async pickInstructions(selection: InstructionsSelection): Promise<void> {
    const pending = this.current.proposal;
    const root = this.ports.workspaceRoot();
    if (!pending || root === undefined || this.current.stage.kind !== 'review') return;
    try {
      const next = await withInstructionSections(pending, root, selection);
      // The review moved on meanwhile: the choice belongs to a plan that is gone.
      if (this.current.proposal !== pending) return;
      this.dispatch({ type: 'edit', proposal: next.proposal }, false);
    } catch (error) {
      void this.ports.notifier.showWarning(`Fanout: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.fire();
  }

  applyFix(index: number): void {
    const fix = this.current.proposal?.proposal.findings[index]?.fix;
    if (fix) this.edit(fix.edits);
  }

  /**
   * Starts the run of the proposal under review; resolves once it started (or was refused). When
   * its checks are not approved for the workspace it asks first; dismissed, nothing starts. With
   * nothing to ask, the run starts before this returns.
   */
  async approve(confirmedOverBudget: boolean): Promise<void> {
    const pending = this.current.proposal;
    const root = this.ports.workspaceRoot();
    if (!pending || this.checksGate.asking || this.ports.runs.runsDir === undefined || root === undefined) return;
    const problem = approvalProblem(pending, confirmedOverBudget);
    if (problem === 'errors') {
      void this.ports.notifier.showError('Fanout: the plan still has errors. Fix them (or apply the suggested fixes) before running it.');
      return;
    }
    if (problem === 'budget') {
      void this.ports.notifier.showWarning('Fanout: the cost estimate is above the budget or unknown. Confirm it in the plan review to run anyway.');
      return;
    }
    const { list } = pending.checks;
    const gate = this.checksGate;
    const off = pending.detected.off;
    const decided =
      off !== undefined ? { checksSkipped: off } : gate.forNewRun(list, pending.settings.checks, list.length === 0 && pending.detected.checks.length > 0);
    // Awaited only when there is a question to ask: otherwise the run starts before this returns.
    const answer = 'ask' in decided ? await gate.ask(decided.ask) : undefined;
    // The user moved on while the question was open: nothing is approved, nothing starts.
    if (this.current.proposal !== pending) return;
    const checks = 'ask' in decided ? gate.answered(answer, decided.ask, () => gate.approvedNewRun(decided.ask, pending.settings.checks)) : decided;
    if (checks === undefined) {
      // Dismissed: nothing starts; a plan that approved itself shows its review instead.
      this.ports.log.info('The run was not started: its checks were neither approved nor declined.');
      this.dispatch({ type: 'review' }, false);
      // Also in the review already: the view drops the start it showed optimistically.
      this.fire();
      return;
    }
    gate.logChecks(checks);
    const access = this.planning?.takeAccess();
    this.planning = undefined;
    this.dispatch({ type: 'approve' }, false);
    // The previous run (ended: a new one cannot start while one is going) gives way with its access.
    this.session?.dispose();
    this.session = undefined;
    if (!access) {
      this.dispatch({ type: 'runFailed', request: pending.request, message: 'The model access of this plan was closed. Submit the request again.' });
      return;
    }
    const { proposal, settings } = pending;
    try {
      const session = RunSession.start(this.sessionDeps(), access, (parts) => ({
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
      this.session = session;
      this.dispatch({ type: 'runStarted', run: session.state() });
    } catch (error) {
      const failure = describeFailure(error);
      this.dispatch({ type: 'runFailed', request: pending.request, message: failure.message, action: failure.action });
    }
  }

  /**
   * Runs a read-only fan-out (a review, a research) as the live run of this window, without a plan
   * review: `label` shows while `prepare` reads what it needs ("Review of the working tree"), then the
   * agents run side by side and a synthesis merges their findings (`onDidSettleReadOnly`). Nothing is
   * staged. Resolves once it runs, or was refused or failed (the view says why).
   */
  async startReadOnly(label: string, prepare: PrepareReadOnly): Promise<void> {
    const refusal = this.refusal(label);
    const root = this.ports.workspaceRoot();
    if (refusal || root === undefined || this.ports.runs.runsDir === undefined) {
      if (refusal) this.dispatch({ type: 'refused', request: label, ...refusal });
      return;
    }
    const settings = this.ports.readSettings();
    for (const problem of settings.problems) this.ports.log.warn(problem);
    this.dropPlanning();
    const controller = new AbortController();
    this.preparing = controller;
    this.dispatch({ type: 'submit', request: label, routed: true });
    const attempt = this.current.attempt;
    const failed = (error: unknown) => {
      const failure = describeFailure(error);
      this.dispatch({ type: 'planFailed', attempt, request: label, message: failure.message, action: failure.action });
    };
    let access: ModelAccess | AccessProblem;
    try {
      access = await this.ports.openModelAccess(root, settings);
    } catch (error) {
      failed(error);
      return;
    }
    if ('kind' in access) {
      this.dispatch({ type: 'planFailed', attempt, request: label, message: access.message, action: 'setApiKey' });
      return;
    }
    let run: ReadOnlyRun;
    try {
      run = await prepare({ workspaceRoot: root, settings, client: access.client, signal: controller.signal });
    } catch (error) {
      void access.close();
      if (!controller.signal.aborted) failed(error);
      return;
    }
    // The user moved on while it was being prepared: nothing starts.
    if (this.preparing !== controller || this.current.attempt !== attempt) {
      void access.close();
      return;
    }
    this.preparing = undefined;
    if (run.preparation)
      this.ports.log.info(
        `${label}: prepared with ${run.preparation.model} (cost ${run.preparation.costUsd === null ? 'unknown' : `$${run.preparation.costUsd.toFixed(4)}`}).`,
      );
    this.session?.dispose();
    this.session = undefined;
    const client = access.client;
    const demo = access.demo;
    try {
      const session = RunSession.start(this.sessionDeps(), access, (parts) => {
        this.readOnlyRuns.set(parts.runId, { run, runDir: parts.runDir });
        return {
          ...runOptionsFrom(settings, { ...parts, plan: run.plan, workspaceRoot: root, client, sharedContext: run.sharedContext, demo }),
          synthesis: { model: settings.models.validator, effort: settings.effort.validator, subject: run.subject },
        };
      });
      this.session = session;
      this.dispatch({ type: 'runStarted', run: session.state() });
    } catch (error) {
      const failure = describeFailure(error);
      this.dispatch({ type: 'runFailed', request: label, message: failure.message, action: failure.action });
    }
  }

  /**
   * Continues an interrupted run as the live run of this window, on the model access a new run gets
   * (the key, else the demo on the sample project; none: the error stage asks for the key). Resolves
   * once it runs, or was refused.
   */
  async resume(runId: string): Promise<void> {
    const root = this.ports.workspaceRoot();
    const run = await this.ports.runs.state(runId).catch(() => undefined);
    const request = run?.plan?.request ?? '';
    const refusal = this.refusal(request === '' ? runId : request) ?? this.resumeRefusal(runId, run);
    if (refusal || !run || root === undefined || this.ports.runs.runsDir === undefined) {
      if (refusal) void this.ports.notifier.showWarning(`Fanout: ${refusal.message}`);
      return;
    }
    this.resuming = true;
    try {
      const settings = this.ports.readSettings();
      for (const problem of settings.problems) this.ports.log.warn(problem);
      const gate = this.checksGate;
      const decided = gate.forResumedRun(run, settings.checks);
      const checks: RunChecksOptions | undefined =
        'ask' in decided ? gate.answered(await gate.ask(decided.ask), decided.ask, () => gate.approvedResumedRun(run, settings.checks)) : decided;
      if (checks === undefined) {
        this.ports.log.info(`Run ${runId} was not resumed: its checks were neither approved nor declined.`);
        return;
      }
      gate.logChecks(checks);
      let access: ModelAccess | AccessProblem;
      try {
        access = await this.ports.openModelAccess(root, settings);
      } catch (error) {
        const failure = describeFailure(error);
        this.dispatch({ type: 'runFailed', request, message: failure.message, action: failure.action });
        return;
      }
      if ('kind' in access) {
        this.dispatch({ type: 'runFailed', request, message: access.message, action: 'setApiKey' });
        return;
      }
      this.dropPlanning();
      // The previous run (ended: none is going) gives way with its access.
      this.session?.dispose();
      this.session = undefined;
      const client = access.client;
      const demo = access.demo;
      const session = await RunSession.resume(this.sessionDeps(), access, runId, (parts) => ({
        ...resumeOptionsFrom(settings, { runDir: parts.runDir, signal: parts.signal, onEvent: parts.onEvent, workspaceRoot: root, client, demo }),
        ...checks,
      }));
      this.session = session;
      this.ports.log.info(`Run ${runId} resumed.`);
      this.dispatch({ type: 'runStarted', run: session.state() });
    } catch (error) {
      const failure = describeFailure(error);
      this.ports.log.warn(`Run ${runId} could not be resumed: ${failure.message}`);
      this.dispatch({ type: 'runFailed', request, message: failure.message, action: failure.action });
    } finally {
      this.resuming = false;
    }
  }

  /**
   * The file holding a check's whole output of its latest pass, or why there is none. `runId` and
   * `checkId` (from the view) are only looked up, in the run list and in the run's state.
   */
  async checkOutput(runId: string, checkId: string): Promise<CheckLogLookup> {
    const runsDir = this.ports.runs.runsDir;
    const known = runsDir === undefined ? undefined : (await this.ports.runs.list().catch((): string[] => [])).find((id) => id === runId);
    const state = known === undefined ? undefined : await this.ports.runs.state(known).catch(() => undefined);
    if (runsDir === undefined || known === undefined || !state) return { kind: 'missing', message: `Run ${runId} is no longer on disk.` };
    return findCheckLog(join(runsDir, known), state, checkId);
  }

  cancelRun(): void {
    this.session?.cancel('Cancelled from the Fanout view.');
  }

  cancelAgent(taskId: string): void {
    this.session?.cancelAgent(taskId);
  }

  retryAgent(taskId: string): void {
    const session = this.session;
    if (!session) return;
    if (session.retryAgent(taskId) === 'reviewed') {
      void this.ports.notifier.showWarning(
        'Fanout: files of this run were already accepted or discarded, so its agents cannot be retried. Start a new request instead.',
      );
      return;
    }
    this.fire();
  }

  /** Shows a past run (from its log) in the run view. */
  showRun(state: RunState): void {
    this.dispatch({ type: 'showRun', run: state }, false);
    if (this.session && !this.current.live) {
      // The ended run this window ran gave way: its engine and access go.
      this.session.dispose();
      this.session = undefined;
    }
    this.fire();
  }

  dispose(): void {
    this.dropPlanning();
    this.session?.dispose();
    this.session = undefined;
    this.changed.dispose();
    this.eventsEmitter.dispose();
    this.readOnlyEmitter.dispose();
  }

  private sessionDeps(): RunSessionDeps {
    return {
      runs: this.ports.runs,
      notifier: this.ports.notifier,
      setApiKey: () => this.ports.setApiKey(),
      onEvents: (events) => this.deliver(events),
      onChange: () => this.fire(),
      onSettled: (state) => this.settled(state),
    };
  }

  /** Why `runId` cannot be resumed now (beyond what stops any run), if it cannot. */
  private resumeRefusal(runId: string, run: RunState | undefined): { readonly message: string } | undefined {
    if (this.resuming) return { message: 'A run is already being resumed. Wait for it to start.' };
    if (!run) return { message: `Run ${runId} is no longer on disk.` };
    if (run.status === 'running')
      return { message: 'This run is still running in another VS Code window or a CLI process; it can only be resumed once that one stops.' };
    if (run.status !== 'interrupted') return { message: `This run has already ended (${run.status}); there is nothing to resume.` };
    return undefined;
  }

  private refusal(request: string): { readonly message: string; readonly action?: 'openFolder' | 'trust' } | undefined {
    if (request.trim() === '')
      return { message: 'The feature request is empty. Describe the change you want, for example "Add a --json flag to the list command".' };
    if (this.ports.workspaceRoot() === undefined) return { message: 'Open a folder first: agents work on the files of a workspace.', action: 'openFolder' };
    if (!this.ports.isTrusted()) return { message: 'This workspace is in Restricted Mode. Trust it to let agents read and stage changes.', action: 'trust' };
    if (this.running) return { message: 'A run is still going. Cancel it or wait for it to finish before starting another.' };
    return undefined;
  }

  private dropPlanning(): void {
    this.planning?.cancel();
    this.planning = undefined;
    this.preparing?.abort();
    this.preparing = undefined;
  }

  private deliver(events: readonly RunEvent[]): void {
    const runId = events[0]?.runId;
    if (runId === undefined) return;
    this.dispatch({ type: 'runEvents', events }, false);
    this.eventsEmitter.fire({ runId, events });
  }

  /** The run ended (again, after a retry): the view gets its final state. */
  private settled(state: RunState): void {
    this.dispatch({ type: 'runEnded', run: state });
    this.ports.log.info(`Run ${state.runId} ended: ${state.status}${state.message ? ` (${state.message})` : ''}.`);
    const readOnly = this.readOnlyRuns.get(state.runId);
    if (readOnly) this.readOnlyEmitter.fire({ ...readOnly, state });
  }

  /** Model warnings (an unknown model id, an effort a model cannot take): logged, and the first one shown. */
  private warnOnce(warnings: readonly string[]): void {
    for (const warning of warnings) this.ports.log.warn(warning);
    const first = warnings[0];
    if (first !== undefined) {
      const more = warnings.length > 1 ? ` (${warnings.length - 1} more in the Fanout log)` : '';
      void this.ports.notifier.showWarning(`Fanout: ${first}${more}`);
    }
  }

  private dispatch(action: FlowAction, notify = true): void {
    const next = flowReducer(this.current, action);
    if (next === this.current) return;
    this.current = next;
    if (notify) this.fire();
  }

  private fire(): void {
    this.changed.fire();
  }
}
