/**
 * The path policy for a plan's `owns` entries (agents' paths are `pathPolicy.ts`): the same lexical
 * rules (globs allowed), no `..` after a glob, and no symlink in the entry's literal folder prefix
 * that leads outside the workspace or into `.git`. A symlink inside the workspace on that prefix is
 * reported as `via`, with the entry spelled on the real path: agents' writes through it are refused,
 * so plan validation asks for the real path instead. Synchronous, for plan validation.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { hasGlobSyntax } from '../plan/globIntersect';
import { normalizeOwnedPattern } from '../plan/ownership';
import { absoluteMessage, deny, isGitSegment, looksAbsolute, symlinkVerdict, toRel, type PathDenial } from './pathPolicy';

/** The symlink an `owns` entry goes through, and the entry spelled with the real path instead. */
export interface OwnedVia {
  /** The symlink, workspace-relative. */
  readonly link: string;
  /** What it resolves to, workspace-relative ('' for the root). */
  readonly target: string;
  /** The entry with every symlink on its literal prefix resolved. */
  readonly realPattern: string;
}

/** A checked `owns` entry in normal form; `via` when its literal prefix goes through a symlink inside the workspace. */
export type CheckedPattern = { readonly ok: true; readonly pattern: string; readonly via?: OwnedVia } | PathDenial;

/** Checks one `owns` entry against the workspace and puts it in normal form. */
export function checkOwnedPattern(root: string, pattern: string): CheckedPattern {
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
  const parts = normalized.split('/');
  let current = realRoot;
  /** `current` with every symlink on the way resolved. */
  let real = realRoot;
  let first: { readonly link: string; readonly target: string } | undefined;
  let walked = 0;
  for (const seg of parts) {
    if (hasGlobSyntax(seg)) break;
    current = join(current, seg);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      break; // does not exist yet (or cannot be inspected): agents' writes are checked again
    }
    walked++;
    if (!isLink) {
      real = join(real, seg);
      continue;
    }
    const named = toRel(realRoot, current);
    let target: string;
    try {
      target = realpathSync(current);
    } catch {
      return deny('symlink-escape', `"${pattern}" goes through the symlink "${named}", whose target does not exist.`);
    }
    const verdict = symlinkVerdict(realRoot, target, normalized, named);
    if (verdict) return verdict;
    real = target;
    first ??= { link: named, target: toRel(realRoot, target) };
  }
  if (first === undefined) return { ok: true, pattern: normalized };
  const realPrefix = toRel(realRoot, real);
  const realPattern = [...(realPrefix === '' ? [] : [realPrefix]), ...parts.slice(walked)].join('/');
  return { ok: true, pattern: normalized, via: { ...first, realPattern } };
}
