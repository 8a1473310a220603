/**
 * Explorer (and SCM row) badges for workspace files an agent staged a change to: `A`, `M` or `D`,
 * `!` when an accept was refused, with the agent's name in the tooltip. An execution-sensitive file
 * (`.vscode/tasks.json`, a CI workflow …) is also drawn in the warning colour, with why in the tooltip.
 */
import * as vscode from 'vscode';
import { sensitiveNote, sensitivityOf } from '../../core/workspace/sensitivePaths';
import { workspaceUri } from './editorHelpers';
import type { PendingFile, ReviewModel } from './reviewModel';

const BADGE = { create: 'A', modify: 'M', delete: 'D' } as const;
/** Theme colour of an execution-sensitive file's name (Explorer and SCM rows). */
const SENSITIVE_COLOR = 'list.warningForeground';

export class StagedFileDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private byUri = new Map<string, PendingFile>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: ReviewModel,
    private readonly root: vscode.Uri,
  ) {
    this.subscription = model.onDidChange(() => this.refresh());
  }

  static register(model: ReviewModel, root: vscode.Uri): vscode.Disposable {
    const provider = new StagedFileDecorations(model, root);
    return vscode.Disposable.from(vscode.window.registerFileDecorationProvider(provider), provider);
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const file = this.byUri.get(uri.toString());
    if (!file) return undefined;
    const conflict = file.review === 'conflict';
    const sensitivity = sensitivityOf(file.path);
    const staged = conflict
      ? `Staged by Fanout agent ${file.agentTitle}; not applied: the last accept was refused`
      : `Staged by Fanout agent ${file.agentTitle}`;
    const decoration = new vscode.FileDecoration(
      conflict ? '!' : BADGE[file.change],
      sensitivity ? `${staged}. ${sensitiveNote(sensitivity)}` : staged,
      sensitivity ? new vscode.ThemeColor(SENSITIVE_COLOR) : undefined,
    );
    decoration.propagate = false;
    return decoration;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private refresh(): void {
    const next = new Map<string, PendingFile>();
    // Newest run first: when two runs staged the same path, the badge is the newest one's.
    for (const file of this.model.pendingFiles()) {
      const key = workspaceUri(this.root, file.path).toString();
      if (!next.has(key)) next.set(key, file);
    }
    this.byUri = next;
    this.changed.fire(undefined);
  }
}
