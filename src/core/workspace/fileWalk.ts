/**
 * The one walk over a workspace's files, behind the agents' list_files and search_text and the
 * planner's repo map: every file under a folder, minus the folders no one needs to see (VCS
 * internals, dependencies, build output, caches, Fanout's own runs) and whatever `.gitignore` files
 * exclude, at every level, deeper rules winning.
 *
 * Symlinked folders are not followed; a symlinked file is listed only when it resolves to a file
 * inside the workspace (and outside `.git`). The walk goes breadth-first in name order, so the files
 * it lists before its entry limit are the same on every run; it stops there and says so.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isIgnoredBy, loadIgnoreRules, type IgnoreRules } from './gitignoreRules';

/** Where the CLI keeps its runs inside a workspace, by default. */
export const WORKSPACE_RUNS_FOLDER = '.fanout-runs';

/** Folders never walked, at any depth: VCS internals, dependencies, build output, caches and runs. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  '.git',
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.turbo',
  '.venv',
  'venv',
  '__pycache__',
  WORKSPACE_RUNS_FOLDER,
]);

/** Files never listed: operating-system litter. */
const SKIPPED_FILES: ReadonlySet<string> = new Set(['.DS_Store']);

export interface WalkOptions {
  /** Workspace-relative folder to walk ('' for the root); the `.gitignore` files above it apply. */
  readonly base?: string;
  /** Directory entries looked at before the walk stops. */
  readonly maxEntries: number;
  readonly signal?: AbortSignal;
}

export interface WalkResult {
  /** Workspace-relative files with "/" separators, sorted. */
  readonly files: readonly string[];
  /** The walk stopped at its entry limit: some files are missing. */
  readonly stopped: boolean;
  /** Set when the base folder itself is skipped (a skipped folder, .gitignored, or a symlink). */
  readonly skippedBase?: string;
}

/** Lists the files under the base folder; unreadable folders are skipped, never thrown. */
export async function walkFiles(root: string, options: WalkOptions): Promise<WalkResult> {
  const base = options.base ?? '';
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { files: [], stopped: false };
  }
  const start = await rulesDownTo(root, base);
  if ('skipped' in start) return { files: [], stopped: false, skippedBase: start.skipped };
  const files: string[] = [];
  const queue: { dirRel: string; rules: readonly IgnoreRules[] }[] = [{ dirRel: base, rules: start.rules }];
  let visited = 0;
  while (queue.length > 0) {
    options.signal?.throwIfAborted();
    const { dirRel, rules } = queue.shift() as (typeof queue)[number];
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, dirRel), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++visited > options.maxEntries) return { files: sorted(files), stopped: true };
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || isIgnoredBy(rules, rel, true)) continue;
        const own = await loadIgnoreRules(root, rel);
        queue.push({ dirRel: rel, rules: own ? [...rules, own] : rules });
      } else if (!SKIPPED_FILES.has(entry.name) && !isIgnoredBy(rules, rel, false)) {
        if (entry.isFile() || (entry.isSymbolicLink() && (await isInnerFile(realRoot, join(root, rel))))) files.push(rel);
      }
    }
  }
  return { files: sorted(files), stopped: false };
}

/** The rules in force in the base folder (from the root down), or the first folder on the way that is skipped. */
async function rulesDownTo(root: string, base: string): Promise<{ readonly rules: readonly IgnoreRules[] } | { readonly skipped: string }> {
  const rules: IgnoreRules[] = [];
  const segments = base === '' ? [] : base.split('/');
  for (let i = 0; i <= segments.length; i++) {
    const dirRel = segments.slice(0, i).join('/');
    if (i > 0) {
      const name = segments[i - 1];
      if (SKIPPED_FOLDERS.has(name) || isIgnoredBy(rules, dirRel, true) || (await isSymlink(join(root, dirRel)))) return { skipped: dirRel };
    }
    const own = await loadIgnoreRules(root, dirRel);
    if (own) rules.push(own);
  }
  return { rules };
}

function sorted(paths: string[]): string[] {
  return paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function isSymlink(abs: string): Promise<boolean> {
  try {
    return (await lstat(abs)).isSymbolicLink();
  } catch {
    return false;
  }
}

async function isInnerFile(realRoot: string, abs: string): Promise<boolean> {
  try {
    const target = await realpath(abs);
    const inner = relative(realRoot, target);
    const outside = inner === '' || inner === '..' || inner.startsWith(`..${sep}`) || isAbsolute(inner);
    if (outside || inner.split(sep).some((s) => s.toLowerCase() === '.git')) return false;
    return (await stat(target)).isFile();
  } catch {
    return false;
  }
}
