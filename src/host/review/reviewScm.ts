/**
 * The "Fanout" source control: one resource group per agent of each run with changes to review,
 * labelled by the agent's role first so a narrow view still names it ("Store · 2 files — Todo
 * store with due dates"; a group has no tooltip of its own), a resource per staged file (decorated as added, modified or deleted, or
 * with a warning when an accept was refused, or a shield when the file is execution-sensitive, with
 * why in its tooltip) that opens the diff on click. Inline actions accept or discard a file or a
 * whole agent; the title bar accepts or discards everything.
 *
 * Several runs: every run with changes to review gets its groups, newest run first. When more than
 * one run is shown, each group label ends with its run's request, so nothing is hidden and
 * "Accept All" acts on exactly what the view shows. A run with checks shows their verdict on its
 * agents' groups ("Types · 2 files · checks failing").
 */
import * as vscode from 'vscode';
import { sensitiveNote, sensitivityOf } from '../../core/workspace/sensitivePaths';
import { agentChecks, type AgentChecks } from '../checks/reviewVerdict';
import { CommandId } from '../commandIds';
import { workspaceUri } from './editorHelpers';
import type { PendingFile, ReviewModel } from './reviewModel';
import { definedFields } from '../../core/definedFields';

export const SCM_ID = 'fanout';
/** `contextValue`s the manifest's menus match (`scmResourceState`, `scmResourceGroupState`). */
export const ContextValue = {
  stagedFile: 'fanout.staged',
  conflictFile: 'fanout.staged.conflict',
  agentGroup: 'fanout.agent',
} as const;

/** A group as shown, for tests and other views. */
export interface ReviewGroupView {
  readonly runId: string;
  readonly taskId: string;
  readonly label: string;
  readonly files: readonly {
    readonly path: string;
    readonly change: PendingFile['change'];
    readonly review: PendingFile['review'];
    readonly tooltip: string;
    /** Why the file is execution-sensitive (`.vscode/tasks.json`, a CI workflow …), when it is. */
    readonly sensitive?: string;
  }[];
}

const VERB = { create: 'Created', modify: 'Modified', delete: 'Deleted' } as const;
const ICON = { create: 'diff-added', modify: 'diff-modified', delete: 'diff-removed' } as const;

/** A staged file in the SCM view; commands receive it back when its inline actions are used. */
export class StagedResource implements vscode.SourceControlResourceState {
  readonly resourceUri: vscode.Uri;
  readonly command: vscode.Command;
  readonly decorations: vscode.SourceControlResourceDecorations;
  readonly contextValue: string;
  readonly tooltip: string;
  readonly sensitive: string | undefined;

  constructor(
    readonly file: PendingFile,
    root: vscode.Uri,
  ) {
    this.resourceUri = workspaceUri(root, file.path);
    const conflict = file.review === 'conflict';
    const sensitivity = sensitivityOf(file.path);
    this.sensitive = sensitivity && sensitiveNote(sensitivity);
    const status = conflict
      ? `Not applied: ${file.conflictMessage ?? 'the last accept was refused.'}`
      : `${VERB[file.change]} by agent ${file.agentTitle} — staged, not yet in your files`;
    this.tooltip = this.sensitive === undefined ? status : `${status}\n${this.sensitive} Check this change before accepting it.`;
    this.decorations = {
      strikeThrough: file.change === 'delete',
      tooltip: this.tooltip,
      iconPath: new vscode.ThemeIcon(conflict ? 'warning' : this.sensitive !== undefined ? 'shield' : ICON[file.change]),
    };
    this.contextValue = conflict ? ContextValue.conflictFile : ContextValue.stagedFile;
    const target = { runId: file.runId, taskId: file.taskId, path: file.path };
    this.command = { command: CommandId.reviewOpenDiff, title: 'Open Changes', arguments: [target] };
  }
}

interface GroupSlot {
  readonly key: string;
  readonly runId: string;
  readonly taskId: string;
  readonly group: vscode.SourceControlResourceGroup;
}

/** What an agent's group label says. */
export interface GroupLabelParts {
  /** The agent's role ("Store"); the title stands in when the plan names none. */
  readonly role: string;
  /** The task's title ("Todo store with due dates"). */
  readonly title: string;
  /** Files it has waiting for review. */
  readonly count: number;
  /** The run's checks on its files, when the run had a verdict. */
  readonly checks?: AgentChecks;
  /** The run's request, shortened, when groups of several runs show. */
  readonly run?: string;
}

