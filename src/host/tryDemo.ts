/**
 * "Fanout: Try the Demo": copies the sample project shipped inside the extension into a new folder
 * (one the user picks a place for, or the OS temp folder) and opens it. That folder is the demo
 * workspace: without an API key, a run there plays the built-in scenario on a local fake model.
 * The copy itself (naming, bounds, symlinks) is tryDemoCopy.ts.
 */
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import { copyDemo, createTempParent, DEMO_FOLDER_NAME, DEMO_SOURCE_SEGMENTS, DemoCopyError, type DemoCopy } from './tryDemoCopy';

type Where = 'folder' | 'temp';

interface WhereItem extends vscode.QuickPickItem {
  readonly where: Where;
}

const TITLE = 'Fanout: Try the Demo';

/** The labels the picker shows, in order. */
const TRY_DEMO_CHOICES = {
  folder: 'Copy into a new folder…',
  temp: 'Use a temporary folder',
} as const;

function whereItems(): WhereItem[] {
  return [
    {
      where: 'folder',
      label: `$(new-folder) ${TRY_DEMO_CHOICES.folder}`,
      detail: `Choose a parent folder: Fanout creates ${DEMO_FOLDER_NAME} in it (or ${DEMO_FOLDER_NAME}-2 … when taken) and opens it.`,
    },
    {
      where: 'temp',
      label: `$(clock) ${TRY_DEMO_CHOICES.temp}`,
      detail: `Creates it under ${tmpdir()}, which the system may clear.`,
    },
  ];
}

/** The parent folder the user chose, or undefined when they cancelled (or a problem was shown). */
async function chooseParent(where: Where): Promise<string | undefined> {
  if (where === 'temp') return createTempParent();
  const picked = await vscode.window.showOpenDialog({
    title: `${TITLE}: where should the ${DEMO_FOLDER_NAME} folder be created?`,
    openLabel: 'Create the Demo Here',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
  });
  const uri = picked?.[0];
  if (uri === undefined) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Fanout copies the demo to a folder on this machine's disk; ${uri.toString()} is not one. Choose a local folder.`);
    return undefined;
  }
  return uri.fsPath;
}

function copyWithProgress(source: string, parent: string): Thenable<DemoCopy> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Fanout: copying the demo project…', cancellable: true },
    async (_progress, token) => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        return await copyDemo(source, parent, { signal: abort.signal });
      } finally {
        subscription.dispose();
      }
    },
  );
}

async function tryDemo(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showQuickPick(whereItems(), {
    title: TITLE,
    placeHolder: 'Where should the sample project go? Without an API key, runs in it play the built-in demo.',
    ignoreFocusOut: true,
  });
  if (choice === undefined) return;
  const source = vscode.Uri.joinPath(extensionUri, ...DEMO_SOURCE_SEGMENTS);
  try {
    if (source.scheme !== 'file') {
      throw new DemoCopyError(
        'source-missing',
        `Fanout's demo project is not on a local disk (${source.toString()}); the demo needs a desktop or remote VS Code.`,
      );
    }
    const parent = await chooseParent(choice.where);
    if (parent === undefined) return;
    const copy = await copyWithProgress(source.fsPath, parent);
    log.info(`Demo project copied to ${copy.folder} (${copy.files} files, ${copy.bytes} bytes).`);
    if (copy.skipped.length > 0) log.warn(`Demo copy: left out what is not a plain file or folder: ${copy.skipped.join(', ')}`);
    // A window that already shows a folder keeps it; an empty one becomes the demo's.
    const forceNewWindow = (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(copy.folder), { forceNewWindow });
  } catch (error) {
    if (error instanceof DemoCopyError && error.problem === 'cancelled') return;
    const message = error instanceof Error ? error.message : String(error);
    log.error(`Try the Demo: ${message}`);
    void vscode.window.showErrorMessage(message);
  }
}

/** Registers "Fanout: Try the Demo"; the sample is read from `<extensionUri>/dist/demo-workspace`. */
export function registerTryDemo(extensionUri: vscode.Uri, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.tryDemo, () => tryDemo(extensionUri, log));
}
