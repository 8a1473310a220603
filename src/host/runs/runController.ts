/**
 * The "Distribute Feature" flow wired to the window: `FlowController` (src/host/flow/) with its
 * ports made of VS Code's notifications, log, workspace, settings, Secret Storage and commands.
 */
import * as vscode from 'vscode';
import { proposePlan } from '../../core/planning/propose';
import type { ApiKeyStore } from '../apiKey';
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
}

/** VS Code's notifications as the flow's notifier. */
export const vscodeNotifier: FlowNotifier = {
  showInfo: async (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
  showWarning: async (message, ...actions) => vscode.window.showWarningMessage(message, ...actions),
  showError: async (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
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
      setApiKey: () => void vscode.commands.executeCommand(CommandId.setApiKey),
    });
  }
}
