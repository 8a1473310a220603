import * as vscode from 'vscode';
import { RunStore } from './core/store/runStore';
import { ApiKeyStore } from './host/apiKey';
import { registerCommands } from './host/commands';
import { SIDEBAR_VIEW_ID } from './host/commandIds';
import { activateReview, type ReviewApi } from './host/review/review';
import { ReadOnlyResults } from './host/readOnly/readOnlyResults';
import { RunController } from './host/runs/runController';
import { runsDirFor } from './host/runs/runRepository';
import { INTERRUPT_WAIT_MS, RunsService } from './host/runs/runsService';
import { SidebarProvider } from './host/sidebarProvider';
import { RunStatusBar } from './host/statusBar';

/** What `activate` returns: a small surface for tests and other extensions. */
export interface FanoutApi {
  /** Milliseconds spent inside `activate`. */
  readonly activationMs: number;
  /** Review of staged changes (runs folder, reload from disk, the SCM groups as shown). */
  readonly review: ReviewApi;
  /** The Distribute Feature flow of this window (stage, current run). */
  readonly flow: RunController;
  /** The runs of this window: the runs folder and the runs its engine is running. */
  readonly runs: RunsService;
  /** Reports and Problems of the review and research runs of this window. */
  readonly readOnly: ReadOnlyResults;
}

/** The runs of the activated window, interrupted (not cancelled) when it closes. */
let windowRuns: RunsService | undefined;

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

export function activate(context: vscode.ExtensionContext): FanoutApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Fanout', { log: true });
  context.subscriptions.push(log);

  const apiKeys = new ApiKeyStore(context.secrets);
  context.subscriptions.push(apiKeys);

  // Runs live in `<context.storageUri>/runs/<runId>/`; `$FANOUT_RUNS_DIR` replaces that folder (for
  // tests and tools that stage runs from outside the window).
  const runsDir = runsDirFor(process.env, context.storageUri?.scheme === 'file' ? context.storageUri.fsPath : undefined);
  const runs = new RunsService({
    store: runsDir === undefined ? undefined : new RunStore(runsDir),
    workspaceRoot: workspaceRoot(),
    appRoot: vscode.env.appRoot,
  });
  context.subscriptions.push(runs);
  windowRuns = runs;

  const review = activateReview(context, log, runs);
  const controller = new RunController({ apiKeys, log, runs, workspaceRoot });
  const readOnly = new ReadOnlyResults(controller, runs, workspaceRoot, log);
  const sidebar = new SidebarProvider({ extensionUri: context.extensionUri, apiKeys, controller, log, runs, workspaceRoot, readOnly });
  context.subscriptions.push(
    controller,
    readOnly,
    sidebar,
    new RunStatusBar(controller),
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar, { webviewOptions: { retainContextWhenHidden: false } }),
    ...registerCommands({ apiKeys, sidebar, log, runs, controller, extensionUri: context.extensionUri }),
  );

  const activationMs = performance.now() - started;
  log.info(`Fanout activated in ${activationMs.toFixed(1)} ms.`);
  return { activationMs, review, flow: controller, runs, readOnly };
}

/**
 * The window closes or reloads: live runs are interrupted, not cancelled (agents stop, each log
 * closes without `run.finished`), so they can be resumed after the reload. VS Code gives this a few
 * seconds, so the wait is bounded. Everything else is disposed through context.subscriptions.
 */
export async function deactivate(): Promise<void> {
  const runs = windowRuns;
  windowRuns = undefined;
  await runs?.interruptAll(INTERRUPT_WAIT_MS);
}
