/**
 * Validators' findings in the Problems panel: every `finding.reported` with a path, from each run
 * that still has changes to review, becomes a diagnostic on the workspace file with the source
 * "Fanout: <validator task title>". They go away when the run is cleaned up.
 * Findings without a path are not file problems and stay in the run's own view.
 */
import * as vscode from 'vscode';
import type { Severity } from '../../core/plan/plan';
import { workspaceUri } from './editorHelpers';
import type { ReviewModel } from './reviewModel';

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

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
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const run of this.model.reviewRuns()) {
      for (const finding of this.model.findings(run.runId)) {
        if (finding.path === undefined) continue;
        const uri = workspaceUri(this.root, finding.path);
        const line = Math.max(0, (finding.line ?? 1) - 1);
        const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), finding.message, SEVERITY[finding.severity]);
        diagnostic.source = `Fanout: ${this.model.agentTitle(run.runId, finding.taskId)}`;
        const slot = byFile.get(uri.toString()) ?? { uri, diagnostics: [] };
        slot.diagnostics.push(diagnostic);
        byFile.set(uri.toString(), slot);
      }
    }
    this.collection.clear();
    this.collection.set([...byFile.values()].map(({ uri, diagnostics }): [vscode.Uri, vscode.Diagnostic[]] => [uri, diagnostics]));
  }
}
