import * as vscode from 'vscode';
import { validateApiKeyInput, type ApiKeyStore } from './apiKey';
import { CommandId, SIDEBAR_VIEW_ID } from './commandIds';
import type { FlowController } from './flow/flowController';
import { reviewRunFromFolder } from './runs/importRunCommand';
import { discardInterruptedRun, pickInterruptedRun, resumeInterruptedRun } from './runs/interruptedRuns';
import type { RunsService } from './runs/runsService';
import type { SidebarProvider } from './sidebarProvider';
import { registerTryDemo } from './tryDemo';
import { ensureWritableWorkspace } from './workspaceGate';
import { registerReadOnlyCommands } from './readOnly/readOnlyCommands';

export interface CommandContext {
  readonly apiKeys: ApiKeyStore;
  readonly sidebar: SidebarProvider;
  readonly log: vscode.LogOutputChannel;
  readonly runs: RunsService;
  readonly controller: FlowController;
  /** The installed extension's folder (the demo project ships in it). */
  readonly extensionUri: vscode.Uri;
}

async function distributeFeature(ctx: CommandContext): Promise<void> {
  // The view is useful even when a run cannot start here: it explains what is missing.
  await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
  if (!(await ensureWritableWorkspace('Distribute Feature'))) {
    return;
  }
  ctx.sidebar.focusComposer(selectionContext());
}

/** The active editor's selection as request context ("Selection from src/x.ts:10-20"), bounded. */
function selectionContext(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const text = editor.document.getText(editor.selection).slice(0, 8000);
  const path = vscode.workspace.asRelativePath(editor.document.uri, false);
  const { start, end } = editor.selection;
  return `Selection from ${path}:${start.line + 1}-${end.line + 1}:\n\`\`\`\n${text}\n\`\`\``;
}

async function setApiKey(ctx: CommandContext): Promise<void> {
  const key = await vscode.window.showInputBox({
    title: 'Fanout: Set API Key',
    prompt: 'Your Anthropic API key. It is kept in VS Code Secret Storage, never in settings or logs.',
    placeHolder: 'sk-ant-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: validateApiKeyInput,
  });
  if (key === undefined) {
    return;
  }
  await ctx.apiKeys.store(key);
  ctx.log.info('API key stored in Secret Storage.');
  void vscode.window.showInformationMessage('Fanout: API key saved in Secret Storage.');
}

async function clearApiKey(ctx: CommandContext): Promise<void> {
  await ctx.apiKeys.clear();
  ctx.log.info('API key removed from Secret Storage.');
  const fallback = process.env.ANTHROPIC_API_KEY ? ' ANTHROPIC_API_KEY from the environment is still used.' : '';
  void vscode.window.showInformationMessage(`Fanout: API key removed.${fallback}`);
}

/** "Fanout: Resume Interrupted Run": picks one of the interrupted runs and continues it in the Fanout view. */
async function resumeInterrupted(ctx: CommandContext): Promise<void> {
  const runId = await pickInterruptedRun(ctx.runs, 'Fanout: Resume Interrupted Run');
  if (runId !== undefined) await resumeInterruptedRun(ctx, runId);
}

/** "Fanout: Discard Interrupted Run": picks one of the interrupted runs and, once confirmed, ends it. */
async function discardInterrupted(ctx: CommandContext): Promise<void> {
  const runId = await pickInterruptedRun(ctx.runs, 'Fanout: Discard Interrupted Run');
  if (runId !== undefined) await discardInterruptedRun(ctx, runId);
}

/** Registers every command; each registration is a disposable returned to the caller. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.distributeFeature, () => distributeFeature(ctx)),
    ...registerReadOnlyCommands(ctx),
    vscode.commands.registerCommand(CommandId.setApiKey, () => setApiKey(ctx)),
    vscode.commands.registerCommand(CommandId.clearApiKey, () => clearApiKey(ctx)),
    vscode.commands.registerCommand(CommandId.showLog, () => ctx.log.show()),
    vscode.commands.registerCommand(CommandId.openInEditor, () => ctx.sidebar.openInEditor()),
    vscode.commands.registerCommand(CommandId.resumeInterruptedRun, () => resumeInterrupted(ctx)),
    vscode.commands.registerCommand(CommandId.reviewRunFromFolder, (folder?: unknown) => reviewRunFromFolder(ctx, folder)),
    vscode.commands.registerCommand(CommandId.discardInterruptedRun, () => discardInterrupted(ctx)),
    registerTryDemo(ctx.extensionUri, ctx.log),
  ];
}
