/** Whether a Fanout run can work in this window: a folder is open and trusted; otherwise says why and offers the next step. */
import * as vscode from 'vscode';
import { currentWorkspaceStatus } from './workspaceStatus';

/** Checks that a run could write here; otherwise says why and offers the next step. */
export async function ensureWritableWorkspace(command: string): Promise<boolean> {
  const status = currentWorkspaceStatus();
  if (status.kind === 'none') {
    const open = 'Open Folder…';
    const choice = await vscode.window.showErrorMessage(`Fanout needs a folder: open the project to work on, then run "Fanout: ${command}" again.`, open);
    if (choice === open) {
      await vscode.commands.executeCommand('workbench.action.files.openFolder');
    }
    return false;
  }
  if (status.kind === 'untrusted') {
    const manage = 'Manage Workspace Trust';
    const choice = await vscode.window.showWarningMessage(
      `Fanout agents read and stage files, so they run only in a trusted workspace. Trust "${status.name}" to continue.`,
      manage,
    );
    if (choice === manage) {
      await vscode.commands.executeCommand('workbench.trust.manage');
    }
    return false;
  }
  return true;
}
