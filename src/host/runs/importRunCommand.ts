/**
 * "Fanout: Review Run from Folder…": a run made elsewhere (`fanout run --out DIR` on a CI runner,
 * its folder downloaded as an artifact) joins this window's review. The folder is picked (or given
 * as the command's argument, a path or a URI), imported into the runs folder (`importRunFolder`:
 * only its log and blobs, checked), and its staged files appear in Source Control, where they are
 * accepted with the same conflict-safe apply as any run's. The workspace is written only on accept.
 */
import * as vscode from 'vscode';
import { RunImportError } from '../../core/store/importRun';
import type { RunsService } from './runsService';

export interface ImportRunContext {
  readonly runs: RunsService;
  readonly log: vscode.LogOutputChannel;
}

function folderOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim() !== '') return arg;
  if (arg instanceof vscode.Uri && arg.scheme === 'file') return arg.fsPath;
  return undefined;
}

/** Resolves with the imported run's id, or undefined when nothing was imported. */
export async function reviewRunFromFolder(ctx: ImportRunContext, arg?: unknown): Promise<string | undefined> {
  if (ctx.runs.runsDir === undefined) {
    void vscode.window.showErrorMessage('Fanout: open the project the run was made for first; its changes are reviewed against that folder.');
    return undefined;
  }
  let folder = folderOf(arg);
  if (folder === undefined) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Fanout: Review Run from Folder',
      openLabel: 'Review This Run',
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
    });
    folder = picked?.[0]?.fsPath;
  }
  if (folder === undefined) return undefined;
  try {
    const imported = await ctx.runs.importRun(folder);
    const request = imported.state.plan?.request ?? imported.runId;
    ctx.log.info(`Imported run ${imported.runId} from ${folder}: ${imported.pendingFiles} file(s) to review.`);
    await vscode.commands.executeCommand('workbench.view.scm');
    const files = `${imported.pendingFiles} file${imported.pendingFiles === 1 ? '' : 's'}`;
    void vscode.window.showInformationMessage(
      imported.pendingFiles > 0
        ? `Fanout: "${request}" is in Source Control with ${files} to review.`
        : `Fanout: "${request}" was imported; it has no staged files to review.`,
    );
    return imported.runId;
  } catch (error) {
    if (error instanceof RunImportError && error.existingRunId !== undefined) {
      await vscode.commands.executeCommand('workbench.view.scm');
      void vscode.window.showInformationMessage(`Fanout: ${error.message} Its changes are in Source Control.`);
      return error.existingRunId;
    }
    const message = error instanceof Error ? error.message : String(error);
    ctx.log.warn(`Importing ${folder} failed: ${message}`);
    void vscode.window.showErrorMessage(`Fanout: ${message}`);
    return undefined;
  }
}
