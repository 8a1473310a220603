/**
 * The repository walk behind the repo map: every file with its size, in path order, minus `.git`,
 * dependency and build folders and whatever `.gitignore` files exclude (at every level, deeper rules
 * winning). Symlinks are not followed. The walk stops after a fixed number of entries and says so.
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isIgnoredBy, loadIgnoreRules, type IgnoreRules } from '../gitignoreRules';

/** Folders never mapped: VCS internals, dependencies, build output and caches. */
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
  '.fanout-runs',
]);

export const MAX_WALK_ENTRIES = 20_000;

export interface RepoFile {
  /** Workspace-relative, "/" separators. */
  readonly path: string;
  readonly bytes: number;
}

export interface RepoListing {
  /** Sorted by path. */
  readonly files: readonly RepoFile[];
  /** The walk stopped at its entry limit: some files are missing. */
  readonly stopped: boolean;
}




/** Lists the repository's files; never throws for unreadable folders (they are skipped). */
export async function listRepoFiles(root: string, signal?: AbortSignal, maxEntries = MAX_WALK_ENTRIES): Promise<RepoListing> {
  const files: RepoFile[] = [];
  const rootRules = await loadIgnoreRules(root, '');
  const queue: { dirRel: string; rules: readonly IgnoreRules[] }[] = [{ dirRel: '', rules: rootRules ? [rootRules] : [] }];
  let visited = 0;
  let stopped = false;
  while (queue.length > 0 && !stopped) {
    signal?.throwIfAborted();
    const { dirRel, rules } = queue.shift() as { dirRel: string; rules: readonly IgnoreRules[] };
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, dirRel), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++visited > maxEntries) {
        stopped = true;
        break;
      }
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || isIgnoredBy(rules, rel, true)) continue;
        const own = await loadIgnoreRules(root, rel);
        queue.push({ dirRel: rel, rules: own ? [...rules, own] : rules });
      } else if (entry.isFile() && entry.name !== '.DS_Store' && !isIgnoredBy(rules, rel, false)) {
        files.push({ path: rel, bytes: await sizeOf(join(root, rel)) });
      }
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, stopped };
}

async function sizeOf(abs: string): Promise<number> {
  try {
    return (await lstat(abs)).size;
  } catch {
    return 0;
  }
}
