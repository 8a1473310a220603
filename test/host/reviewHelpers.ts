// Helpers for the in-host review suites: a staged run in the extension's runs folder, files in the
// opened workspace (a temp copy of the sample), the run log, and editors closed without prompts.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { RunEvent } from '../../src/core/run/events';
import { readRunLog, RUN_LOG_FILE } from '../../src/core/store/runLog';
import type { FanoutApi } from '../../src/extension';
import type { ReviewOutcome } from '../../src/host/review/apply';
import type { ReviewTarget } from '../../src/host/review/reviewCommands';
import { activateFanout } from './fanout';
import { stageRun, type ScriptedAgent, type StagedRun } from './stageRun';

export interface ReviewEnv {
  readonly api: FanoutApi;
  /** The opened workspace folder. */
  readonly root: string;
  readonly runsDir: string;
}

export async function reviewEnv(): Promise<ReviewEnv> {
  const api = await activateFanout();
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a folder is open');
  assert.ok(api.review.runsDir, 'the extension has a runs folder');
  return { api, root, runsDir: api.review.runsDir };
}

export function seed(env: ReviewEnv, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(env.root, path)), { recursive: true });
    writeFileSync(join(env.root, path), content);
  }
}

export function readWorkspace(env: ReviewEnv, path: string): string | undefined {
  const file = join(env.root, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export function removeFromWorkspace(env: ReviewEnv, path: string): void {
  rmSync(join(env.root, path), { recursive: true, force: true });
}

export function uriOf(env: ReviewEnv, path: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.Uri.file(env.root), ...path.split('/'));
}

/** Stages a run with the real engine and rebuilds the review from disk. */
export async function stage(env: ReviewEnv, request: string, agents: readonly ScriptedAgent[]): Promise<StagedRun> {
  const run = await stageRun({ workspaceRoot: env.root, runsDir: env.runsDir, request, agents });
  await env.api.review.reload();
  return run;
}

export function reviewEvents(env: ReviewEnv, runId: string): RunEvent[] {
  const file = join(env.runsDir, runId, RUN_LOG_FILE);
  return existsSync(file) ? readRunLog(file).events.filter((e) => e.kind.startsWith('review.')) : [];
}

/** True while a run still has staged contents (cleaning up a reviewed run deletes them, keeping its log). */
export function runFolderExists(env: ReviewEnv, runId: string): boolean {
  return existsSync(join(env.runsDir, runId, 'blobs'));
}

/** The SCM groups of one run: [taskId, label, [path, change, review][]]. */
export function groupsOf(env: ReviewEnv, runId: string): [string, string, [string, string, string][]][] {
  return env.api.review
    .groups()
    .filter((g) => g.runId === runId)
    .map((g) => [g.taskId, g.label, g.files.map((f): [string, string, string] => [f.path, f.change, f.review])]);
}

export function review(command: string, target: ReviewTarget): Thenable<ReviewOutcome> {
  return vscode.commands.executeCommand<ReviewOutcome>(command, target);
}

export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reverts every unsaved document (no save prompt), then closes all editors. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Opens a workspace file in an editor and replaces one line, leaving the buffer unsaved. */
export async function editUnsaved(env: ReviewEnv, path: string, line: number, text: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(uriOf(env, path));
  const editor = await vscode.window.showTextDocument(document);
  assert.ok(await editor.edit((b) => b.replace(document.lineAt(line).range, text)));
  assert.ok(document.isDirty);
  return document;
}
