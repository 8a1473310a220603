/**
 * The review commands. Each accepts what VS Code passes from the SCM view (resource states, a
 * resource group, the source control) or plain arguments, so other views (the sidebar's agent
 * cards) can call them:
 *
 *   executeCommand('fanout.review.acceptAgent', { runId, taskId })
 *   executeCommand('fanout.review.acceptFile', { runId, taskId, path })
 *   executeCommand('fanout.review.discardAll', { runId, confirmed: true })
 *
 * Accept and discard resolve to a `ReviewOutcome`. Discarding more than one file asks first,
 * unless the arguments say `confirmed: true` (the caller asked). Accepting files of an agent whose
 * run's checks still fail on its files asks first, naming the failing checks; declined, nothing is
 * accepted.
 */
import * as vscode from 'vscode';
import { ACCEPT_ANYWAY, acceptWarning, failingAuthors } from '../checks/reviewVerdict';
import { CommandId } from '../commandIds';
import type { ReviewActions, ReviewOutcome } from './apply';
import { workspaceUri } from './editorHelpers';
import type { PendingFile, ReviewModel } from './reviewModel';
import { StagedResource, type ReviewScm } from './reviewScm';
import { toStagedUri } from './stagedUri';

/** Plain arguments of every review command. */
export interface ReviewTarget {
  readonly runId: string;
  readonly taskId?: string;
  readonly path?: string;
  /** Skip the confirmation before discarding several files. */
  readonly confirmed?: boolean;
}

export interface ReviewCommandContext {
  readonly model: ReviewModel;
  readonly scm: ReviewScm | undefined;
  readonly actions: ReviewActions | undefined;
  readonly root: vscode.Uri | undefined;
}

type Scope = 'file' | 'agent' | 'all';

function isTarget(value: unknown): value is ReviewTarget {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const optional = (key: string) => v[key] === undefined || typeof v[key] === 'string';
  return typeof v.runId === 'string' && optional('taskId') && optional('path');
}

function resolve(ctx: ReviewCommandContext, args: readonly unknown[], scope: Scope): { files: PendingFile[]; confirmed: boolean } {
  const resources = args.flat().filter((a): a is StagedResource => a instanceof StagedResource);
  if (resources.length > 0) {
    const refs = scope === 'file' ? resources.map((r) => r.file) : resources.slice(0, 1).map((r) => ({ runId: r.file.runId, taskId: r.file.taskId }));
    const files = refs.flatMap((ref) => ctx.model.pendingFiles({ ...ref, ...(scope === 'all' ? { taskId: undefined } : {}) }));
    return { files: [...new Set(files)], confirmed: false };
  }
  const group = args.map((a) => ctx.scm?.groupTarget(a)).find((t) => t !== undefined);
  if (group) return { files: ctx.model.pendingFiles(scope === 'all' ? { runId: group.runId } : group), confirmed: false };
  const target = args.find(isTarget);
  if (target) {
    const needed = scope === 'file' ? target.path : scope === 'agent' ? target.taskId : '';
    if (needed === undefined) throw new Error(`Fanout: this command needs ${scope === 'file' ? '{ runId, path }' : '{ runId, taskId }'}.`);
    const filter = { runId: target.runId, taskId: scope === 'all' ? undefined : target.taskId, path: scope === 'file' ? target.path : undefined };
    return { files: ctx.model.pendingFiles(filter), confirmed: target.confirmed === true };
  }
  // No arguments (Command Palette) or the source control itself (SCM title bar): everything shown.
  return { files: scope === 'all' ? ctx.model.pendingFiles() : [], confirmed: false };
}

function nothing(message: string): ReviewOutcome {
  void vscode.window.showInformationMessage(message);
  return { applied: [], merged: [], discarded: [], conflicts: [], message };
}

