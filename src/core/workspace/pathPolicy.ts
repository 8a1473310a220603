/**
 * Path safety, in one place. Every path an agent names (and every `owns` entry in a plan) goes
 * through here before anything touches the disk or the staging store.
 *
 * Refused: NUL bytes; absolute paths (`/etc/passwd`, `C:\x`, `\\server\share`); `..` that climbs
 * out of the workspace (`src/../x` is fine and becomes `x`); `.git` as any segment, compared
 * case-insensitively because `.GIT` is the same folder on macOS and Windows; any existing path
 * component that is a symlink leading outside the workspace (compared by realpath, so a workspace
 * root that is itself a symlink works) or into `.git`; for writes, a path the task does not own.
 *
 * Backslashes in agent paths are read as separators (models on Windows write `src\\a.ts`), so a
 * file name containing a literal backslash cannot be addressed. Ownership is case-sensitive; on a
 * case-insensitive file system a differently-cased path is refused as unowned (the safe direction),
 * and plan validation rejects owns that differ only by case.
 *
 * Limit: checks happen when a tool runs; a symlink created afterwards by someone else is caught when
 * the next tool call resolves the path again, and never matters for the workspace itself because
 * agents only write to the staging store.
 */
import { lstatSync, realpathSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DenialReason } from '../run/events';
import { isOwnedBy, normalizeOwnedPattern, ownerOf } from '../plan/ownership';
import { isWritingTask, type Plan, type TaskSpec } from '../plan/plan';
import { hasGlobSyntax } from '../plan/globIntersect';

export interface PathDenial {
  readonly ok: false;
  readonly reason: DenialReason;
  /** The task that owns the path, when the refusal is about another task's file. */
  readonly owner?: string;
  /** Actionable text for the model (and the UI). */
  readonly message: string;
}

export type LexicalPath = { readonly ok: true; readonly rel: string } | PathDenial;
export type ResolvedPath =
  | {
      readonly ok: true;
      readonly rel: string;
      readonly abs: string;
      /** What is at the path when it was resolved: a folder, something else (a file), or nothing yet. */
      readonly found: 'folder' | 'other' | 'missing';
    }
  | PathDenial;

function deny(reason: DenialReason, message: string, owner?: string): PathDenial {
  return owner === undefined ? { ok: false, reason, message } : { ok: false, reason, owner, message };
}

function looksAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path);
}

function isGitSegment(segment: string): boolean {
  return segment.toLowerCase() === '.git';
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function absoluteMessage(requested: string, root: string | undefined): string {
  if (root !== undefined && isAbsolute(requested)) {
    const inner = relative(resolve(root), resolve(requested));
    if (inner !== '' && !inner.startsWith('..') && !isAbsolute(inner)) {
      return `"${requested}" is an absolute path; use the workspace-relative path "${inner.split(sep).join('/')}" instead.`;
    }
  }
  return `"${requested}" is an absolute path; paths must be relative to the workspace root, like "src/index.ts".`;
}

/** Lexical checks and normalisation of a path an agent named (no disk access). */
export function normalizeRequestedPath(requested: string, root?: string): LexicalPath {
  if (requested.includes('\0')) return deny('outside-workspace', 'The path contains a NUL byte; name a normal workspace-relative path.');
  const slashed = requested.replace(/\\/g, '/');
  if (looksAbsolute(requested)) return deny('absolute-path', absoluteMessage(requested, root));
  const out: string[] = [];
  for (const seg of slashed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return deny('outside-workspace', `"${requested}" leads outside the workspace; paths must stay inside the workspace root.`);
      out.pop();
    } else {
      out.push(seg);
    }
  }
  if (out.some(isGitSegment)) return deny('git-internal', `"${requested}" is inside .git; Git internals cannot be read or written.`);
  return { ok: true, rel: out.join('/') };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * What the walk found at the path itself: `folder` when it exists and is a folder (after following a
 * symlink inside the workspace), `other` when it exists as anything else, `missing` when it does not.
 */
type Found = 'folder' | 'other' | 'missing';

/**
 * Walks the existing components of `rel` and refuses symlinks that lead outside the root or into
 * `.git`; otherwise tells what is at the path, so callers need no second look at it.
 */
async function checkSymlinks(root: string, rel: string): Promise<PathDenial | Found> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return deny('outside-workspace', `The workspace root ${root} cannot be resolved.`);
  }
  const segments = rel === '' ? [] : rel.split('/');
  let current = realRoot;
  let found: Found = 'folder'; // the root itself
  for (let i = 0; i < segments.length; i++) {
    current = join(current, segments[i]);
    const shown = segments.slice(0, i + 1).join('/');
    let info: Stats;
    try {
      info = await lstat(current);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing'; // the rest does not exist yet
      return deny('outside-workspace', `"${shown}" cannot be inspected (${code ?? String(error)}).`);
    }
    if (!info.isSymbolicLink()) {
      found = info.isDirectory() ? 'folder' : 'other';
      continue;
    }
    let target: string;
    try {
      target = await realpath(current);
    } catch {
      return deny('symlink-escape', `"${shown}" is a symlink whose target does not exist; Fanout does not follow it.`);
    }
    const verdict = symlinkVerdict(realRoot, target, rel, shown);
    if (verdict) return verdict;
    try {
      found = (await stat(target)).isDirectory() ? 'folder' : 'other';
    } catch {
      found = 'other';
    }
  }
  return found;
}

