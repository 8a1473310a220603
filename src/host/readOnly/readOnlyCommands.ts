/**
 * "Fanout: Distribute Review" and "Fanout: Distribute Research": read-only fan-outs run as the live
 * run of the window, shown in the Fanout view like any run (agents side by side, cost as it happens),
 * ending in one synthesized report (opened as Markdown) and findings in the Problems panel
 * (`readOnlyResults.ts`). There is no plan review: the pickers are the plan (what to review and
 * which roles; the question). Nothing in the workspace is written.
 *
 * Each command takes an optional argument that answers its pickers (`ReviewCommandArgs`,
 * `ResearchCommandArgs`), for other extensions and tests.
 */
import * as vscode from 'vscode';
import { prepareResearch } from '../../core/research/prepareResearch';
import { MAX_QUESTION_CHARS } from '../../core/research/researchTypes';
import { prepareReview } from '../../core/review/prepareReview';
import { WHOLE_WORKSPACE_SUBJECT } from '../../core/review/reviewPlan';
import { CommandId, SIDEBAR_VIEW_ID } from '../commandIds';
import type { FlowController } from '../flow/flowController';
import { ensureWritableWorkspace } from '../workspaceGate';
import { offeredRoles, pickRoles, pickScope, rolesNamed, scopeOfArgs, type ReviewCommandArgs, type ReviewScope } from './reviewPicks';

export type { ReviewCommandArgs } from './reviewPicks';

/** `fanout.distributeResearch`'s optional argument. */
export interface ResearchCommandArgs {
  /** The question; absent: asked in an input box. */
  readonly question?: string;
}

interface ReadOnlyCommandContext {
  readonly controller: FlowController;
  readonly log: vscode.LogOutputChannel;
}

function workspaceRoot(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

function scopeLabel(scope: ReviewScope): string {
  if (scope.kind === 'workspace') return WHOLE_WORKSPACE_SUBJECT;
  return scope.kind === 'branch' ? `Review of ${scope.base}...HEAD` : 'Review of the working tree against HEAD';
}

async function distributeReview(ctx: ReadOnlyCommandContext, args: ReviewCommandArgs | undefined): Promise<void> {
  if (!(await ensureWritableWorkspace('Distribute Review'))) return;
  const root = workspaceRoot();
  if (root === undefined) return;
  if (ctx.controller.running) {
    void vscode.window.showWarningMessage('Fanout: a run is still going. Cancel it or wait for it to finish before starting a review.');
    return;
  }
  const source = new vscode.CancellationTokenSource();
  try {
    const scope = scopeOfArgs(args?.scope) ?? (await pickScope(root, source.token));
    if (scope === undefined) return;
    const offered = await offeredRoles(root);
    let roles;
    try {
      roles = args?.roles !== undefined ? rolesNamed(offered, args.roles) : await pickRoles(offered, source.token);
    } catch (error) {
      void vscode.window.showErrorMessage(`Fanout: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (roles === undefined || roles.length === 0) return;
    await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
    const picked = roles;
    await ctx.controller.startReadOnly(scopeLabel(scope), ({ workspaceRoot: ws, signal }) =>
      prepareReview({
        workspaceRoot: ws,
        roles: picked,
        signal,
        ...(scope.kind === 'branch' ? { base: scope.base } : {}),
        ...(scope.kind === 'workspace' ? { wholeWorkspace: true } : {}),
      }),
    );
  } finally {
    source.dispose();
  }
}

export function validateQuestion(value: string): string | undefined {
  if (value.trim() === '') return 'Ask a question about the codebase, for example "How are sessions stored and expired?"';
  if (value.length > MAX_QUESTION_CHARS) return `The question is ${value.length} characters; keep it under ${MAX_QUESTION_CHARS}.`;
  return undefined;
}

async function distributeResearch(ctx: ReadOnlyCommandContext, args: ResearchCommandArgs | undefined): Promise<void> {
  if (!(await ensureWritableWorkspace('Distribute Research'))) return;
  if (ctx.controller.running) {
    void vscode.window.showWarningMessage('Fanout: a run is still going. Cancel it or wait for it to finish before starting a research.');
    return;
  }
  const question =
    args?.question ??
    (await vscode.window.showInputBox({
      title: 'Fanout: Distribute Research',
      prompt:
        'A question about this codebase (or a topic in it). Fanout splits it into a few questions that agents answer side by side, then merges their answers into one report. Nothing is written to the workspace.',
      placeHolder: 'How are todos validated and stored, and what is not tested?',
      ignoreFocusOut: true,
      validateInput: validateQuestion,
    }));
  if (question === undefined) return;
  const invalid = validateQuestion(question);
  if (invalid !== undefined) {
    void vscode.window.showErrorMessage(`Fanout: ${invalid}`);
    return;
  }
  await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
  const oneLine = question.trim().replace(/\s+/g, ' ');
  const label = `Research: ${oneLine.length > 100 ? `${oneLine.slice(0, 99)}…` : oneLine}`;
  await ctx.controller.startReadOnly(label, ({ workspaceRoot: ws, settings, client, signal }) =>
    prepareResearch({
      workspaceRoot: ws,
      questions: [question],
      signal,
      split: { client, modelTable: settings.modelTable, prices: settings.prices, model: settings.models.planner, effort: settings.effort.planner },
    }),
  );
}

export function registerReadOnlyCommands(ctx: ReadOnlyCommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandId.distributeReview, (args?: ReviewCommandArgs) => distributeReview(ctx, args)),
    vscode.commands.registerCommand(CommandId.distributeResearch, (args?: ResearchCommandArgs) => distributeResearch(ctx, args)),
  ];
}
