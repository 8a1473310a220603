/**
 * The "Distribute Feature" flow wired to the window: `FlowController` (src/host/flow/) with its
 * ports made of VS Code's notifications, log, workspace, settings, Secret Storage and commands, the
 * project's check commands (detected in the workspace) and their approval (the workspace state).
 */
import * as vscode from 'vscode';
import { detectChecks } from '../../core/checks/detectChecks';
import { proposePlan } from '../../core/planning/propose';
import type { ApiKeyStore } from '../apiKey';
import { MemoryMemento, WorkspaceCheckApproval, type ApprovalMemento } from '../checks/checkApproval';
import { CommandId } from '../commandIds';
import { FlowController } from '../flow/flowController';
import type { FlowNotifier } from '../flow/ports';
import { readSettings } from '../settings';
import { openModelAccess } from './modelAccess';
import type { RunsService } from './runsService';

export interface RunControllerOptions {
  readonly apiKeys: ApiKeyStore;
  readonly log: vscode.LogOutputChannel;
  readonly runs: RunsService;
  readonly workspaceRoot: () => string | undefined;
  /**
   * Where approved check lists are remembered (`context.workspaceState`); absent: for as long as the
   * window lives.
   */
  readonly workspaceState?: ApprovalMemento;
}

/** VS Code's notifications as the flow's notifier. */
export const vscodeNotifier: FlowNotifier = {
  showInfo: async (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  showWarning: async (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  showError: async (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
  showModalWarning: async (message, detail, ...actions) => vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions),
};

export class RunController extends FlowController implements vscode.Disposable {
  constructor(options: RunControllerOptions) {
    super({
      notifier: vscodeNotifier,
      log: options.log,
      runs: options.runs,
      workspaceRoot: options.workspaceRoot,
      isTrusted: () => vscode.workspace.isTrusted,
      readSettings,
      openModelAccess: (root, settings) => openModelAccess(options.apiKeys, settings.apiBaseUrl, root),
      propose: proposePlan,
      detectChecks: (root, setting, signal) => detectChecks(root, { setting, signal }),
      checkApproval: new WorkspaceCheckApproval(options.workspaceState ?? new MemoryMemento()),
      setApiKey: () => void vscode.commands.executeCommand(CommandId.setApiKey),
    });
  }

  /** Opens a check's whole output of its latest pass (from the run folder) in a read-only editor. */
  async showCheckOutput(runId: string, checkId: string): Promise<void> {
    const found = await this.checkOutput(runId, checkId);
    if (found.kind === 'missing') {
      void vscode.window.showWarningMessage(`Fanout: ${found.message}`);
      return;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(found.path));
    await vscode.window.showTextDocument(document, { preview: true });
    // The log is the run's record: the editor shows it read-only.
    await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession').then(undefined, () => undefined);
  }
}
