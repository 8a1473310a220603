/**
 * The file listing behind list_files and search_text: the workspace walk (`fileWalk.ts`: .gitignore
 * at every level, no .git, dependencies, build output or runs) under a glob, merged with the staged
 * creations and deletions the calling agent can see.
 */
import picomatch from 'picomatch';
import type { ToolContext } from './toolTypes';
import { walkFiles } from '../fileWalk';
import { hasGlobSyntax } from '../../plan/globIntersect';
import type { ToolLimits } from './common';

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
  /** Set when the pattern's folder is skipped (a skipped folder such as `node_modules`, .gitignored, or a symlink). */
  readonly skippedBase?: string;
}

/** Files the calling agent can see that match the pattern. */
export async function listVisibleFiles(ctx: ToolContext, pattern: CompiledPattern, limits: ToolLimits): Promise<Listing> {
  const walk = await walkFiles(ctx.workspaceRoot, { base: pattern.base, maxEntries: limits.maxWalkEntries, signal: ctx.signal });
  const found = new Set(walk.files.filter((rel) => pattern.matches(rel)));
  for (const staged of ctx.view.stagedPaths()) {
    if (staged.deleted) found.delete(staged.path);
    else if (pattern.matches(staged.path)) found.add(staged.path);
  }
  const paths = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { paths, walkStopped: walk.stopped, skippedBase: walk.skippedBase };
}
