/**
 * The "Distribute Feature" flow of one window: turns what the user does and what planning and the
 * engine report into `flowReducer` actions, and keeps the sessions that do the work (one planning
 * attempt, one run). The sidebar renders `stage` and `run` and receives the run's events in batches.
 * Nothing here writes the workspace: runs stage into their run folder. No `vscode` import: the
 * window comes in through `FlowPorts`.
 *
 * This class coordinates and holds the state and the run session; the parts act through one
 * `FlowContext`: the planning attempt (`planningStart.ts`), the plan review's edits
 * (`reviewEdits.ts`), the approval that starts a run (`approveRun.ts`), read-only fan-outs
 * (`readOnlyStart.ts`) and resumes (`resumeStart.ts`).
 *
 * Checks: the review lists the project's check commands (detected with the proposal, editable). A
 * run gets them only in a trusted workspace, with checks enabled, and once the user approved that
 * exact list for the workspace; approving a plan whose list is not approved asks once (a modal),
 * also when the plan approved itself. A resumed run asks the same for the list its log planned.
 */
import { join } from 'node:path';
import type { RunEvent } from '../../core/run/events';
import type { PlanEdit, Route } from '../../core/plan/plan';
import type { RunState } from '../../core/run/runState';
import type { InstructionsSelection, ViewStage } from '../../protocol/messages';
import { findCheckLog, type CheckLogLookup } from '../checks/checkOutput';
import { ChecksGate } from '../checks/checksGate';
import { Emitter, type Disposable, type Event } from '../runs/emitter';
import { approveProposal } from './approveRun';
import type { FlowContext } from './flowContext';
import { flowReducer, initialFlowState, isRunning, shownRun, type FlowAction, type FlowState } from './flowState';
import { PlanningStarts } from './planningStart';
import type { FlowPorts } from './ports';
import { ReadOnlyStarts, type PrepareReadOnly, type ReadOnlySettled } from './readOnlyStart';
import { startRefusal, type Refusal } from './refusals';
import { ResumeStarts } from './resumeStart';
import { editChecks, editPlan, pickInstructions } from './reviewEdits';
import type { RunSession } from './runSession';

export type { PrepareReadOnly, ReadOnlySettled } from './readOnlyStart';

export interface RunEventBatch {
  readonly runId: string;
  readonly events: readonly RunEvent[];
}

export class FlowController implements Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires when the stage or the run shown changes (send a new snapshot). */
  readonly onDidChange: Event<void> = this.changed.event;
  /** A review or research run of this window ended: its report and findings are ready. */
  readonly onDidSettleReadOnly: Event<ReadOnlySettled>;
  private readonly eventsEmitter = new Emitter<RunEventBatch>();
  /** Batched run events of the current run (a few per second, text coalesced). */
  readonly onEvents: Event<RunEventBatch> = this.eventsEmitter.event;

  private current: FlowState = initialFlowState;
  private session: RunSession | undefined;
  /** Decides a run's checks and asks about a list not approved for the workspace. */
  private readonly checksGate: ChecksGate;
  /** What the parts of the flow act through. */
  private readonly context: FlowContext;
  private readonly plans: PlanningStarts;
  private readonly readOnly: ReadOnlyStarts;
  private readonly resumes: ResumeStarts;

  constructor(private readonly ports: FlowPorts) {
    this.checksGate = new ChecksGate(ports);
    this.context = {
      ports,
      checksGate: this.checksGate,
      state: () => this.current,
      dispatch: (action, notify) => this.dispatch(action, notify),
      fire: () => this.fire(),
      refusal: (request) => this.refusal(request),
      dropPlanning: () => this.dropPlanning(),
      takePlanningAccess: () => this.plans.takeAccess(),
      dropSession: () => {
        this.session?.dispose();
        this.session = undefined;
      },
      sessionDeps: () => ({
        runs: ports.runs,
        notifier: ports.notifier,
        setApiKey: () => ports.setApiKey(),
        onEvents: (events) => this.deliver(events),
        onChange: () => this.fire(),
        onSettled: (state) => this.settled(state),
      }),
      setSession: (session) => {
        this.session = session;
      },
    };
    this.plans = new PlanningStarts(this.context);
    this.readOnly = new ReadOnlyStarts(this.context);
    this.onDidSettleReadOnly = this.readOnly.onDidSettle;
    this.resumes = new ResumeStarts(this.context);
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

  /** Plans `request`; resolves once the review shows it, its run started (a plan that approves itself), or planning failed. */
  submit(request: string, pattern: string | undefined, route: Route | undefined): Promise<void> {
    return this.plans.submit(request, pattern, route);
  }

  /** Applies edits from plan review (or a lint fix) and re-lints. */
  edit(edits: readonly PlanEdit[]): void {
    editPlan(this.context, edits);
  }

  /** Replaces the review's check list for this run (an empty list: no checks); the workspace's approval is asked on approve. */
  editChecks(commands: readonly string[]): void {
    editChecks(this.context, commands);
  }

  /** The sections of cut instruction files the agents get instead of the default cut: the shared context is rebuilt and re-linted. */
  pickInstructions(selection: InstructionsSelection): Promise<void> {
    return pickInstructions(this.context, selection);
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
  approve(confirmedOverBudget: boolean): Promise<void> {
    return approveProposal(this.context, confirmedOverBudget);
  }

  /**
   * Runs a read-only fan-out (a review, a research) as the live run of this window, without a plan
   * review: `label` shows while `prepare` reads what it needs ("Review of the working tree"), then the
   * agents run side by side and a synthesis merges their findings (`onDidSettleReadOnly`). Nothing is
   * staged. Resolves once it runs, or was refused or failed (the view says why).
   */
  startReadOnly(label: string, prepare: PrepareReadOnly): Promise<void> {
    return this.readOnly.start(label, prepare);
  }

  /**
   * Continues an interrupted run as the live run of this window, on the model access a new run gets
   * (the key, else the demo on the sample project; none: the error stage asks for the key). Resolves
   * once it runs, or was refused.
   */
  resume(runId: string): Promise<void> {
    return this.resumes.resume(runId);
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
    this.readOnly.dispose();
  }

  private refusal(request: string): Refusal | undefined {
    return startRefusal(this.ports, this.running, request);
  }

  private dropPlanning(): void {
    this.plans.cancel();
    this.readOnly.abortPreparing();
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
    this.readOnly.settled(state);
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
