/**
 * Reading a workspace's own files for check detection, bounded and confined: a file is read only when
 * its real path (symlinks resolved) stays under the workspace's real path and it is at most
 * `MAX_DETECT_FILE_BYTES`; nothing here throws for a missing or unreadable file.
 */
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/** Largest file read while detecting checks (a manifest, CLAUDE.md, `.fanout/checks.json`). */
export const MAX_DETECT_FILE_BYTES = 1024 * 1024;

/** A workspace as detection sees it: the root as given and its real path. */
export interface DetectRoot {
  readonly root: string;
  readonly realRoot: string;
}

export type ReadOutcome =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'outside' }
  | { readonly kind: 'too-large'; readonly bytes: number }
  | { readonly kind: 'unreadable' };

/** The workspace's real path, or undefined when it cannot be resolved (missing, unreadable). */
export async function detectRoot(root: string): Promise<DetectRoot | undefined> {
  try {
    return { root, realRoot: await realpath(root) };
  } catch {
    return undefined;
  }
}

function isUnder(realRoot: string, real: string): boolean {
  const inner = relative(realRoot, real);
  return inner === '' || (inner !== '..' && !inner.startsWith(`..${sep}`) && !isAbsolute(inner));
}

/** The real path of a workspace-relative path when it exists and stays inside the workspace. */
async function confined(ws: DetectRoot, rel: string): Promise<{ real: string } | 'missing' | 'outside'> {
  let real: string;
  try {
    real = await realpath(join(ws.root, ...rel.split('/')));
  } catch {
    return 'missing';
  }
  return isUnder(ws.realRoot, real) ? { real } : 'outside';
}

/** Whether a workspace-relative folder exists inside the workspace. */
export async function isWorkspaceDir(ws: DetectRoot, rel: string): Promise<boolean> {
  const at = await confined(ws, rel);
  if (typeof at === 'string') return false;
  try {
    return (await stat(at.real)).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a workspace-relative file exists inside the workspace (read or not). */
export async function isWorkspaceFile(ws: DetectRoot, rel: string): Promise<boolean> {
  const at = await confined(ws, rel);
  if (typeof at === 'string') return false;
  try {
    return (await stat(at.real)).isFile();
  } catch {
    return false;
  }
}

/** A workspace-relative text file, read whole when it is inside the workspace and small enough. */
export async function readWorkspaceFile(ws: DetectRoot, rel: string): Promise<ReadOutcome> {
  const at = await confined(ws, rel);
  if (at === 'missing') return { kind: 'missing' };
  if (at === 'outside') return { kind: 'outside' };
  try {
    const handle = await open(at.real, 'r');
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { kind: 'missing' };
      if (info.size > MAX_DETECT_FILE_BYTES) return { kind: 'too-large', bytes: info.size };
      // One byte more than the cap: a file that grew since the stat is still caught.
      const buffer = Buffer.alloc(MAX_DETECT_FILE_BYTES + 1);
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
        if (filled === buffer.length) return { kind: 'too-large', bytes: filled };
      }
      return {
        kind: 'text',
        text: buffer
          .subarray(0, filled)
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      };
    } finally {
      await handle.close();
    }
  } catch {
    return { kind: 'unreadable' };
  }
}

/** One sentence about a file that could not be used, or undefined when there is nothing to say (it is simply absent). */
export function readNote(rel: string, outcome: ReadOutcome): string | undefined {
  switch (outcome.kind) {
    case 'too-large':
      return `${rel} is larger than ${MAX_DETECT_FILE_BYTES / (1024 * 1024)} MiB, so its checks were not read; shorten it or list the checks in the fanout.checks setting.`;
    case 'outside':
      return `${rel} is a symlink to a file outside the workspace, so it was not read; make it a regular file to have its checks found.`;
    case 'unreadable':
      return `${rel} could not be read; check its permissions.`;
    case 'missing':
    case 'text':
      return undefined;
  }
}
