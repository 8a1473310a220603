/**
 * The repository listing behind the repo map: every file the workspace walk sees (`fileWalk.ts`:
 * .gitignore at every level, no .git, dependencies, build output or runs) with its size, in path
 * order. The walk stops after a fixed number of entries and says so.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { walkFiles } from '../workspace/fileWalk';

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
  const walk = await walkFiles(root, { maxEntries, signal });
  const files: RepoFile[] = [];
  for (const path of walk.files) {
    signal?.throwIfAborted();
    files.push({ path, bytes: await sizeOf(join(root, path)) });
  }
  return { files, stopped: walk.stopped };
}

async function sizeOf(abs: string): Promise<number> {
  try {
    return (await stat(abs)).size;
  } catch {
    return 0;
  }
}
