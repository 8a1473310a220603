/**
 * The path policy for writes and deletes (`pathPolicy.ts` is every path's, reads included): on top of
 * the read checks, a file name (no trailing `/`), owned by the task on its real path, not a folder,
 * and not through a symlink inside the workspace (the change would land on the real path under
 * another name, so the refusal names the real path to write instead). Ownership also applies the
 * sensitive-path rules (`sensitivePaths.ts`).
 */
import { isOwnedBy, ownerOf } from '../plan/ownership';
import { isWritingTask, type Plan, type TaskSpec } from '../plan/plan';
import { deny, resolveForRead, type PathDenial, type ResolvedPath, type SymlinkVia } from './pathPolicy';
import { sensitiveWriteDenial } from './sensitivePaths';

/** Why `task` may not write `rel`, or undefined when it may. */
export function ownershipDenial(rel: string, task: TaskSpec, plan: Plan): PathDenial | undefined {
  if (!isWritingTask(task)) {
    return deny('not-owned', `validators cannot write files; task ${task.id} is a validate task. Report problems with report_finding instead.`);
  }
  if (isOwnedBy(rel, task)) return sensitiveWriteDenial(rel, task);
  const owner = ownerOf(rel, plan);
  if (owner) {
    return deny(
      'not-owned',
      `you do not own ${rel}; its owner is task ${owner.id}. Do not work around this: if ${rel} needs a change, describe it in your finish summary.`,
      owner.id,
    );
  }
  const mine = task.owns.length > 0 ? task.owns.join(', ') : '(nothing)';
  return deny('not-owned', `no task owns ${rel}; you may write only paths matching ${mine}. If ${rel} must change, ask for it in your finish summary.`);
}

/** Whether the path as written names a folder: it ends with a separator, `.` or `..`. */
function namesFolder(requested: string): boolean {
  const last = requested.replace(/\\/g, '/').split('/').pop();
  return last === '' || last === '.' || last === '..';
}

/** How a message says that `rel` goes through a symlink. */
function throughLink(rel: string, via: SymlinkVia): string {
  if (via.link === rel) return `"${rel}" is a symlink to ${via.real}`;
  return `"${rel}" goes through the symlink "${via.link}" (to ${via.target === '' ? 'the workspace root' : via.target}), so it is really ${via.real}`;
}

/**
 * Resolves a path for a write or delete by `task`: read checks, a file name (no trailing `/`), owned
 * by the task on its real path, not a folder, and not through a symlink (see the top of the file).
 */
export async function resolveForWrite(root: string, requested: string, task: TaskSpec, plan: Plan): Promise<ResolvedPath> {
  const resolved = await resolveForRead(root, requested);
  if (!resolved.ok) return resolved;
  if (resolved.rel === '') return deny('not-a-file', 'The path names the workspace root; name a file.');
  if (namesFolder(requested)) {
    return deny('invalid-path', `"${requested}" ends with "/", "." or "..", so it names a folder; name a file, like "${resolved.rel}/index.ts".`);
  }
  const via = resolved.via;
  const owned = ownershipDenial(via?.real ?? resolved.rel, task, plan);
  if (owned) return via ? { ...owned, message: `${throughLink(resolved.rel, via)}: ${owned.message}` } : owned;
  if (resolved.found === 'folder') return deny('not-a-file', `${resolved.rel} is a folder; name a file inside it.`);
  if (via) {
    return deny(
      'symlink-escape',
      `${throughLink(resolved.rel, via)}. Fanout does not write through symlinks (the change would land on ${via.real} under another name); write ${via.real} instead.`,
    );
  }
  return resolved;
}
