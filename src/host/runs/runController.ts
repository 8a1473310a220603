/**
 * The "Distribute Feature" flow of one window: request -> plan proposal -> review/approve -> run.
 * Holds the sidebar's stage and the current run; the sidebar renders `snapshot()` and receives the
 * run's events in batches. Nothing here writes the workspace: runs stage into their run folder.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { newRunId, startRun } from '../../core/engine';
import type { RunHandle } from '../../core/engineTypes';
import { EventBatcher } from '../../core/eventBatch';
import type { RunEvent } from '../../core/events';
import type { Route } from '../../core/plan';
import { applyPlanEdits } from '../../core/planning/planEdits';
import { lintPlan } from '../../core/planning/lint/lintPlan';
import { proposePlan, type ProposedRun } from '../../core/planning/propose';
import type { PlanEdit } from '../../core/plan';
import type { RunState } from '../../core/runState';
import type { PlanReview, ViewStage } from '../../protocol/messages';
import type { ApiKeyStore } from '../apiKey';
import { readSettings, type FanoutSettings } from '../settings';
import { describeFailure, isAuthFailure } from './failures';
import { loadRunState } from './history';
import { openModelAccess, type ModelAccess } from './modelAccess';

export interface RunControllerOptions {
  readonly apiKeys: ApiKeyStore;
  readonly log: vscode.LogOutputChannel;
  readonly workspaceRoot: () => string | undefined;
  readonly runsDir: () => string | undefined;
  /** Keeps a running run out of the review until it settles (its log is still being written). */
  readonly holdReview: (runId: string) => vscode.Disposable;
  /** Rebuilds the review from the runs folder (after a run settles). */
  readonly reloadReview: () => void;
}

interface Pending {
  readonly request: string;
  readonly pattern: string | undefined;
  readonly proposal: ProposedRun;
  readonly access: ModelAccess;
  readonly settings: FanoutSettings;
}

