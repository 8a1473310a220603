import * as vscode from 'vscode';
import type { WorkspaceStatus } from '../protocol/messages';

/** What Fanout can do in the current window: no folder, an untrusted folder, or a ready one. */
export function currentWorkspaceStatus(): WorkspaceStatus {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    return { kind: 'none' };
  }
  const name = vscode.workspace.name ?? folder.name;
  return vscode.workspace.isTrusted ? { kind: 'ready', name } : { kind: 'untrusted', name };
}