async function accept(ctx: ReviewCommandContext, args: readonly unknown[], scope: Scope): Promise<ReviewOutcome> {
  const { files } = resolve(ctx, args, scope);
  if (!ctx.actions || files.length === 0) return nothing('Fanout: there is no staged change to accept there.');
  const warning = acceptWarning(failingAuthors(ctx.model, files));
  if (warning !== undefined) {
    const choice = await vscode.window.showWarningMessage(
      warning,
      { modal: true, detail: 'The checks of this run still fail after its fix-up rounds. Their output is in the run view of the Fanout sidebar.' },
      ACCEPT_ANYWAY,
    );
    if (choice !== ACCEPT_ANYWAY)
      return { applied: [], merged: [], discarded: [], conflicts: [], message: 'Fanout: nothing was accepted; the checks still fail.' };
  }
  return ctx.actions.accept(files);
}

async function discard(ctx: ReviewCommandContext, args: readonly unknown[], scope: Scope): Promise<ReviewOutcome | undefined> {
  const { files, confirmed } = resolve(ctx, args, scope);
  if (!ctx.actions || files.length === 0) return nothing('Fanout: there is no staged change to discard there.');
  if (files.length > 1 && !confirmed) {
    const agents = [...new Set(files.map((f) => f.agentTitle))];
    const from = agents.length === 1 ? `agent ${agents[0]}` : `${agents.length} agents`;
    const choice = await vscode.window.showWarningMessage(
      `Discard ${files.length} staged files from ${from}?`,
      { modal: true, detail: "The agents' changes are dropped for good. Your files are not touched." },
      'Discard',
    );
    if (choice !== 'Discard') return undefined;
  }
  return ctx.actions.discard(files);
}

/** The two sides of a file's diff: the workspace (or nothing, for a create) and the staged content. */
function sides(
  root: vscode.Uri,
  file: PendingFile,
): { readonly left: vscode.Uri | undefined; readonly right: vscode.Uri | undefined; readonly staged: vscode.Uri } {
  const staged = toStagedUri(file, { root });
  const current = workspaceUri(root, file.path);
  if (file.change === 'create') return { left: undefined, right: staged, staged };
  return { left: current, right: file.change === 'delete' ? undefined : staged, staged };
}

async function openDiff(ctx: ReviewCommandContext, args: readonly unknown[]): Promise<void> {
  const file = resolve(ctx, args, 'file').files[0];
  if (!file || !ctx.root) {
    nothing('Fanout: that staged change is no longer waiting for review.');
    return;
  }
  const { left, staged } = sides(ctx.root, file);
  const title = `${file.path} (${file.agentTitle})`;
  const empty = toStagedUri(file, { root: ctx.root, side: 'empty' });
  await vscode.commands.executeCommand('vscode.diff', left ?? empty, staged, title, { preview: true });
}

async function openAgentChanges(ctx: ReviewCommandContext, args: readonly unknown[]): Promise<void> {
  const files = resolve(ctx, args, 'agent').files;
  const first = files[0];
  if (!first || !ctx.root) {
    nothing('Fanout: that agent has no staged change waiting for review.');
    return;
  }
  const root = ctx.root;
  const list = files.map((f) => {
    const { left, right } = sides(root, f);
    return [workspaceUri(root, f.path), left, right] as const;
  });
  // The changes editor adds "(N files)" to the title itself.
  await vscode.commands.executeCommand('vscode.changes', `Fanout: ${first.agentTitle}`, list);
}

/** Registers every review command; the returned disposables unregister them. */
export function registerReviewCommands(ctx: ReviewCommandContext): vscode.Disposable[] {
  const register = (id: string, run: (args: readonly unknown[]) => unknown) => vscode.commands.registerCommand(id, (...args: unknown[]) => run(args));
  return [
    register(CommandId.reviewAcceptFile, (args) => accept(ctx, args, 'file')),
    register(CommandId.reviewDiscardFile, (args) => discard(ctx, args, 'file')),
    register(CommandId.reviewAcceptAgent, (args) => accept(ctx, args, 'agent')),
    register(CommandId.reviewDiscardAgent, (args) => discard(ctx, args, 'agent')),
    register(CommandId.reviewAcceptAll, (args) => accept(ctx, args, 'all')),
    register(CommandId.reviewDiscardAll, (args) => discard(ctx, args, 'all')),
    register(CommandId.reviewOpenDiff, (args) => openDiff(ctx, args)),
    register(CommandId.reviewOpenAgentChanges, (args) => openAgentChanges(ctx, args)),
  ];
}
