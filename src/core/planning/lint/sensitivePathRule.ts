/**
 * Owned paths that are execution-sensitive (`workspace/sensitivePaths.ts`: editor tasks and settings,
 * CI workflows, Git hooks, dev containers, installed packages, environment files, package-manager
 * configs). Agents write one only when the plan's `owns` names it exactly, so the user sees each.
 *
 * - `sensitive-path` (warning): a task owns a sensitive path by its exact name. Its agent may write
 *   it; the user should know before approving, and the review marks the file again.
 * - `sensitive-path-glob` (warning): a task owns a sensitive folder, or a glob inside one
 *   (`.github/workflows/*.yml`, `.vscode`). Every write through it will be refused: name each file.
 * - `sensitive-path-refused` (warning): the entry spells a sensitive path in a way Windows or macOS
 *   reads as another name (`.vscode./tasks.json`, `VSCODE~1`): writes there are always refused.
 * - `git-alias` (error): the entry is `.git` under another spelling (`.git.`, `GIT~1`); no task may own
 *   Git internals (validation reports `.git` itself).
 *
 * Whole-workspace globs (`**`, `src/**`) are not reported: their writes to sensitive paths are
 * refused when they happen, with a message saying how to get them.
 */
import { isWritingTask, type PlanFinding, type TaskSpec } from '../../plan/plan';
import type { CheckedPlan } from '../../plan/planCheck';
import { sensitiveOwnsEntry, type Sensitivity } from '../../workspace/sensitivePaths';

function finding(severity: PlanFinding['severity'], code: string, task: TaskSpec, entry: string, message: string): PlanFinding {
  return { severity, code, message, tasks: [task.id], paths: [entry] };
}

function entryFinding(task: TaskSpec, entry: string, sensitivity: Sensitivity, exact: boolean): PlanFinding {
  const who = `Task ${task.id} owns ${entry}`;
  if (sensitivity.family === 'git')
    return finding(
      'error',
      'git-alias',
      task,
      entry,
      `${who}, which is .git under another name (${sensitivity.why}). Remove it: no task may own Git internals.`,
    );
  if (sensitivity.alwaysRefused) {
    return finding(
      'warning',
      'sensitive-path-refused',
      task,
      entry,
      `${who}: ${sensitivity.why}, so every write there is refused. Use the plain file name instead.`,
    );
  }
  if (exact) {
    return finding(
      'warning',
      'sensitive-path',
      task,
      entry,
      `${who}, which is execution-sensitive: ${sensitivity.why}. Its agent may write it because the plan names it exactly, and the change is flagged in review; keep it only if the request needs it.`,
    );
  }
  return finding(
    'warning',
    'sensitive-path-glob',
    task,
    entry,
    `${who}, a folder or glob of execution-sensitive files (${sensitivity.why}). Writes through it are refused: name each file the task must change exactly, or remove the entry.`,
  );
}

export function sensitivePathFindings(plan: CheckedPlan): PlanFinding[] {
  const findings: PlanFinding[] = [];
  for (const task of plan.tasks) {
    if (!isWritingTask(task)) continue;
    for (const entry of task.owns) {
      // `.git` spelled plainly is validation's error already.
      if (entry.split('/').some((s) => s.trim().toLowerCase() === '.git')) continue;
      const found = sensitiveOwnsEntry(entry);
      if (found !== undefined) findings.push(entryFinding(task, entry, found.sensitivity, found.exact));
    }
  }
  return findings;
}