export class RunController implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the stage or the run shown changes (send a new snapshot). */
  readonly onDidChange = this.changed.event;
  private readonly eventsEmitter = new vscode.EventEmitter<{ runId: string; events: readonly RunEvent[] }>();
  /** Batched run events of the current run (a few per second, text coalesced). */
  readonly onEvents = this.eventsEmitter.event;
  private readonly endedEmitter = new vscode.EventEmitter<RunState>();
  /** Fires when a run ends (again, after a retry), with its final state: its log on disk is complete. */
  readonly onDidEndRun = this.endedEmitter.event;

  private stageValue: ViewStage = { kind: 'compose', draft: '' };
  private pending: Pending | undefined;
  private planning: AbortController | undefined;
  private handle: RunHandle | undefined;
  private access: ModelAccess | undefined;
  private shownRun: RunState | undefined;
  private readonly batcher: EventBatcher;

  constructor(private readonly options: RunControllerOptions) {
    this.batcher = new EventBatcher({
      deliver: (events) => {
        const runId = events[0]?.runId;
        if (runId) this.eventsEmitter.fire({ runId, events });
      },
    });
  }

  get stage(): ViewStage {
    return this.stageValue;
  }

  /** The run the view shows: the live one, or a reopened past run. */
  get run(): RunState | undefined {
    return this.handle?.state() ?? this.shownRun;
  }

  get running(): boolean {
    const status = this.handle?.state().status;
    return status === 'running';
  }

  /** Keeps the composer's draft (and its context, unless a new one is given). */
  setDraft(draft: string, context?: string): void {
    if (this.stageValue.kind !== 'compose') return;
    const kept = context ?? this.stageValue.context;
    this.stageValue = { kind: 'compose', draft, ...(kept !== undefined ? { context: kept } : {}) };
  }

  /** Shows the composer (not while a run is going), keeping the draft; `context` replaces the request context. */
  openComposer(context?: string): void {
    if (this.running) return;
    if (this.stageValue.kind === 'compose') this.setDraft(this.stageValue.draft, context);
    else this.compose(undefined, context);
  }

  /** Back to the composer (keeps the request as the draft). */
  compose(draft?: string, context?: string): void {
    this.planning?.abort();
    const previous = this.stageValue.kind === 'compose' ? this.stageValue.draft : 'request' in this.stageValue ? this.stageValue.request : '';
    this.stageValue = { kind: 'compose', draft: draft ?? previous, ...(context !== undefined ? { context } : {}) };
    this.fire();
  }

  async submit(request: string, pattern: string | undefined, route: Route | undefined): Promise<void> {
    const root = this.options.workspaceRoot();
    if (request.trim() === '') {
      this.fail(request, 'The feature request is empty. Describe the change you want, for example "Add a --json flag to the list command".');
      return;
    }
    if (!root) {
      this.fail(request, 'Open a folder first: agents work on the files of a workspace.', 'openFolder');
      return;
    }
    if (!vscode.workspace.isTrusted) {
      this.fail(request, 'This workspace is in Restricted Mode. Trust it to let agents read and stage changes.', 'trust');
      return;
    }
    if (this.running) {
      this.fail(request, 'A run is still going. Cancel it or wait for it to finish before starting another.');
      return;
    }
    const settings = readSettings();
    for (const problem of settings.problems) this.options.log.warn(problem);
    const context = this.stageValue.kind === 'compose' ? this.stageValue.context : undefined;
    const fullRequest = context ? `${request.trim()}\n\n${context}` : request.trim();
    this.planning?.abort();
    const controller = new AbortController();
    this.planning = controller;
    this.stageValue = { kind: 'planning', request: request.trim(), step: route ? 'planning' : 'routing' };
    this.fire();
    const access = await openModelAccess(this.options.apiKeys, settings.apiBaseUrl, root);
    if ('kind' in access) {
      this.fail(request, access.message, 'setApiKey');
      return;
    }
    try {
      const proposed = await proposePlan({
        client: access.client,
        models: settings.models,
        request: fullRequest,
        workspaceRoot: root,
        ...(pattern ? { patternName: pattern } : {}),
        ...(route ? { routeOverride: route } : {}),
        lintOptions: { workspaceRoot: root, maxConcurrency: settings.maxConcurrency, budgets: settings.budgets, prices: settings.prices, models: settings.models },
        modelTable: settings.modelTable,
        effort: { router: settings.effort.router, planner: settings.effort.planner },
        signal: controller.signal,
        onProgress: (p) => {
          if (this.planning === controller && (p.stage === 'planning' || p.stage === 'repairing')) {
            this.stageValue = { kind: 'planning', request: request.trim(), step: 'planning' };
            this.fire();
          }
        },
      });
      if (this.planning !== controller) {
        await access.close();
        return;
      }
      // The demo spends nothing (a local fake model), so its unknown estimate needs no approval.
      const proposal = access.demo ? { ...proposed, needsApproval: false } : proposed;
      this.warnOnce(proposal.warnings);
      this.pending = { request: request.trim(), pattern, proposal, access, settings };
      const hasErrors = proposal.findings.some((f) => f.severity === 'error');
      if (settings.autoApprove && !hasErrors && !proposal.needsApproval) {
        await this.approve(false);
        return;
      }
      this.stageValue = { kind: 'review', review: this.review(proposal, settings) };
      this.fire();
    } catch (error) {
      await access.close();
      if (this.planning !== controller) return;
      const failure = describeFailure(error);
      this.options.log.error(`Planning failed: ${failure.message}`);
      this.fail(request, failure.message, failure.action);
    }
  }

  /** Applies edits from plan review (or a lint fix) and re-lints. */
  edit(edits: readonly PlanEdit[]): void {
    const pending = this.pending;
    if (!pending || this.stageValue.kind !== 'review') return;
    const root = this.options.workspaceRoot() ?? '';
    try {
      const plan = applyPlanEdits(pending.proposal.plan, edits);
      const { settings } = pending;
      const findings = lintPlan(plan, { workspaceRoot: root, maxConcurrency: settings.maxConcurrency, budgets: settings.budgets, prices: settings.prices, models: settings.models });
      const proposal: ProposedRun = { ...pending.proposal, plan: { ...plan, lint: findings }, findings };
      this.pending = { ...pending, proposal };
      this.stageValue = { kind: 'review', review: this.review(proposal, settings) };
    } catch (error) {
      void vscode.window.showWarningMessage(`Fanout: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.fire();
  }

  applyFix(index: number): void {
    const fix = this.pending?.proposal.findings[index]?.fix;
    if (fix) this.edit(fix.edits);
  }

  async approve(confirmedOverBudget: boolean): Promise<void> {
    const pending = this.pending;
    const runsDir = this.options.runsDir();
    const root = this.options.workspaceRoot();
    if (!pending || !runsDir || !root) return;
    if (pending.proposal.findings.some((f) => f.severity === 'error')) {
      void vscode.window.showErrorMessage('Fanout: the plan still has errors. Fix them (or apply the suggested fixes) before running it.');
      return;
    }
    if (pending.proposal.needsApproval && !confirmedOverBudget) {
      void vscode.window.showWarningMessage('Fanout: the cost estimate is above the budget or unknown. Confirm it in the plan review to run anyway.');
      return;
    }
    this.pending = undefined;
    await this.access?.close();
    this.access = pending.access;
    const { settings, proposal } = pending;
    const runId = newRunId();
    const hold = this.options.holdReview(runId);
    try {
      const handle = startRun({
        plan: proposal.plan,
        workspaceRoot: root,
        client: pending.access.client,
        models: settings.models,
        maxConcurrency: settings.maxConcurrency,
        budgets: settings.budgets,
        prices: settings.prices,
        retry: settings.retry,
        modelTable: settings.modelTable,
        effort: { agent: settings.effort.agent, validator: settings.effort.validator },
        ...(settings.fallbackModel !== '' ? { fallbackModel: settings.fallbackModel } : {}),
        sharedContext: proposal.sharedContext,
        demo: pending.access.demo,
        runId,
        runDir: join(runsDir, runId),
        onEvent: (event) => {
          this.batcher.push(event);
          if (event.kind === 'agent.finished' && isAuthFailure(event.message)) this.stopForAuth(event.message ?? '');
          if (event.kind === 'run.finished' || event.kind === 'agent.finished') this.fire();
        },
      });
      this.handle = handle;
      this.shownRun = undefined;
      this.stageValue = { kind: 'run', runId: handle.runId };
      this.fire();
      const state = await handle.done;
      this.batcher.flush();
      hold.dispose();
      this.options.reloadReview();
      this.endedEmitter.fire(state);
      this.options.log.info(`Run ${handle.runId} ended: ${state.status}${state.message ? ` (${state.message})` : ''}.`);
    } catch (error) {
      hold.dispose();
      const failure = describeFailure(error);
      this.fail(pending.request, failure.message, failure.action);
    }
  }

  cancelRun(): void {
    this.handle?.cancel('Cancelled from the Fanout view.');
  }

  cancelAgent(taskId: string): void {
    this.handle?.cancelAgent(taskId);
  }

  async retryAgent(taskId: string): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    // Review actions continue the run's log; once there are any, the engine cannot append after them.
    const runsDir = this.options.runsDir();
    const onDisk = runsDir ? await loadRunState(runsDir, handle.runId) : undefined;
    if (onDisk && onDisk.lastSeq > handle.state().lastSeq) {
      void vscode.window.showWarningMessage('Fanout: files of this run were already accepted or discarded, so its agents cannot be retried. Start a new request instead.');
      return;
    }
    const hold = this.options.holdReview(handle.runId);
    handle.retryAgent(taskId);
    this.fire();
    void handle.settled().then((settled) => {
      this.batcher.flush();
      hold.dispose();
      this.options.reloadReview();
      this.endedEmitter.fire(settled);
      this.fire();
    });
  }

  /** Shows a past run (from its log) in the run view. */
  showRun(state: RunState): void {
    if (this.handle?.runId === state.runId) {
      this.stageValue = { kind: 'run', runId: state.runId };
    } else {
      this.shownRun = state;
      if (this.handle && !this.running) this.handle = undefined;
      this.stageValue = { kind: 'run', runId: state.runId };
    }
    this.fire();
  }

  private stopForAuth(message: string): void {
    this.handle?.cancel(message);
    const setKey = 'Set API Key';
    void vscode.window.showErrorMessage(`Fanout stopped the run: ${message}`, setKey).then((choice) => {
      if (choice === setKey) void vscode.commands.executeCommand('fanout.setApiKey');
    });
  }

  private review(proposal: ProposedRun, settings: FanoutSettings): PlanReview {
    const models = [...new Set([settings.models.agent, settings.models.validator, settings.models.planner, settings.models.router, ...proposal.plan.tasks.flatMap((t) => (t.model ? [t.model] : []))])];
    return { route: proposal.route, plan: proposal.plan, findings: proposal.findings, estimate: proposal.estimate, needsApproval: proposal.needsApproval, models };
  }

  private fail(request: string, message: string, action?: 'setApiKey' | 'openFolder' | 'trust'): void {
    this.planning = undefined;
    this.stageValue = { kind: 'error', request, message, ...(action ? { action } : {}) };
    this.fire();
  }

  private fire(): void {
    this.changed.fire();
  }

  /** Model warnings (an unknown model id, an effort a model cannot take): logged, and the first one shown. */
  private warnOnce(warnings: readonly string[]): void {
    for (const warning of warnings) this.options.log.warn(warning);
    const first = warnings[0];
    if (first !== undefined) {
      const more = warnings.length > 1 ? ` (${warnings.length - 1} more in the Fanout log)` : '';
      void vscode.window.showWarningMessage(`Fanout: ${first}${more}`);
    }
  }

  dispose(): void {
    this.planning?.abort();
    this.handle?.cancel('The window is closing.');
    this.batcher.dispose();
    void this.access?.close();
    void this.pending?.access.close();
    this.changed.dispose();
    this.eventsEmitter.dispose();
    this.endedEmitter.dispose();
  }
}
