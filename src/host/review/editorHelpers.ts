/** Small editor helpers for review: workspace URIs of staged paths, conflict documents, diff tabs. */
import * as vscode from 'vscode';
import { openDocument } from './currentFile';
import { fromStagedUri } from './stagedUri';

/** The workspace URI of a workspace-relative, `/`-separated path. */
export function workspaceUri(root: vscode.Uri, path: string): vscode.Uri {
  return vscode.Uri.joinPath(root, ...path.split('/'));
}

/**
 * Shows the user's file and, beside it, an untitled document holding the merge with conflict
 * markers (in the file's language, so VS Code's conflict actions and highlighting apply).
 */
export async function openConflictDocument(uri: vscode.Uri, mergedText: string): Promise<vscode.TextDocument> {
  const yours = openDocument(uri) ?? (await vscode.workspace.openTextDocument(uri));
  await vscode.window.showTextDocument(yours, { preview: false, viewColumn: vscode.ViewColumn.One });
  const conflict = await vscode.workspace.openTextDocument({ content: mergedText, language: yours.languageId });
  await vscode.window.showTextDocument(conflict, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return conflict;
}

/** Closes diff and text tabs that show the staged content of these files (they were reviewed). */
export async function closeStagedTabs(files: readonly { readonly runId: string; readonly taskId: string; readonly path: string }[]): Promise<void> {
  const keys = new Set(files.map((f) => `${f.runId}\0${f.taskId}\0${f.path}`));
  const shows = (uri: vscode.Uri | undefined) => {
    const parsed = uri ? fromStagedUri(uri) : undefined;
    return parsed !== undefined && keys.has(`${parsed.ref.runId}\0${parsed.ref.taskId}\0${parsed.ref.path}`);
  };
  const tabs = vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff) return shows(input.modified) || shows(input.original);
      return input instanceof vscode.TabInputText && shows(input.uri);
    });
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
}
