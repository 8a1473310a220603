/**
 * Wires the review of staged changes into the window: the model over the window's runs, the staged
 * file system, the "Fanout" source control, Explorer badges, Problems and the review commands.
 *
 * Runs come from the runs service (`<context.storageUri>/runs/<runId>/`, or `$FANOUT_RUNS_DIR`).
 * Activation only registers things; the disk scan that rebuilds the review runs after `activate`
 * has returned.
 */
import * as vscode from 'vscode';
import { REVIEW_HAS_CHANGES_CONTEXT } from '../commandIds';
import type { RunsService } from '../runs/runsService';
import { ReviewActions } from './apply';
import { FindingDiagnostics } from './diagnostics';
import { StagedFileDecorations } from './fileDecorations';
import { registerReviewCommands } from './reviewCommands';
import { ReviewModel } from './reviewModel';
import { ReviewScm, type ReviewGroupView } from './reviewScm';
import { StagedFileSystemProvider } from './stagedFileSystem';

/** What the review offers to `activate`'s API (tests). */
export interface ReviewApi {
  /** The runs folder, or undefined when no local folder is open. */
  readonly runsDir: string | undefined;
  /** Rebuilds the review from the run logs on disk, as after a window reload. */
  reload(): Promise<void>;
  /** The SCM groups as shown: one per agent of each run with changes to review. */
  groups(): readonly ReviewGroupView[];
}

/** Registers the review; every disposable goes to `context.subscriptions` as it is created. */
export function activateReview(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, runs: RunsService): ReviewApi {
  const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
  const runsDir = runs.runsDir;
  const model = new ReviewModel(runs, log);
  context.subscriptions.push(model);
  context.subscriptions.push(StagedFileSystemProvider.register(model));
  const scm = root ? new ReviewScm(model, root) : undefined;
  if (root && scm) {
    context.subscriptions.push(scm);
    context.subscriptions.push(StagedFileDecorations.register(model, root));
    context.subscriptions.push(new FindingDiagnostics(model, root));
  }
  context.subscriptions.push(
    model.onDidChange(() => void vscode.commands.executeCommand('setContext', REVIEW_HAS_CHANGES_CONTEXT, model.pendingFiles().length > 0)),
  );
  const actions = root ? new ReviewActions(model, root, log) : undefined;
  context.subscriptions.push(...registerReviewCommands({ model, scm, actions, root }));

  const reload = (): Promise<void> =>
    model
      .reload()
      .catch((error: unknown) => log.error(`Could not load Fanout runs from ${runsDir}: ${error instanceof Error ? error.message : String(error)}`));
  const timer = setTimeout(() => void reload(), 0);
  context.subscriptions.push(new vscode.Disposable(() => clearTimeout(timer)));
  return { runsDir, reload, groups: () => scm?.views() ?? [] };
}
