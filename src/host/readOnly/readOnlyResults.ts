/**
 * What a read-only run of this window leaves when it ends: its report written to `report.md` in its
 * run folder and opened as a Markdown preview, its findings in the Problems panel (a collection of
 * their own, replaced by the next review or research, source "Fanout review: <roles>"), and a
 * notification with the counts. The workspace itself is never written.
 */
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { reviewResult } from '../../core/review/reviewReport';
import type { FlowController, ReadOnlySettled } from '../flow/flowController';
import { Emitter, type Event } from '../runs/emitter';
import type { RunsService } from '../runs/runsService';
import { showProblems } from '../review/diagnostics';
import { readOnlyProblems } from './readOnlyProblems';

/** The name of the report file in the run's folder. */
export const REPORT_FILE = 'report.md';

export interface PublishedReadOnly {
  readonly runId: string;
  readonly kind: 'review' | 'research';
  readonly reportPath: string;
  /** Problems listed in the Problems panel. */
  readonly problems: number;
  /** Findings of the run (merged by the synthesis when it is done). */
  readonly findings: number;
}

export class ReadOnlyResults implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('fanout-read-only');
  private readonly published = new Emitter<PublishedReadOnly>();
  /** Fires once a read-only run's report is written and opened, and its problems are listed. */
  readonly onDidPublish: Event<PublishedReadOnly> = this.published.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    controller: FlowController,
    private readonly runs: RunsService,
    private readonly workspaceRoot: () => string | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = controller.onDidSettleReadOnly((settled) => void this.publish(settled));
  }

  private async publish({ run, state, runDir }: ReadOnlySettled): Promise<void> {
    const root = this.workspaceRoot();
    const { report, findings } = reviewResult(state, run.subject, run.kind === 'review' ? 'reviewer' : 'researcher');
    const reportPath = join(runDir, REPORT_FILE);
    try {
      await writeFile(reportPath, report, 'utf8');
    } catch (error) {
      this.log.error(`The report of run ${state.runId} could not be written to ${reportPath}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const problems = root === undefined ? [] : readOnlyProblems(state, run.kind === 'review' ? 'Fanout review' : 'Fanout research');
    showProblems(this.collection, vscode.Uri.file(root ?? '/'), problems);
    this.log.info(`${run.subject}: ${state.status}, ${findings.length} finding(s), ${problems.length} in the Problems panel; report in ${reportPath}.`);
    await openReport(vscode.Uri.file(reportPath));
    this.published.fire({ runId: state.runId, kind: run.kind, reportPath, problems: problems.length, findings: findings.length });
    const errors = findings.filter((f) => f.severity === 'error').length;
    const what = run.kind === 'review' ? 'Review' : 'Research';
    const counts = `${findings.length} finding${findings.length === 1 ? '' : 's'}${errors > 0 ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`;
    const ended = state.status === 'done' ? 'done' : `ended ${state.status}`;
    const actions = problems.length > 0 ? ['Show Problems', 'Open Report'] : ['Open Report'];
    const picked = await vscode.window.showInformationMessage(`Fanout: ${what} ${ended}: ${counts}.`, ...actions);
    if (picked === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (picked === 'Open Report') await openReport(vscode.Uri.file(reportPath));
  }

  /**
   * Opens the report of a review or research run (from the view): its report.md, written from the
   * run's log when it is not there (the run ended in another window, or before a reload).
   */
  async openReport(runId: string): Promise<void> {
    const runsDir = this.runs.runsDir;
    const known = runsDir === undefined ? undefined : (await this.runs.list().catch((): string[] => [])).find((id) => id === runId);
    const state = known === undefined ? undefined : await this.runs.state(known).catch(() => undefined);
    if (runsDir === undefined || known === undefined || state === undefined) {
      void vscode.window.showWarningMessage(`Fanout: run ${runId} is no longer on disk.`);
      return;
    }
    if (state.synthesis === undefined) {
      void vscode.window.showWarningMessage(`Fanout: run ${runId} is not a review or research run; it has no report.`);
      return;
    }
    const reportPath = join(runsDir, known, REPORT_FILE);
    try {
      await access(reportPath);
    } catch {
      const noun = state.plan?.pattern === 'research' ? 'researcher' : 'reviewer';
      await writeFile(reportPath, reviewResult(state, state.plan?.request ?? runId, noun).report, 'utf8');
    }
    await openReport(vscode.Uri.file(reportPath));
  }

  dispose(): void {
    this.subscription.dispose();
    this.published.dispose();
    this.collection.dispose();
  }
}

/** The report as a Markdown preview; as a read-only text editor when the preview is not available. */
async function openReport(uri: vscode.Uri): Promise<void> {
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }
}
