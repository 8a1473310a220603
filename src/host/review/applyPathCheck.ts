/**
 * The paths of an accept, checked again just before anything is written. The workspace may have
 * changed since the agent staged a file (a branch checkout, a build, another program): a folder on the
 * path replaced by a symlink would redirect the write. Each path must still:
 * - pass the path policy's read resolution (workspace-relative, not in `.git`, no symlink out of the
 *   workspace or into `.git`);
 * - go through no symlink at all, inside the workspace or not (the written file would have another
 *   name than the one reviewed);
 * - not be `.git` under another spelling or a Windows short name (`sensitivePaths.ts`);
 * - be a path the author task owned in the run's plan, and, when it is execution-sensitive, one the
 *   plan named exactly (`ownershipDenial`, which applies the sensitive-path rules).
 * Node only (no `vscode`), so it is tested without the workbench.
 *
 * Limit: a symlink created between this check and the edit (milliseconds) is not seen; the accept
 * checks right before it builds the edit and again right before it applies it.
 */
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan } from '../../core/plan/plan';
import { resolveForRead } from '../../core/workspace/pathPolicy';
import { ownershipDenial } from '../../core/workspace/writePolicy';
import { sensitivityOf } from '../../core/workspace/sensitivePaths';
import { errorCode, isAbsentCode } from '../../core/workspace/errorCode';

/** A staged file of the accept: its path and the task that staged it. */
export interface AcceptedPath {
  readonly path: string;
  readonly taskId: string;
}

/** A file of the accept that is refused, and why (`message` names its path). */
export interface PathRefusal<F extends AcceptedPath> {
  readonly file: F;
  readonly message: string;
}

/** The first existing component of `rel` (the file itself included) that is a symlink, or why it could not be looked at. */
async function symlinkOnPath(root: string, rel: string): Promise<{ readonly link: string } | { readonly error: string } | undefined> {
  const segments = rel.split('/');
  for (let i = 0; i < segments.length; i++) {
    const named = segments.slice(0, i + 1).join('/');
    let info: Stats;
    try {
      info = await lstat(join(root, ...segments.slice(0, i + 1)));
    } catch (error) {
      const code = errorCode(error);
      if (isAbsentCode(code)) return undefined; // the rest does not exist yet
      return { error: `${named} cannot be inspected (${code ?? String(error)})` };
    }
    if (info.isSymbolicLink()) return { link: named };
  }
  return undefined;
}

/** Why `path`, staged by `taskId` in the run of `plan`, may not be written now; undefined when it may. */
export async function pathRefusal(root: string, file: AcceptedPath, plan: Plan | undefined): Promise<string | undefined> {
  const { path, taskId } = file;
  const resolved = await resolveForRead(root, path);
  if (!resolved.ok) return `${path} is refused: ${resolved.message}`;
  if (resolved.rel !== path || path === '') return `${path} is not a plain workspace-relative file path (it reads as "${resolved.rel}").`;
  const link = await symlinkOnPath(root, path);
  if (link && 'error' in link) return `${path} is refused: ${link.error}.`;
  if (link) {
    const where = link.link === path ? `${path} is now a symlink` : `${path} now goes through the symlink ${link.link}`;
    return `${where}, which was not there when the agent staged it; Fanout does not write through symlinks. Replace the symlink with a folder or file, or discard the change.`;
  }
  const sensitivity = sensitivityOf(path);
  if (sensitivity?.alwaysRefused === true) return `${path} is refused: ${sensitivity.why}.`;
  const task = plan?.tasks.find((t) => t.id === taskId);
  if (plan === undefined || task === undefined) return `${path} is refused: the run's plan, which says what task ${taskId} may write, cannot be found.`;
  const denial = ownershipDenial(path, task, plan);
  if (denial === undefined) return undefined;
  if (denial.reason === 'not-owned') return `${path} is refused: task ${taskId} did not own it in the run's plan (owns: ${task.owns.join(', ') || 'nothing'}).`;
  if (denial.reason === 'sensitive') return `${path} is refused: it is execution-sensitive and the run's plan did not name it exactly for task ${taskId}.`;
  return `${path} is refused: ${denial.message}`;
}

/** Every refused file of an accept (empty when all may be written). `planOf` gives each run's plan. */
export async function refusedPaths<F extends AcceptedPath & { readonly runId: string }>(
  root: string,
  files: readonly F[],
  planOf: (runId: string) => Plan | undefined,
): Promise<PathRefusal<F>[]> {
  const refusals: PathRefusal<F>[] = [];
  for (const file of files) {
    const message = await pathRefusal(root, file, planOf(file.runId));
    if (message !== undefined) refusals.push({ file, message });
  }
  return refusals;
}
