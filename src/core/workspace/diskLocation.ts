/**
 * Where a workspace-relative path lands on disk, for the staging store: its real path (symlinks on
 * the part that exists resolved) and, when the path needs a folder where the workspace has a file
 * (`README.md/x.ts`), that file.
 *
 * Most paths exist, or their folder does: those cost a `stat` or two and one `realpath`. Otherwise one
 * walk from the root down, one `stat` per existing component, so a deep path that does not exist
 * costs one look, whatever its depth.
 */
import type { Stats } from 'node:fs';
import { realpath, stat } from './fileCalls';
import { isAbsolute, join, relative, sep } from 'node:path';
import { errorCode, isAbsentCode } from './errorCode';

export interface DiskLocation {
  /** The real workspace-relative path; the path itself when its existing part cannot be resolved inside the root. */
  readonly real: string;
  /** Something exists at the path. */
  readonly exists: boolean;
  /** Nothing is at the path: looking at it said so (ENOENT, ENOTDIR), rather than failing for another reason. */
  readonly absent?: boolean;
  /** An ancestor of the path that exists and is not a folder, so the path cannot be created. */
  readonly fileAbove?: string;
}

/** Locates `path` under `root`, whose real path is `realRoot` (undefined: it cannot be resolved). */
export async function locateOnDisk(root: string, realRoot: string | undefined, path: string): Promise<DiskLocation> {
  const segments = path === '' ? [] : path.split('/');
  let absent = false;
  const located = async (existing: number, fileAbove?: number): Promise<DiskLocation> => {
    const real = realRoot === undefined ? path : await realPrefix(root, realRoot, segments, existing);
    const exists = existing === segments.length;
    const found = { real, exists, ...(absent ? { absent } : {}) };
    return fileAbove === undefined ? found : { ...found, fileAbove: segments.slice(0, fileAbove).join('/') };
  };
  const at = (n: number) => statOf(join(root, ...segments.slice(0, n)));
  if (segments.length === 0) return located(0);
  const self = await look(join(root, ...segments));
  if (self.info !== undefined) return located(segments.length);
  absent = isAbsentCode(self.code);
  const parent = segments.length > 1 ? await at(segments.length - 1) : undefined;
  if (parent !== undefined) return parent.isDirectory() ? located(segments.length - 1) : located(segments.length - 1, segments.length - 1);
  let existing = 0;
  for (let n = 1; n < segments.length - 1; n++) {
    const info = await at(n);
    if (info === undefined) break; // missing, under a file, or unreadable: the rest does not exist
    existing = n;
    if (!info.isDirectory()) return located(n, n);
  }
  return located(existing);
}

async function statOf(abs: string): Promise<Stats | undefined> {
  return (await look(abs)).info;
}

/** What a `stat` found, or the code it failed with. */
async function look(abs: string): Promise<{ readonly info?: Stats; readonly code?: string }> {
  try {
    return { info: await stat(abs) };
  } catch (error) {
    const code = errorCode(error);
    return code === undefined ? {} : { code };
  }
}

async function realPrefix(root: string, realRoot: string, segments: readonly string[], existing: number): Promise<string> {
  const path = segments.join('/');
  if (existing === 0) return path;
  let real: string;
  try {
    real = await realpath(join(root, ...segments.slice(0, existing)));
  } catch {
    return path;
  }
  const inner = relative(realRoot, real);
  if (inner === '..' || inner.startsWith(`..${sep}`) || isAbsolute(inner)) return path; // the path policy refuses these
  return [...(inner === '' ? [] : inner.split(sep)), ...segments.slice(existing)].join('/');
}
