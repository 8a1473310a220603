/**
 * Validators' findings and failing checks in the Problems panel (`runProblems.ts`): every
 * `finding.reported` with a path, and every problem a failing check's latest pass points at, from
 * each run that still has changes to review, becomes a diagnostic on the workspace file with the
 * source "Fanout: <validator task title>" or "Fanout check: <id>". They go away when the run is
 * cleaned up. Findings without a path are not file problems and stay in the run's own view.
 */
import * as vscode from 'vscode';
import type { Severity } from '../../core/plan/plan';
import { workspaceUri } from './editorHelpers';
import type { ReviewModel } from './reviewModel';
import { runProblems, type RunProblem } from './runProblems';

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Sets `collection` to `problems` (paths relative to `root`), one entry per file; what it held before is cleared. */
export function showProblems(collection: vscode.DiagnosticCollection, root: vscode.Uri, problems: readonly RunProblem[]): void {
  const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  for (const problem of problems) {
    const uri = workspaceUri(root, problem.path);
    const line = Math.max(0, problem.line - 1);
    const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), problem.message, SEVERITY[problem.severity]);
    diagnostic.source = problem.source;
    const slot = byFile.get(uri.toString()) ?? { uri, diagnostics: [] };
    slot.diagnostics.push(diagnostic);
    byFile.set(uri.toString(), slot);
  }
  collection.clear();
  collection.set([...byFile.values()].map(({ uri, diagnostics }): [vscode.Uri, vscode.Diagnostic[]] => [uri, diagnostics]));
}

export class FindingDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('fanout');
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly model: ReviewModel,
    private readonly root: vscode.Uri,
  ) {
    this.subscription = model.onDidChange(() => this.refresh());
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }

  private refresh(): void {
    const problems = this.model
      .reviewRuns()
      .flatMap((run) => runProblems(this.model.findings(run.runId), this.model.checksOf(run.runId), (taskId) => this.model.agentTitle(run.runId, taskId)));
    showProblems(this.collection, this.root, problems);
  }
}
