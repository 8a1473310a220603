/**
 * Filling a check snapshot from the workspace: the files the walk listed, each copied as saved on
 * disk (a reflink where the file system has them), within a byte bound, 16 at a time; and every
 * `node_modules` folder (at the root and next to each package.json) linked to the workspace's own so
 * nothing is installed again. Only the workspace is read: a file that is a symlink is copied as its
 * target's content when the target is a file inside the workspace (outside `.git`), else skipped;
 * a file that changed into something else since the walk is skipped too.
 */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, realpath, stat, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { isGitSegment } from '../workspace/pathPolicy';
import { SnapshotError, snapshotFailure } from './snapshotError';
import { forEachLimited, SNAPSHOT_CONCURRENCY } from './snapshotPool';
import { errorCode, isAbsentCode } from '../workspace/errorCode';

/** Bytes written into a snapshot so far, against its bound. */
export interface CopyTally {
  bytes: number;
  readonly maxBytes: number;
}

export interface CopySource {
  /** The workspace root as given (absolute). */
  readonly workspaceRoot: string;
  /** Its real path, against which symlink targets are checked. */
  readonly realRoot: string;
  /** The snapshot's root. */
  readonly dir: string;
}

/** Whether `target` (a real path) is a place inside the workspace a snapshot may copy from. */
function isCopyable(realRoot: string, target: string): boolean {
  const inner = relative(realRoot, target);
  if (inner === '' || inner === '..' || inner.startsWith(`..${sep}`) || isAbsolute(inner)) return false;
  return !inner.split(sep).some(isGitSegment);
}

/** Counts `bytes` more against the bound, throwing when it is passed. */
export function reserveBytes(tally: CopyTally, bytes: number): void {
  tally.bytes += bytes;
  if (tally.bytes > tally.maxBytes) {
    throw new SnapshotError(
      `The check snapshot would hold more than ${tally.maxBytes} bytes of workspace files; list large generated or vendored folders in .gitignore so it leaves them out.`,
      'too-many-bytes',
    );
  }
}

/**
 * Copies the workspace file `rel` (already checked: no `..`, no `.git`) to the same place in the
 * snapshot, which must be free; resolves with whether it was copied (false: gone or not a file inside
 * the workspace).
 */
export async function copyWorkspaceFile(source: CopySource, rel: string, tally: CopyTally): Promise<boolean> {
  const from = join(source.workspaceRoot, ...rel.split('/'));
  const to = join(source.dir, ...rel.split('/'));
  let size: number;
  let real: string;
  try {
    if ((await lstat(from)).isDirectory()) return false;
    real = await realpath(from);
    if (!isCopyable(source.realRoot, real)) return false;
    const info = await stat(real);
    if (!info.isFile()) return false;
    size = info.size;
  } catch (error) {
    const code = errorCode(error);
    if (isAbsentCode(code) || code === 'ELOOP') return false;
    throw new SnapshotError(`The workspace file ${rel} could not be read for the check snapshot (${code ?? String(error)}).`, 'io');
  }
  reserveBytes(tally, size);
  try {
    await mkdir(dirname(to), { recursive: true });
    await copyFile(real, to, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false; // removed from the workspace since the walk
    throw snapshotFailure(error, to);
  }
  return true;
}

/** Copies the listed workspace files into the snapshot, `SNAPSHOT_CONCURRENCY` at a time; resolves with those copied. */
export async function copyWorkspaceFiles(source: CopySource, files: readonly string[], tally: CopyTally, signal?: AbortSignal): Promise<Set<string>> {
  const copied = new Set<string>();
  await forEachLimited(
    files,
    SNAPSHOT_CONCURRENCY,
    async (rel) => {
      if (await copyWorkspaceFile(source, rel, tally)) copied.add(rel);
    },
    signal,
  );
  return copied;
}

/**
 * Links `node_modules` in the snapshot to the workspace's own, at the root and next to every
 * package.json listed, where the workspace has one; resolves with the links made (relative paths).
 */
export async function linkDependencies(source: CopySource, files: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const folders = new Set<string>(['']);
  for (const rel of files) {
    if (rel === 'package.json') folders.add('');
    else if (rel.endsWith('/package.json')) folders.add(rel.slice(0, -'/package.json'.length));
  }
  const linked: string[] = [];
  for (const folder of [...folders].sort()) {
    signal?.throwIfAborted();
    const segments = folder === '' ? [] : folder.split('/');
    const target = join(source.workspaceRoot, ...segments, 'node_modules');
    try {
      if (!(await stat(target)).isDirectory()) continue;
    } catch {
      continue;
    }
    const link = join(source.dir, ...segments, 'node_modules');
    try {
      await mkdir(dirname(link), { recursive: true });
      await symlink(target, link, 'junction');
    } catch (error) {
      throw snapshotFailure(error, link);
    }
    linked.push(folder === '' ? 'node_modules' : `${folder}/node_modules`);
  }
  return linked;
}
