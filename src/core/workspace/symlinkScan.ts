/**
 * The symlinks under some folders of a workspace, for plan lint: which owned globs reach a symlink.
 *
 * It walks like the workspace walk (`fileWalk.ts`): breadth-first in name order, the same skipped
 * folders (`SKIPPED_FOLDERS`: VCS internals, dependencies, build output, caches, runs), never into a
 * symlinked folder, and it stops after a fixed number of directory entries and says so. It is
 * synchronous because plan lint is (a pure function of the checked plan), which is why the bounds
 * matter; `.gitignore` is not read, because a write through an ignored symlink is refused all the
 * same.
 */
import { sortedEntries } from './dirEntries';
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { SKIPPED_FOLDERS } from './fileWalk';

/** A symlink found by the scan and what it leads to. */
export type FoundSymlink =
  { readonly path: string; readonly leads: 'inside'; readonly target: string } | { readonly path: string; readonly leads: 'outside' | 'missing' };

export interface SymlinkScan {
  /** Workspace-relative symlinks, in walk order. */
  readonly links: readonly FoundSymlink[];
  /** The walk stopped at its entry limit (or its link limit): some symlinks may be missing. */
  readonly stopped: boolean;
}

export interface SymlinkScanLimits {
  /** Directory entries looked at before the scan stops. */
  readonly maxEntries: number;
  /** Symlinks resolved before the scan stops. */
  readonly maxLinks: number;
}

/** The symlinks under each base folder (workspace-relative; bases inside other bases are walked once). */
export function findSymlinks(root: string, bases: readonly string[], limits: SymlinkScanLimits): SymlinkScan {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { links: [], stopped: false };
  }
  const links: FoundSymlink[] = [];
  const queue = outermost(bases).filter((base) => isRealFolder(join(root, base)));
  let visited = 0;
  while (queue.length > 0) {
    const dirRel = queue.shift() as string;
    const entries = sortedEntries(join(root, dirRel));
    if (entries === undefined) continue;
    for (const entry of entries) {
      if (++visited > limits.maxEntries) return { links, stopped: true };
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) queue.push(rel);
      } else if (entry.isSymbolicLink()) {
        if (links.length >= limits.maxLinks) return { links, stopped: true };
        links.push(resolveLink(realRoot, root, rel));
      }
    }
  }
  return { links, stopped: false };
}

/** The bases without those inside another base, '' standing for the root. */
function outermost(bases: readonly string[]): string[] {
  const sorted = [...new Set(bases)].sort();
  const out: string[] = [];
  for (const base of sorted) {
    if (out.some((o) => o === '' || base === o || base.startsWith(`${o}/`))) continue;
    out.push(base);
  }
  return out;
}

/** A folder that is not itself a symlink (validation reports owned prefixes that are). */
function isRealFolder(abs: string): boolean {
  try {
    return lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function resolveLink(realRoot: string, root: string, rel: string): FoundSymlink {
  let target: string;
  try {
    target = realpathSync(join(root, rel));
  } catch {
    return { path: rel, leads: 'missing' };
  }
  const inner = relative(realRoot, target);
  if (inner === '..' || inner.startsWith(`..${sep}`) || isAbsolute(inner)) return { path: rel, leads: 'outside' };
  return { path: rel, leads: 'inside', target: inner.split(sep).join('/') };
}
