/**
 * The file walk behind list_files and search_text: workspace files under a glob, minus `.git`,
 * `node_modules` and whatever `.gitignore` files (at every level, deeper rules winning) exclude,
 * merged with the staged creations and deletions the calling agent can see.
 *
 * Symlinked folders are not followed; a symlinked file is listed only when it resolves to a file
 * inside the workspace. The walk stops after a fixed number of directory entries and says so.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { isIgnoredBy, loadIgnoreRules, type IgnoreRules } from '../gitignoreRules';
import picomatch from 'picomatch';
import type { ToolContext } from '../engineTypes';
import { hasGlobSyntax } from '../globIntersect';
import type { ToolLimits } from './common';

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);


export interface CompiledPattern {
  readonly matches: (rel: string) => boolean;
  /** Folder the walk can start from (the pattern's literal prefix), '' for the root. */
  readonly base: string;
}

/** Compiles a list/search glob; refuses absolute paths and `..`. */
export function compilePattern(pattern: string | undefined): CompiledPattern | { readonly error: string } {
  if (pattern === undefined) return { matches: () => true, base: '' };
  if (pattern.includes('\0')) return { error: 'The pattern contains a NUL byte.' };
  if (/^([/\\]|[A-Za-z]:)/.test(pattern)) return { error: `"${pattern}" is absolute; patterns are relative to the workspace root, like "src/**/*.ts".` };
  const cleaned = pattern.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  const segments = cleaned.split('/');
  if (segments.includes('..')) return { error: `"${pattern}" contains "..": only files inside the workspace can be listed.` };
  if (cleaned === '' || cleaned === '.') return { matches: () => true, base: '' };
  if (!hasGlobSyntax(cleaned) && !cleaned.includes('/')) {
    // A bare name: that file or folder name at any depth.
    return { matches: (rel) => `/${rel}/`.includes(`/${cleaned}/`), base: '' };
  }
  if (!hasGlobSyntax(cleaned)) {
    const parent = segments.slice(0, -1).join('/');
    return { matches: (rel) => rel === cleaned || rel.startsWith(`${cleaned}/`), base: parent };
  }
  const glob = picomatch(cleaned, { dot: true, basename: !cleaned.includes('/') });
  const base: string[] = [];
  for (const seg of segments.slice(0, -1)) {
    if (hasGlobSyntax(seg)) break;
    base.push(seg);
  }
  return { matches: (rel) => glob(rel), base: base.join('/') };
}



export interface Listing {
  /** Sorted workspace-relative paths. */
  readonly paths: readonly string[];
  /** The walk stopped at the entry limit: the listing is incomplete. */
  readonly walkStopped: boolean;
  /** Set when the pattern's folder is skipped (`node_modules`, `.git`, .gitignored or a symlink). */
  readonly skippedBase?: string;
}

/** Files the calling agent can see that match the pattern. */
export async function listVisibleFiles(ctx: ToolContext, pattern: CompiledPattern, limits: ToolLimits): Promise<Listing> {
  const root = ctx.workspaceRoot;
  const found = new Set<string>();
  const walk = await walkWorkspace(root, pattern, limits, ctx.signal, found);
  for (const staged of ctx.view.stagedPaths()) {
    if (staged.deleted) found.delete(staged.path);
    else if (pattern.matches(staged.path)) found.add(staged.path);
  }
  const paths = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return walk.skippedBase === undefined ? { paths, walkStopped: walk.stopped } : { paths, walkStopped: walk.stopped, skippedBase: walk.skippedBase };
}

async function walkWorkspace(
  root: string,
  pattern: CompiledPattern,
  limits: ToolLimits,
  signal: AbortSignal,
  found: Set<string>,
): Promise<{ stopped: boolean; skippedBase?: string }> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return { stopped: false };
  }
  // Rules from the root down to the start folder, and whether that folder is itself skipped.
  const rules: IgnoreRules[] = [];
  const baseSegments = pattern.base === '' ? [] : pattern.base.split('/');
  for (let i = 0; i <= baseSegments.length; i++) {
    const dirRel = baseSegments.slice(0, i).join('/');
    if (i > 0) {
      const name = baseSegments[i - 1] as string;
      if (ALWAYS_SKIPPED.has(name) || isIgnoredBy(rules, dirRel, true) || (await isSymlink(join(root, dirRel)))) {
        return { stopped: false, skippedBase: dirRel };
      }
    }
    const own = await loadIgnoreRules(root, dirRel);
    if (own) rules.push(own);
  }
  const stack: { dirRel: string; rules: readonly IgnoreRules[] }[] = [{ dirRel: pattern.base, rules }];
  let visited = 0;
  while (stack.length > 0) {
    signal.throwIfAborted();
    const { dirRel, rules: inherited } = stack.pop() as { dirRel: string; rules: readonly IgnoreRules[] };
    let entries;
    try {
      entries = await readdir(join(root, dirRel), { withFileTypes: true });
    } catch {
      continue;
    }
    const here = dirRel === pattern.base ? inherited : [...inherited, ...[await loadIgnoreRules(root, dirRel)].filter((r): r is IgnoreRules => r !== undefined)];
    for (const entry of entries) {
      if (++visited > limits.maxWalkEntries) return { stopped: true };
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const rel = dirRel === '' ? entry.name : `${dirRel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!isIgnoredBy(here, rel, true)) stack.push({ dirRel: rel, rules: here });
      } else if (entry.isFile() || (entry.isSymbolicLink() && (await isInnerFile(realRoot, join(root, rel))))) {
        if (!isIgnoredBy(here, rel, false) && pattern.matches(rel)) found.add(rel);
      }
    }
  }
  return { stopped: false };
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
    if (inner === '' || inner === '..' || inner.startsWith(`..${sep}`) || isAbsolute(inner) || inner.split(sep).some((s) => s.toLowerCase() === '.git')) return false;
    return (await stat(target)).isFile();
  } catch {
    return false;
  }
}
