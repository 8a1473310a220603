/**
 * Accepting and discarding staged files.
 *
 * Accept is all-or-nothing per invocation (one file, one agent, or everything): every file's
 * result is computed first against the workspace as it is now (unsaved buffers included, see
 * `decideApply`); if any file conflicts or cannot be applied, nothing is applied, each such file
 * gets a `review.conflict` event and the user is told which and why (merges with conflict markers
 * open beside the file). Otherwise the changes go into ONE `WorkspaceEdit`, so they are undoable
 * and open editors follow them.
 *
 * Saving: a file that had no unsaved edits is saved after the edit, so "accepted" means on disk.
 * A file with unsaved edits gets the change merged into its buffer and stays unsaved: Fanout never
 * saves what the user typed but did not save. Undo in the editor restores the previous text (the
 * document is then unsaved until the user saves it).
 *
 * Every path of the accept is checked again before anything is read and right before the edit is
 * applied (`applyPathCheck.ts`: no symlink on the path, nothing outside the workspace or in `.git`,
 * owned by its author in the run's plan, execution-sensitive paths only when the plan named them).
 * One refused path refuses the whole accept, with a `review.conflict` naming the path and why.
 *
 * Discard only records `review.discarded`: the workspace is not touched.
 */
import * as vscode from 'vscode';
import type { RunEventBody } from '../../core/run/events';
import { decideApply, type FileDecision } from './applyDecision';
import { refusedPaths, type PathRefusal } from './applyPathCheck';
import { openDocument, readCurrentFile } from './currentFile';
import { closeStagedTabs, openConflictDocument, workspaceUri } from './editorHelpers';
import { normalizeText } from './merge';
import type { PendingFile, ReviewModel } from './reviewModel';

/** What an accept or discard did; commands return it. */
export interface ReviewOutcome {
  readonly applied: readonly string[];
  /** Applied paths whose change was merged with the user's edits. */
  readonly merged: readonly string[];
  readonly discarded: readonly string[];
  /** Files that were not applied, and why. */
  readonly conflicts: readonly { readonly path: string; readonly message: string }[];
  /** What the user was told. */
  readonly message: string;
}

interface Planned {
  readonly file: PendingFile;
  readonly uri: vscode.Uri;
  readonly decision: FileDecision;
  readonly dirtyBefore: boolean;
  /** Version of the open document when it was read; a later edit by the user aborts the apply. */
  readonly version: number | undefined;
}

const MAX_CONFLICT_DOCUMENTS = 3;
const encoder = new TextEncoder();
const EVERYTHING = new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

function outcome(message: string, parts: Partial<Omit<ReviewOutcome, 'message'>> = {}): ReviewOutcome {
  return { applied: [], merged: [], discarded: [], conflicts: [], ...parts, message };
}

function byRun(files: readonly PendingFile[]): Map<string, PendingFile[]> {
  const runs = new Map<string, PendingFile[]>();
  for (const file of files) runs.set(file.runId, [...(runs.get(file.runId) ?? []), file]);
  return runs;
}

function scopeOf(files: readonly PendingFile[]): string {
  const agents = [...new Set(files.map((f) => f.agentTitle))];
  return agents.length === 1 ? `agent ${agents[0]}` : `${agents.length} agents`;
}

/** What a refusal adds about the files of the accept that were not refused themselves. */
function heldNote(files: readonly PendingFile[], refused: number): string {
  const others = files.length - refused;
  if (others <= 0) return '';
  return ` The other ${others} file${others === 1 ? ' was' : 's were'} not applied either: ${scopeOf(files)}'s changes are accepted all together or not at all.`;
}

