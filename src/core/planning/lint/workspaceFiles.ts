/**
 * What plan lint knows of the workspace's files, read synchronously (plan lint is a pure function
 * of the checked plan) and with bounds, so a huge repository costs a bounded amount of work:
 *
 * - `listing()`: the files the workspace walk would list (`fileWalk.ts`: the same skipped folders,
 *   `.gitignore` at every level, no symlinked folders or files), breadth-first in name order,
 *   stopping after `MAX_WALK_ENTRIES` directory entries and saying so. Made once per lint pass.
 * - `exportedNames(wanted)`: which of the wanted names a source file exports (`symbols.ts`: TS/JS
 *   `export class|interface|type|…`, `export { A, B as C }`, top-level Python `class` / `def`),
 *   reading at most `MAX_SOURCE_FILES` files of at most `MAX_FILE_BYTES` each and
 *   `MAX_TOTAL_BYTES` in all; `complete` is false when a bound stopped the search early.
 */
import { sortedEntries } from '../../workspace/dirEntries';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';
import { SKIPPED_FOLDERS } from '../../workspace/fileWalk';
import { isIgnoredBy, type IgnoreRules } from '../../workspace/gitignoreRules';
import { MAX_WALK_ENTRIES } from '../repoFiles';
import { exportedSymbols, hasSymbolSupport } from '../symbols';

/** Source files read for exported names, the largest one read, and the bytes read in all. */
export const MAX_SOURCE_FILES = 3_000;
export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_TOTAL_BYTES = 4 * 1024 * 1024;

export interface WorkspaceListing {
  /** Workspace-relative, "/" separators, sorted. */
  readonly files: readonly string[];
  /** The walk stopped at its entry limit: some files are missing. */
  readonly stopped: boolean;
}

export interface ExportedNames {
  /** The wanted names some file exports. */
  readonly found: ReadonlySet<string>;
  /** False when the listing or a read bound stopped the search before every file was read. */
  readonly complete: boolean;
}

export interface WorkspaceFiles {
  listing(): WorkspaceListing;
  exportedNames(wanted: ReadonlySet<string>): ExportedNames;
}

/** A lazy view of the workspace for one lint pass: nothing is read until a rule asks. */
export function workspaceFiles(root: string, maxEntries = MAX_WALK_ENTRIES): WorkspaceFiles {
  let listing: WorkspaceListing | undefined;
  const list = (): WorkspaceListing => (listing ??= listFiles(root, maxEntries));
  return { listing: list, exportedNames: (wanted) => findExports(root, list(), wanted) };
}

function rulesOf(root: string, dirRel: string): IgnoreRules | undefined {
  try {
    return { base: dirRel, ig: ignore().add(readFileSync(join(root, dirRel, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

function listFiles(root: string, maxEntries: number): WorkspaceListing {
  const files: string[] = [];
  const top = rulesOf(root, '');
  const queue: { dirRel: string; rules: readonly IgnoreRules[] }[] = [{ dirRel: '', rules: top ? [top] : [] }];
  let visited = 0;
  while (queue.length > 0) {
    const { dirRel, rules } = queue.shift() as (typeof queue)[number];
    const entries = sortedEntries(join(root, dirRel));
    if (entries === undefined) continue;
    for (const entry of entries) {
      if (++visited > maxEntries) return { files: files.sort(), stopped: true };
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || isIgnoredBy(rules, rel, true)) continue;
        const own = rulesOf(root, rel);
        queue.push({ dirRel: rel, rules: own ? [...rules, own] : rules });
      } else if (entry.isFile() && !isIgnoredBy(rules, rel, false)) {
        files.push(rel);
      }
    }
  }
  return { files: files.sort(), stopped: false };
}

/** Names a symbol entry declares: one name, or each (aliased) name of `{ A, type B, C as D }`. */
function declaredNames(name: string): string[] {
  if (!name.startsWith('{')) return [name];
  return name
    .slice(1, -1)
    .split(',')
    .map((part) => part.trim().replace(/^type\s+/, ''))
    .map((part) => part.split(/\s+as\s+/).pop() ?? '')
    .filter((part) => part !== '');
}

function findExports(root: string, listing: WorkspaceListing, wanted: ReadonlySet<string>): ExportedNames {
  const found = new Set<string>();
  if (wanted.size === 0) return { found, complete: true };
  let complete = !listing.stopped;
  let filesRead = 0;
  let bytesRead = 0;
  for (const path of listing.files) {
    if (found.size === wanted.size) return { found, complete: true };
    if (!hasSymbolSupport(path)) continue;
    const abs = join(root, path);
    let size: number;
    try {
      size = statSync(abs).size;
    } catch {
      continue;
    }
    if (size > MAX_FILE_BYTES || filesRead >= MAX_SOURCE_FILES || bytesRead + size > MAX_TOTAL_BYTES) {
      complete = false;
      if (filesRead >= MAX_SOURCE_FILES || bytesRead >= MAX_TOTAL_BYTES) break;
      continue;
    }
    filesRead += 1;
    bytesRead += size;
    let content: string;
    try {
      content = readFileSync(abs, 'utf8');
    } catch {
      continue;
    }
    if (![...wanted].some((name) => !found.has(name) && content.includes(name))) continue;
    for (const symbol of exportedSymbols(path, content)) {
      for (const name of declaredNames(symbol.name)) if (wanted.has(name)) found.add(name);
    }
  }
  return { found, complete: complete || found.size === wanted.size };
}