function symlinkVerdict(realRoot: string, target: string, rel: string, shown: string): PathDenial | undefined {
  const via = rel === shown ? `"${rel}" is a symlink that` : `"${rel}" goes through the symlink "${shown}", which`;
  if (!isInside(realRoot, target)) return deny('symlink-escape', `${via} points outside the workspace; use a path inside the workspace.`);
  if (relative(realRoot, target).split(sep).some(isGitSegment))
    return deny('git-internal', `${via} points into .git; Git internals cannot be read or written.`);
  return undefined;
}

/** Resolves a path for reading: lexical checks, then symlinks. The path need not exist. */
export async function resolveForRead(root: string, requested: string): Promise<ResolvedPath> {
  const lexical = normalizeRequestedPath(requested, root);
  if (!lexical.ok) return lexical;
  const found = await checkSymlinks(root, lexical.rel);
  if (typeof found !== 'string') return found;
  return { ok: true, rel: lexical.rel, abs: join(root, lexical.rel), found };
}

/** Why `task` may not write `rel`, or undefined when it may. */
export function ownershipDenial(rel: string, task: TaskSpec, plan: Plan): PathDenial | undefined {
  if (!isWritingTask(task)) {
    return deny('not-owned', `validators cannot write files; task ${task.id} is a validate task. Report problems with report_finding instead.`);
  }
  if (isOwnedBy(rel, task)) return undefined;
  const owner = ownerOf(rel, plan);
  if (owner) {
    return deny(
      'not-owned',
      `you do not own ${rel}; its owner is task ${owner.id}. Do not work around this: if ${rel} needs a change, describe it in your finish summary.`,
      owner.id,
    );
  }
  const mine = task.owns.length > 0 ? task.owns.join(', ') : '(nothing)';
  return deny('not-owned', `no task owns ${rel}; you may write only paths matching ${mine}. If ${rel} must change, ask for it in your finish summary.`);
}

/** Resolves a path for a write or delete by `task`: read checks, not a folder, owned by the task. */
export async function resolveForWrite(root: string, requested: string, task: TaskSpec, plan: Plan): Promise<ResolvedPath> {
  const resolved = await resolveForRead(root, requested);
  if (!resolved.ok) return resolved;
  if (resolved.rel === '') return deny('not-a-file', 'The path names the workspace root; name a file.');
  const owned = ownershipDenial(resolved.rel, task, plan);
  if (owned) return owned;
  if (resolved.found === 'folder') return deny('not-a-file', `${resolved.rel} is a folder; name a file inside it.`);
  return resolved;
}

/**
 * Checks one `owns` entry of a plan: lexical rules as for agent paths (globs allowed), no `..`
 * after a glob, and no symlink in its literal folder prefix that leads outside the workspace.
 * Synchronous, for plan validation.
 */
export function checkOwnedPattern(root: string, pattern: string): { readonly ok: true; readonly pattern: string } | PathDenial {
  const raw = pattern.trim();
  if (raw.includes('\0')) return deny('outside-workspace', `"${pattern}" contains a NUL byte.`);
  if (looksAbsolute(raw)) return deny('absolute-path', absoluteMessage(raw, root));
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  const globAt = segments.findIndex((s) => hasGlobSyntax(s));
  const dotdotAt = segments.lastIndexOf('..');
  if (globAt !== -1 && dotdotAt > globAt) return deny('outside-workspace', `"${pattern}" has ".." after a glob, which may leave the workspace.`);
  const normalized = normalizeOwnedPattern(raw);
  if (normalized.split('/').includes('..')) return deny('outside-workspace', `"${pattern}" leads outside the workspace; owned paths must stay inside it.`);
  if (normalized.split('/').some(isGitSegment)) return deny('git-internal', `"${pattern}" is inside .git; no task may own Git internals.`);
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { ok: true, pattern: normalized };
  }
  let current = realRoot;
  for (const seg of normalized.split('/')) {
    if (hasGlobSyntax(seg)) break;
    current = join(current, seg);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      break; // does not exist yet (or cannot be inspected): agents' writes are checked again
    }
    if (!isLink) continue;
    const shown = relative(realRoot, current).split(sep).join('/');
    let target: string;
    try {
      target = realpathSync(current);
    } catch {
      return deny('symlink-escape', `"${pattern}" goes through the symlink "${shown}", whose target does not exist.`);
    }
    const verdict = symlinkVerdict(realRoot, target, normalized, shown);
    if (verdict) return verdict;
  }
  return { ok: true, pattern: normalized };
}
