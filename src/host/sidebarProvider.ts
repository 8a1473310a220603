import * as vscode from 'vscode';
import { loadPatterns, patternSummary } from '../core/planning/patterns/loadPatterns';
import type { HostToWebview, PatternChoice, RunSummary, SidebarSnapshot } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import type { ApiKeyStore } from './apiKey';
import { CommandId } from './commandIds';
import { discardInterruptedRun, resumeInterruptedRun } from './runs/interruptedRuns';
import { isDemoWorkspace } from './runs/modelAccess';
import type { RunController } from './runs/runController';
import type { RunsService } from './runs/runsService';
import type { ReadOnlyResults } from './readOnly/readOnlyResults';
import { WebviewHost } from './webviewHost';
import { currentWorkspaceStatus } from './workspaceStatus';
import { DEMO_REQUEST } from '../demo/scenario';
import { definedFields } from '../core/definedFields';

export interface SidebarDeps {
  readonly extensionUri: vscode.Uri;
  readonly apiKeys: ApiKeyStore;
  readonly controller: RunController;
  readonly log: vscode.LogOutputChannel;
  readonly runs: RunsService;
  readonly workspaceRoot: () => string | undefined;
  /** Reports of the review and research runs. */
  readonly readOnly: ReadOnlyResults;
}

/** The webview type of the run in an editor tab. */
export const EDITOR_PANEL_TYPE = 'fanout.editor';