/**
 * An agent's group label, cut from its end by a narrow view, so it leads with what tells the agents
 * apart: role, file count, the checks' verdict, then the title (when it says more than the role)
 * and the run ("Store · 1 file · checks failing — Todo store with due dates · run “Add due dates”").
 * Source Control groups take no tooltip, so the title and run go in the label, after the count.
 */
export function groupLabel(parts: GroupLabelParts): string {
  const role = parts.role.trim() || parts.title.trim();
  const title = parts.title.trim();
  const head = [role, `${parts.count} file${parts.count === 1 ? '' : 's'}`, ...(parts.checks ? [`checks ${parts.checks}`] : [])].join(' · ');
  const more = [...(title !== '' && title.toLowerCase() !== role.toLowerCase() ? [title] : []), ...(parts.run !== undefined ? [`run “${parts.run}”`] : [])];
  return more.length > 0 ? `${head} — ${more.join(' · ')}` : head;
}

export class ReviewScm implements vscode.Disposable {
  private readonly sourceControl: vscode.SourceControl;
  private slots: GroupSlot[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly model: ReviewModel,
    private readonly root: vscode.Uri,
  ) {
    this.sourceControl = vscode.scm.createSourceControl(SCM_ID, 'Fanout', root);
    this.disposables.push(
      this.sourceControl,
      model.onDidChange(() => this.render()),
    );
    this.sourceControl.inputBox.visible = false;
    this.sourceControl.count = 0;
  }

  /** The run and agent a resource group stands for. */
  groupTarget(group: unknown): { readonly runId: string; readonly taskId: string } | undefined {
    const slot = this.slots.find((s) => s.group === group);
    return slot ? { runId: slot.runId, taskId: slot.taskId } : undefined;
  }

  isSourceControl(value: unknown): boolean {
    return value === this.sourceControl;
  }

  views(): ReviewGroupView[] {
    return this.slots.map((slot) => ({
      runId: slot.runId,
      taskId: slot.taskId,
      label: slot.group.label,
      files: slot.group.resourceStates.map((state) => {
        const { file, tooltip, sensitive } = state as StagedResource;
        const view = { path: file.path, change: file.change, review: file.review, tooltip };
        return sensitive === undefined ? view : { ...view, sensitive };
      }),
    }));
  }

  render(): void {
    const runs = this.model.reviewRuns();
    const wanted: { key: string; runId: string; taskId: string; label: string; files: PendingFile[] }[] = [];
    for (const run of runs) {
      const authors = new Set(run.files.map((f) => f.taskId));
      const tasks = [...run.agentOrder.filter((id) => authors.has(id)), ...[...authors].filter((id) => !run.agentOrder.includes(id))];
      for (const taskId of tasks) {
        const files = run.files.filter((f) => f.taskId === taskId);
        const title = this.model.agentTitle(run.runId, taskId);
        const role = this.model.planOf(run.runId)?.tasks.find((t) => t.id === taskId)?.role ?? title;
        const checks = agentChecks(run.checks, taskId);
        const label = groupLabel({
          role,
          title,
          count: files.length,
          ...definedFields({ checks }),
          ...(runs.length > 1 ? { run: run.label } : {}),
        });
        wanted.push({ key: `${run.runId}\0${taskId}`, runId: run.runId, taskId, label, files });
      }
    }
    // Groups show in creation order: reuse them while the order holds, otherwise rebuild.
    const kept = this.slots.filter((s) => wanted.some((w) => w.key === s.key));
    const inOrder = kept.every((s, i) => wanted[i]?.key === s.key);
    for (const slot of inOrder ? this.slots.filter((s) => !kept.includes(s)) : this.slots) slot.group.dispose();
    const slots: GroupSlot[] = [];
    for (const want of wanted) {
      let slot = inOrder ? kept.find((s) => s.key === want.key) : undefined;
      if (!slot) {
        const group = this.sourceControl.createResourceGroup(`agent:${want.key.replace('\0', ':')}`, want.label);
        group.hideWhenEmpty = true;
        group.contextValue = ContextValue.agentGroup;
        slot = { key: want.key, runId: want.runId, taskId: want.taskId, group };
      }
      slot.group.label = want.label;
      slot.group.resourceStates = want.files.map((file) => new StagedResource(file, this.root));
      slots.push(slot);
    }
    this.slots = slots;
    this.sourceControl.count = runs.reduce((sum, run) => sum + run.files.length, 0);
  }

  dispose(): void {
    for (const slot of this.slots) slot.group.dispose();
    this.slots = [];
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
