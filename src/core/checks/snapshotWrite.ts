/**
 * Writing staged changes into a check snapshot, confined to it. A staged path goes through the same
 * lexical checks as an agent's path (no absolute path, no `..` out, no `.git`) and must land inside
 * the snapshot; no existing folder on the way may be a symlink (the linked `node_modules` lead to the
 * workspace's own, and nothing is ever written through them); and a file is written as a fresh file
 * (the old one unlinked, the new one created exclusively), so a link at the final name is replaced,
 * never followed. An edited file keeps the permissions it had (an executable script stays one).
 */
import type { Stats } from 'node:fs';
import { chmod, lstat, mkdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { normalizeRequestedPath } from '../workspace/pathPolicy';
import { SnapshotError, snapshotFailure } from './snapshotError';
import { errorCode } from '../workspace/errorCode';

/** A staged path checked for the snapshot: its normalised relative form and where it is in the snapshot. */
export interface SnapshotPath {
  readonly rel: string;
  readonly abs: string;
}

/** Where a staged path is in the snapshot at `dir`; throws a SnapshotError when it would leave it. */
export function snapshotPath(dir: string, path: string): SnapshotPath {
  const lexical = normalizeRequestedPath(path);
  if (!lexical.ok) throw new SnapshotError(`The staged path "${path}" cannot be put in the check snapshot: ${lexical.message}`, 'invalid-path');
  if (lexical.rel === '') throw new SnapshotError(`The staged path "${path}" names the workspace root, not a file.`, 'invalid-path');
  const abs = join(dir, ...lexical.rel.split('/'));
  const inner = relative(dir, abs);
  if (inner === '' || inner === '..' || inner.startsWith(`..${sep}`) || isAbsolute(inner)) {
    throw new SnapshotError(`The staged path "${path}" leads outside the check snapshot.`, 'invalid-path');
  }
  return { rel: lexical.rel, abs };
}

/** Refuses when a folder on the way to `rel` in the snapshot is a symlink or a file; stops at the first missing one. */
export async function refuseLinksOnTheWay(dir: string, rel: string): Promise<void> {
  const segments = rel.split('/');
  let current = dir;
  for (let i = 0; i < segments.length - 1; i++) {
    current = join(current, segments[i]);
    let info: Stats;
    try {
      info = await lstat(current);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw snapshotFailure(error, current);
    }
    const named = segments.slice(0, i + 1).join('/');
    if (info.isSymbolicLink()) {
      throw new SnapshotError(
        `The staged file "${rel}" is under "${named}", which is a link in the check snapshot (to the workspace's own folder); Fanout never writes through it.`,
        'through-link',
      );
    }
    if (!info.isDirectory()) throw new SnapshotError(`The staged file "${rel}" needs "${named}" to be a folder, but it is a file.`, 'invalid-path');
  }
}

/** Unlinks what is at `abs` (a file or a link, never a folder); the permissions of a file it was, if any. */
async function clear(abs: string, rel: string): Promise<number | undefined> {
  let info: Stats;
  try {
    info = await lstat(abs);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw snapshotFailure(error, abs);
  }
  if (info.isDirectory()) throw new SnapshotError(`The staged file "${rel}" is a folder in the check snapshot.`, 'invalid-path');
  try {
    await unlink(abs);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw snapshotFailure(error, abs);
  }
  return info.isFile() ? info.mode & 0o7777 : undefined;
}

/** Writes `content` as the file at the staged `path` in the snapshot; resolves with the bytes written. */
export async function writeSnapshotFile(dir: string, path: string, content: string): Promise<number> {
  const { rel, abs } = snapshotPath(dir, path);
  await refuseLinksOnTheWay(dir, rel);
  try {
    await mkdir(dirname(abs), { recursive: true });
  } catch (error) {
    throw snapshotFailure(error, dirname(abs));
  }
  const mode = await clear(abs, rel);
  const bytes = Buffer.from(content, 'utf8');
  try {
    await writeFile(abs, bytes, { flag: 'wx' });
    if (mode !== undefined) await chmod(abs, mode);
  } catch (error) {
    throw snapshotFailure(error, abs);
  }
  return bytes.length;
}

/** Removes the file at the staged `path` from the snapshot (nothing there is fine). */
export async function removeSnapshotFile(dir: string, path: string): Promise<void> {
  const { rel, abs } = snapshotPath(dir, path);
  await refuseLinksOnTheWay(dir, rel);
  await clear(abs, rel);
}