/** The Fanout sidebar (and the same view in an editor tab): snapshots of the flow's stage plus the current run's events in batches. */
export class SidebarProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private host: WebviewHost | undefined;
  /** The same view in an editor tab ("Fanout: Open in Editor"), while it is open. */
  private panel: vscode.WebviewPanel | undefined;
  private panelHost: WebviewHost | undefined;
  private seq = 0;
  private demoMode = true;
  private patterns: readonly PatternChoice[] = [];
  private history: readonly RunSummary[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: SidebarDeps) {
    this.disposables.push(
      deps.apiKeys.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      deps.controller.onDidChange(() => this.postSnapshot()),
      deps.controller.onEvents(({ runId, events }) => this.post({ type: 'events', runId, events })),
      deps.runs.onDidChange((change) => {
        // A finished run joins the history; a resumed one leaves "interrupted"; review decisions change its counts.
        if (change.kind === 'ended') void this.refresh();
        else if (change.kind === 'started') void this.refreshHistory();
        else if (change.kind === 'appended' || change.kind === 'cleaned') void this.refreshHistory();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.host?.dispose();
    const host = this.createHost(view.webview);
    this.host = host;
    void this.refresh();
    const viewDisposables = [
      host,
      view.onDidDispose(() => {
        if (this.host === host) this.host = undefined;
        for (const d of viewDisposables) d.dispose();
      }),
    ];
  }

  /**
   * "Fanout: Open in Editor": the same view in an editor tab, laid out for width (agents in a grid,
   * the timeline and the file map side by side), for fan-outs too large for the sidebar. One tab; a
   * second call reveals it. It shows and drives the same flow as the sidebar.
   */
  openInEditor(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(EDITOR_PANEL_TYPE, 'Fanout', vscode.ViewColumn.Active, { retainContextWhenHidden: false });
    panel.iconPath = vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'fanout.svg');
    const host = this.createHost(panel.webview);
    this.panel = panel;
    this.panelHost = host;
    void this.refresh();
    const panelDisposables = [
      host,
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.panelHost = undefined;
        }
        for (const d of panelDisposables) d.dispose();
      }),
    ];
  }

  /** The editor tab's view, while it is open. */
  get editorPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  private createHost(webview: vscode.Webview): WebviewHost {
    const c = this.deps.controller;
    return new WebviewHost(webview, {
      extensionUri: this.deps.extensionUri,
      title: 'Fanout',
      log: this.deps.log,
      onReady: () => [{ type: 'snapshot', snapshot: this.snapshot() }],
      handlers: {
        distribute: () => vscode.commands.executeCommand(CommandId.distributeFeature),
        setApiKey: () => vscode.commands.executeCommand(CommandId.setApiKey),
        openSettings: () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:fanout.fanout'),
        submitRequest: (m) => c.submit(m.request, m.pattern, m.route),
        saveDraft: (m) => c.setDraft(m.draft),
        editPlan: (m) => c.edit(m.edits.map((e) => (e.kind === 'setModel' ? { kind: 'setModel', taskId: e.taskId, model: e.model } : e))),
        applyFix: (m) => c.applyFix(m.index),
        approvePlan: (m) => c.approve(m.confirmedOverBudget),
        editChecks: (m) => c.editChecks(m.commands),
        showCheckOutput: (m) => c.showCheckOutput(m.runId, m.checkId),
        pickInstructions: (m) => c.pickInstructions(m.selection),
        backToCompose: () => c.compose(),
        cancelRun: () => c.cancelRun(),
        cancelAgent: (m) => c.cancelAgent(m.taskId),
        retryAgent: (m) => c.retryAgent(m.taskId),
        reviewAgent: (m) => this.review(m.taskId),
        acceptAgent: (m) => this.reviewCommand(CommandId.reviewAcceptAgent, m.taskId),
        discardAgent: (m) => this.reviewCommand(CommandId.reviewDiscardAgent, m.taskId),
        openRun: (m) => this.openRun(m.runId),
        resumeRun: (m) => resumeInterruptedRun(this.deps, m.runId),
        discardRun: (m) => discardInterruptedRun(this.deps, m.runId),
        newRequest: () => this.newRequest(),
        openSourceControl: () => vscode.commands.executeCommand('workbench.view.scm'),
        openReport: (m) => this.deps.readOnly.openReport(m.runId),
        distributeReview: () => vscode.commands.executeCommand(CommandId.distributeReview),
        distributeResearch: () => vscode.commands.executeCommand(CommandId.distributeResearch),
        tryDemo: () => vscode.commands.executeCommand(CommandId.tryDemo),
      },
    });
  }

  /** Puts the cursor in the request composer, with an editor selection as context when there is one. */
  focusComposer(context?: string): void {
    this.deps.controller.openComposer(context);
    this.postSnapshot();
    this.host?.post({ type: 'focusComposer', seq: ++this.seq, ...definedFields({ context }) });
  }

  /** Re-reads what the snapshot shows from disk (key, patterns, history) and sends it. */
  async refresh(): Promise<void> {
    const root = this.deps.workspaceRoot();
    this.demoMode = (await this.deps.apiKeys.resolve()) === undefined;
    if (this.demoMode && root && this.deps.controller.stage.kind === 'compose' && this.deps.controller.stage.draft === '' && (await isDemoWorkspace(root))) {
      this.deps.controller.setDraft(DEMO_REQUEST);
    }
    if (root) {
      const { patterns, problems } = await loadPatterns(root).catch(() => ({ patterns: [], problems: [] }));
      for (const p of problems) this.deps.log.warn(`Pattern ${p.path}: ${p.message}`);
      this.patterns = patterns.map(patternSummary);
    }
    await this.refreshHistory();
  }

  private async refreshHistory(): Promise<void> {
    this.history = await this.deps.runs.history();
    this.postSnapshot();
  }

  private snapshot(): SidebarSnapshot {
    const run = this.deps.controller.run;
    return {
      protocol: PROTOCOL_VERSION,
      seq: ++this.seq,
      workspace: currentWorkspaceStatus(),
      demoMode: this.demoMode,
      patterns: this.patterns,
      stage: this.deps.controller.stage,
      ...(run ? { run } : {}),
      history: this.history,
    };
  }

  private postSnapshot(): void {
    this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  private async openRun(runId: string): Promise<void> {
    const state = await this.deps.runs.state(runId).catch(() => undefined);
    if (!state) {
      void vscode.window.showWarningMessage(`Fanout: run ${runId} is no longer on disk.`);
      return;
    }
    this.deps.controller.showRun(state);
  }

  private newRequest(): void {
    this.deps.controller.compose('');
    void this.refresh();
    this.host?.post({ type: 'focusComposer', seq: ++this.seq });
  }

  private review(taskId: string): Thenable<void> {
    return this.reviewCommand(CommandId.reviewOpenAgentChanges, taskId).then(() => vscode.commands.executeCommand('workbench.view.scm'));
  }

  private reviewCommand(command: string, taskId: string): Thenable<void> {
    const runId = this.deps.controller.run?.runId;
    return runId ? vscode.commands.executeCommand(command, { runId, taskId }) : Promise.resolve();
  }

  private post(message: HostToWebview): void {
    this.host?.post(message);
    this.panelHost?.post(message);
  }

  dispose(): void {
    this.host?.dispose();
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