export class ReviewActions {
  constructor(
    private readonly model: ReviewModel,
    private readonly root: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  accept(files: readonly PendingFile[]): Promise<ReviewOutcome> {
    return this.model.exclusive(() => this.acceptNow(this.stillPending(files)));
  }

  discard(files: readonly PendingFile[]): Promise<ReviewOutcome> {
    return this.model.exclusive(async () => {
      const fresh = this.stillPending(files);
      if (fresh.length === 0) return this.tell('info', outcome('Fanout: nothing left to discard there.'));
      for (const [runId, runFiles] of byRun(fresh)) {
        await this.model.record(
          runId,
          runFiles.map((f): RunEventBody => ({ kind: 'review.discarded', taskId: f.taskId, path: f.path })),
        );
      }
      await closeStagedTabs(fresh);
      const what = fresh.length === 1 ? fresh[0]?.path : `${fresh.length} files`;
      return this.tell(
        'info',
        outcome(`Fanout: discarded ${what} from ${scopeOf(fresh)}. Your files were not touched.`, { discarded: fresh.map((f) => f.path) }),
      );
    });
  }

  /** The files as the model has them now (an earlier action may have reviewed some). */
  private stillPending(files: readonly PendingFile[]): PendingFile[] {
    return files.flatMap((f) => this.model.pendingFiles({ runId: f.runId, taskId: f.taskId, path: f.path }));
  }

  private async acceptNow(files: readonly PendingFile[]): Promise<ReviewOutcome> {
    if (files.length === 0) return this.tell('info', outcome('Fanout: nothing left to accept there.'));
    const unsafe = await this.refusedPaths(files);
    if (unsafe.length > 0) return this.refusePaths(files, unsafe);
    const planned: Planned[] = [];
    for (const file of files) {
      const uri = workspaceUri(this.root, file.path);
      const current = await readCurrentFile(uri);
      const dirtyBefore = current.kind === 'text' && current.dirty;
      planned.push({ file, uri, decision: decideApply(file.entry, current, file.agentTitle), dirtyBefore, version: openDocument(uri)?.version });
    }
    const refused = planned.filter((p) => p.decision.kind === 'conflict');
    if (refused.length > 0) return this.refuse(planned, refused);

    const edit = new vscode.WorkspaceEdit();
    for (const p of planned) await this.addToEdit(edit, p);
    const moved = planned.find((p) => p.version !== undefined && openDocument(p.uri)?.version !== p.version);
    if (moved) {
      return this.tell('warning', outcome(`Fanout applied nothing: ${moved.file.path} changed while the change was being prepared. Accept again.`));
    }
    // The workspace may have changed while the edit was prepared: check the paths again, last thing.
    const unsafeNow = await this.refusedPaths(files);
    if (unsafeNow.length > 0) return this.refusePaths(files, unsafeNow);
    // `edit.size` counts text edits only; file creations and deletions count here too.
    const writes = planned.some((p) => p.decision.kind !== 'noop');
    const ok = !writes || (await vscode.workspace.applyEdit(edit));
    const applied: Planned[] = [];
    const failed: Planned[] = [];
    for (const p of planned) ((await this.landed(p)) ? applied : failed).push(p);
    const unsaved = await this.save(applied);
    for (const [runId, runFiles] of byRun(applied.map((p) => p.file))) {
      const bodies = runFiles.map((f): RunEventBody => {
        const decision = planned.find((p) => p.file === f)?.decision;
        return { kind: 'review.applied', taskId: f.taskId, path: f.path, merged: decision?.kind === 'modify' && decision.merged };
      });
      await this.model.record(runId, bodies);
    }
    await closeStagedTabs(applied.map((p) => p.file));
    const merged = applied.filter((p) => p.decision.kind === 'modify' && p.decision.merged).map((p) => p.file.path);
    const parts = { applied: applied.map((p) => p.file.path), merged };
    if (failed.length > 0) {
      const why = ok ? 'its content is not what was applied' : 'VS Code refused the edit';
      const message = `Fanout could not apply ${failed.map((p) => p.file.path).join(', ')} (${why}); the staged change is kept.`;
      return this.tell('error', outcome(message, { ...parts, conflicts: failed.map((p) => ({ path: p.file.path, message })) }));
    }
    return this.tell('info', outcome(this.appliedMessage(applied, merged, unsaved), parts));
  }

  private async refuse(planned: readonly Planned[], refused: readonly Planned[]): Promise<ReviewOutcome> {
    for (const [runId, runFiles] of byRun(refused.map((p) => p.file))) {
      const bodies = runFiles.map((f): RunEventBody => {
        const decision = refused.find((p) => p.file === f)?.decision;
        return { kind: 'review.conflict', taskId: f.taskId, path: f.path, message: decision?.kind === 'conflict' ? decision.message : 'Not applied.' };
      });
      await this.model.record(runId, bodies);
    }
    const withMerge = refused.filter((p) => p.decision.kind === 'conflict' && p.decision.mergedText !== undefined);
    for (const p of withMerge.slice(0, MAX_CONFLICT_DOCUMENTS)) {
      if (p.decision.kind === 'conflict' && p.decision.mergedText !== undefined) await openConflictDocument(p.uri, p.decision.mergedText);
    }
    const conflicts = refused.map((p) => ({ path: p.file.path, message: p.decision.kind === 'conflict' ? p.decision.message : '' }));
    const message = `Fanout applied nothing. ${conflicts.map((c) => c.message).join(' ')}${heldNote(
      planned.map((p) => p.file),
      refused.length,
    )}`;
    return this.tell('warning', outcome(message, { conflicts }));
  }

  private refusedPaths(files: readonly PendingFile[]): Promise<PathRefusal<PendingFile>[]> {
    return refusedPaths(this.root.fsPath, files, (runId) => this.model.planOf(runId));
  }

  /** Refuses the whole accept because some of its paths are not safe to write now; records why per file. */
  private async refusePaths(files: readonly PendingFile[], refusals: readonly PathRefusal<PendingFile>[]): Promise<ReviewOutcome> {
    for (const [runId, runFiles] of byRun(refusals.map((r) => r.file))) {
      const bodies = runFiles.map((f): RunEventBody => {
        const message = refusals.find((r) => r.file === f)?.message ?? 'Not applied.';
        return { kind: 'review.conflict', taskId: f.taskId, path: f.path, message };
      });
      await this.model.record(runId, bodies);
    }
    const conflicts = refusals.map((r) => ({ path: r.file.path, message: r.message }));
    const message = `Fanout applied nothing. ${conflicts.map((c) => c.message).join(' ')}${heldNote(files, refusals.length)}`;
    return this.tell('warning', outcome(message, { conflicts }));
  }

  private async addToEdit(edit: vscode.WorkspaceEdit, p: Planned): Promise<void> {
    const metadata = { needsConfirmation: false, label: `Fanout: ${p.file.agentTitle}` };
    switch (p.decision.kind) {
      case 'create':
        edit.createFile(p.uri, { contents: encoder.encode(p.decision.text), overwrite: false }, metadata);
        break;
      case 'modify': {
        const document = openDocument(p.uri) ?? (await vscode.workspace.openTextDocument(p.uri));
        edit.replace(
          p.uri,
          document.validateRange(EVERYTHING),
          normalizeText(p.decision.text).replace(/\n/g, document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'),
          metadata,
        );
        break;
      }
      case 'delete':
        edit.deleteFile(p.uri, { ignoreIfNotExists: true }, metadata);
        break;
      case 'noop':
      case 'conflict':
        break;
    }
  }

  /** Whether the workspace now holds what this file's decision wanted. */
  private async landed(p: Planned): Promise<boolean> {
    const d = p.decision;
    if (d.kind === 'noop') return true;
    const current = await readCurrentFileAfterEdit(p.uri);
    if (d.kind === 'delete') return current === undefined;
    return current !== undefined && d.kind !== 'conflict' && normalizeText(current) === normalizeText(d.text);
  }

  /** Saves applied files that had no unsaved edits before; returns the paths left unsaved. */
  private async save(applied: readonly Planned[]): Promise<string[]> {
    const unsaved: string[] = [];
    for (const p of applied) {
      if (p.decision.kind !== 'modify') continue;
      const document = openDocument(p.uri);
      if (!document?.isDirty) continue;
      if (p.dirtyBefore || !(await document.save())) unsaved.push(p.file.path);
    }
    return unsaved;
  }

  private appliedMessage(applied: readonly Planned[], merged: readonly string[], unsaved: readonly string[]): string {
    const files = applied.map((p) => p.file);
    const what = files.length === 1 ? files[0]?.path : `${files.length} files`;
    let message = `Fanout: applied ${what} from ${scopeOf(files)}.`;
    if (merged.length > 0) message += files.length === 1 ? ' Merged with your edits.' : ` Merged with your edits: ${merged.join(', ')}.`;
    if (unsaved.length > 0) message += ` Not saved, since you had unsaved edits there: ${unsaved.join(', ')}.`;
    return message;
  }

  private tell(level: 'info' | 'warning' | 'error', result: ReviewOutcome): ReviewOutcome {
    if (level === 'info') {
      void vscode.window.showInformationMessage(result.message);
      this.log.info(result.message);
    } else if (level === 'warning') {
      void vscode.window.showWarningMessage(result.message);
      this.log.warn(result.message);
    } else {
      void vscode.window.showErrorMessage(result.message);
      this.log.error(result.message);
    }
    return result;
  }
}

/** The text a path holds after an edit (the open document wins), or undefined when it does not exist. */
async function readCurrentFileAfterEdit(uri: vscode.Uri): Promise<string | undefined> {
  const document = openDocument(uri);
  const current = await readCurrentFile(uri);
  if (current.kind === 'missing') return undefined;
  if (document) return document.getText();
  return current.kind === 'text' ? current.text : undefined;
}
