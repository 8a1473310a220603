/**
 * A run's problems as the Problems panel lists them: validators' findings with a path, and the
 * problems its failing checks point at (latest pass). Pure, so the rule is tested without VS Code;
 * `diagnostics.ts` turns them into `vscode.Diagnostic`s.
 */
import type { Severity } from '../../core/plan/plan';
import type { ChecksState, Finding } from '../../core/run/runStateTypes';

export interface RunProblem {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
  readonly severity: Severity;
  /** "Fanout: <validator>" or "Fanout check: <id>". */
  readonly source: string;
}

export function runProblems(findings: readonly Finding[], checks: ChecksState | undefined, titleOf: (taskId: string) => string): RunProblem[] {
  const problems: RunProblem[] = [];
  for (const finding of findings) {
    if (finding.path === undefined) continue;
    problems.push({
      path: finding.path,
      line: finding.line ?? 1,
      message: finding.message,
      severity: finding.severity,
      source: `Fanout: ${titleOf(finding.taskId)}`,
    });
  }
  for (const id of checks?.order ?? []) {
    const check = checks?.byId[id];
    if (check === undefined || (check.status !== 'failed' && check.status !== 'timed-out')) continue;
    for (const d of check.diagnostics) {
      const owner = d.owner !== undefined ? ` (${titleOf(d.owner)})` : '';
      problems.push({ path: d.path, line: d.line ?? 1, message: `${d.message}${owner}`, severity: 'error', source: `Fanout check: ${check.id}` });
    }
  }
  return problems;
}
