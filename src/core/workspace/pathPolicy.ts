/**
 * Path safety. Every path an agent names (and every `owns` entry in a plan) goes through here before
 * anything touches the disk or the staging store; writes and deletes also through `writePolicy.ts`.
 *
 * Refused: NUL bytes; absolute paths (`/etc/passwd`, `C:\x`, `\\server\share`); `..` that climbs
 * out of the workspace (`src/../x` is fine and becomes `x`); `.git` as any segment, compared
 * case-insensitively because `.GIT` is the same folder on macOS and Windows; any existing path
 * component that is a symlink leading outside the workspace (compared by realpath, so a workspace
 * root that is itself a symlink works) or into `.git`; a file name over 255 bytes or a path over 4096
 * bytes (`invalid-path`, as is ENAMETOOLONG from the file system). For writes and deletes also
 * (`writePolicy.ts`): a path that ends in `/` (it names a folder), a path the task does not own, and
 * any path through a symlink inside the workspace.
 *
 * Symlinks inside the workspace: reads follow them. A write is decided on the real path the name
 * leads to (`src/a/link/x.ts` with `src/a/link -> ../b` is `src/b/x.ts`): refused as not owned when
 * the task does not own the real path, and otherwise refused too, with the real path to write
 * instead. So every staged path is a real path (one file, one name), ownership can never be borrowed
 * through a link, and the patch Git applies never writes through one.
 *
 * Backslashes in agent paths are read as separators (models on Windows write `src\\a.ts`), so a
 * file name containing a literal backslash cannot be addressed. Ownership is case-sensitive; on a
 * case-insensitive file system a differently-cased path is refused as unowned (the safe direction),
 * and plan validation rejects owns that differ only by case. Unicode spellings (NFC and NFD) of one
 * name are one path for ownership, as on macOS (`ownership.ts`).
 *
 * Limit: checks happen when a tool runs; a symlink created afterwards by someone else is caught when
 * the next tool call resolves the path again, and never matters for the workspace itself because
 * agents only write to the staging store.
 */
import { definedFields } from '../definedFields';
import { lstat, realpath, stat } from './fileCalls';
import { lookAhead } from './pathLooks';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DenialReason } from '../run/eventVocabulary';
import { isGitAlias } from './sensitivePaths';
import { errorCode, isAbsentCode } from './errorCode';
import type { SeenOnDisk } from './stagingTypes';

/** Longest file or folder name, in UTF-8 bytes (NAME_MAX on Linux, macOS and Windows file systems). */
export const MAX_NAME_BYTES = 255;
/** Longest workspace-relative path, in UTF-8 bytes (PATH_MAX on Linux). */
export const MAX_PATH_BYTES = 4096;
/** How much of an over-long path a message quotes. */
const SHOWN_CHARS = 60;

export interface PathDenial {
  readonly ok: false;
  readonly reason: DenialReason;
  /** The task that owns the path, when the refusal is about another task's file. */
  readonly owner?: string;
  /** Actionable text for the model (and the UI). */
  readonly message: string;
}

/** The symlink inside the workspace that a path goes through (the first one), and where it leads. */
export interface SymlinkVia {
  /** The symlink, workspace-relative. */
  readonly link: string;
  /** What the symlink resolves to, workspace-relative ('' for the root). */
  readonly target: string;
  /** The real workspace-relative path the whole requested path names. */
  readonly real: string;
}

export type LexicalPath = { readonly ok: true; readonly rel: string } | PathDenial;
export type ResolvedPath =
  | {
      readonly ok: true;
      readonly rel: string;
      readonly abs: string;
      /** What is at the path when it was resolved: a folder, something else (a file), or nothing yet. */
      readonly found: 'folder' | 'other' | 'missing';
      /** Set only when the path goes through a symlink inside the workspace. */
      readonly via?: SymlinkVia;
      /**
       * Where the path lands on disk, as the walk found it: what the staging store would otherwise
       * look up again for the same call (`StagingView.write`, and `read` of a path that is absent).
       */
      readonly onDisk: SeenOnDisk;
    }
  | PathDenial;

export function deny(reason: DenialReason, message: string, owner?: string): PathDenial {
  return owner === undefined ? { ok: false, reason, message } : { ok: false, reason, owner, message };
}

export function looksAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path);
}

/** `.git`, in any spelling a file system resolves to it (`.GIT`, `.git.`, `GIT~1` …; see sensitivePaths.ts). */
export function isGitSegment(segment: string): boolean {
  return isGitAlias(segment);
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function toRel(realRoot: string, abs: string): string {
  return relative(realRoot, abs).split(sep).join('/');
}

/** A path as a message quotes it: cut short when it is long. */
function shown(path: string): string {
  return path.length > SHOWN_CHARS ? `${path.slice(0, SHOWN_CHARS)}…` : path;
}

export function absoluteMessage(requested: string, root: string | undefined): string {
  if (root !== undefined && isAbsolute(requested)) {
    const inner = relative(resolve(root), resolve(requested));
    if (inner !== '' && !inner.startsWith('..') && !isAbsolute(inner)) {
      return `"${requested}" is an absolute path; use the workspace-relative path "${inner.split(sep).join('/')}" instead.`;
    }
  }
  return `"${requested}" is an absolute path; paths must be relative to the workspace root, like "src/index.ts".`;
}

/** Why no file can have this path (a name or the whole path too long), or undefined. */
function lengthDenial(requested: string, segments: readonly string[]): PathDenial | undefined {
  const total = Buffer.byteLength(requested, 'utf8');
  if (total > MAX_PATH_BYTES) {
    return deny('invalid-path', `The path "${shown(requested)}" is ${total} bytes long, over the ${MAX_PATH_BYTES}-byte limit for a path; use a shorter path.`);
  }
  for (const seg of segments) {
    const bytes = Buffer.byteLength(seg, 'utf8');
    if (bytes > MAX_NAME_BYTES) {
      return deny(
        'invalid-path',
        `The name "${shown(seg)}" in "${shown(requested)}" is ${bytes} bytes long; file and folder names can be at most ${MAX_NAME_BYTES} bytes. Use a shorter name.`,
      );
    }
  }
  return undefined;
}

/** Lexical checks and normalisation of a path an agent named (no disk access). */
export function normalizeRequestedPath(requested: string, root?: string): LexicalPath {
  if (requested.includes('\0')) return deny('outside-workspace', 'The path contains a NUL byte; name a normal workspace-relative path.');
  const slashed = requested.replace(/\\/g, '/');
  const segments = slashed.split('/');
  const tooLong = lengthDenial(slashed, segments);
  if (tooLong) return tooLong;
  if (looksAbsolute(requested)) return deny('absolute-path', absoluteMessage(requested, root));
  const out: string[] = [];
  for (const seg of segments) {
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

/**
 * What the walk found at the path itself: `folder` when it exists and is a folder (after following a
 * symlink inside the workspace), `other` when it exists as anything else, `missing` when it does not.
 */
type Found = 'folder' | 'other' | 'missing';

interface Walked {
  readonly found: Found;
  readonly via?: SymlinkVia;
  /** An existing ancestor that is not a folder (`README.md` of `README.md/x.ts`): the walk stopped under it. */
  readonly fileAbove?: string;
  /** The size of the regular file at the path (after a symlink inside the workspace). */
  readonly fileBytes?: number;
}

/**
 * Walks the existing components of `rel` and refuses symlinks that lead outside the root or into
 * `.git`; otherwise tells what is at the path and, when the path goes through a symlink inside the
 * workspace, the first such link and the real path, so callers need no second look at it.
 */
async function checkSymlinks(root: string, rel: string): Promise<PathDenial | Walked> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return deny('outside-workspace', `The workspace root ${root} cannot be resolved.`);
  }
  const segments = rel === '' ? [] : rel.split('/');
  /** Where the path really is so far: the path looked at with every symlink on the way resolved. */
  let real = realRoot;
  let found: Found = 'folder'; // the root itself
  let link: { readonly link: string; readonly target: string } | undefined;
  /** The size of the regular file the path names, when the walk found one there. */
  let fileBytes: number | undefined;
  const walked = (what: Found, fileAbove?: string, bytes?: number): Walked => {
    const found: Walked = link ? { found: what, via: { ...link, real: toRel(realRoot, real) } } : { found: what };
    return { ...found, ...definedFields({ fileAbove, fileBytes: bytes }) };
  };
  const lookAt = lookAhead(realRoot, segments);
  for (let i = 0; i < segments.length; i++) {
    const named = segments.slice(0, i + 1).join('/');
    const look = await lookAt(i);
    const info = look.info;
    if (info === undefined) {
      const error = look.error;
      const code = errorCode(error);
      if (isAbsentCode(code)) {
        real = join(real, ...segments.slice(i)); // the rest does not exist yet
        const tooLong = await lengthOnDisk(realRoot, rel);
        if (tooLong) return tooLong;
        // Under something that is not a folder, nothing can be created.
        return walked('missing', i > 0 && found === 'other' ? segments.slice(0, i).join('/') : undefined);
      }
      if (code === 'ENAMETOOLONG') return deny('invalid-path', `"${shown(named)}" is longer than the file system allows; use a shorter path.`);
      return deny('outside-workspace', `"${named}" cannot be inspected (${code ?? String(error)}).`);
    }
    if (!info.isSymbolicLink()) {
      real = join(real, segments[i]);
      found = info.isDirectory() ? 'folder' : 'other';
      fileBytes = info.isFile() ? info.size : undefined;
      continue;
    }
    let target: string;
    try {
      target = await realpath(look.path);
    } catch {
      return deny('symlink-escape', `"${named}" is a symlink whose target does not exist; Fanout does not follow it.`);
    }
    const verdict = symlinkVerdict(realRoot, target, rel, named);
    if (verdict) return verdict;
    real = target;
    link ??= { link: named, target: toRel(realRoot, target) };
    try {
      const targetInfo = await stat(target);
      found = targetInfo.isDirectory() ? 'folder' : 'other';
      fileBytes = targetInfo.isFile() ? targetInfo.size : undefined;
    } catch {
      found = 'other';
      fileBytes = undefined;
    }
  }
  return walked(found, undefined, fileBytes);
}

/**
 * Absolute paths this long may be over the system's limit for a path (1024 bytes on macOS, 4096 on
 * Linux) although each name is within its own: only the file system can tell.
 */
const LONG_ABSOLUTE_BYTES = 1024;

/** For a path whose rest does not exist yet: refused when the file system could never hold it (ENAMETOOLONG). */
async function lengthOnDisk(realRoot: string, rel: string): Promise<PathDenial | undefined> {
  const abs = join(realRoot, rel);
  if (Buffer.byteLength(abs) < LONG_ABSOLUTE_BYTES) return undefined;
  try {
    await lstat(abs);
  } catch (error) {
    if (errorCode(error) === 'ENAMETOOLONG') return deny('invalid-path', `"${shown(rel)}" is longer than the file system allows; use a shorter path.`);
  }
  return undefined;
}

export function symlinkVerdict(realRoot: string, target: string, rel: string, named: string): PathDenial | undefined {
  const via = rel === named ? `"${rel}" is a symlink that` : `"${rel}" goes through the symlink "${named}", which`;
  if (!isInside(realRoot, target)) return deny('symlink-escape', `${via} points outside the workspace; use a path inside the workspace.`);
  if (relative(realRoot, target).split(sep).some(isGitSegment))
    return deny('git-internal', `${via} points into .git; Git internals cannot be read or written.`);
  return undefined;
}

/** Resolves a path for reading: lexical checks, then symlinks. The path need not exist. */
export async function resolveForRead(root: string, requested: string): Promise<ResolvedPath> {
  const lexical = normalizeRequestedPath(requested, root);
  if (!lexical.ok) return lexical;
  const walked = await checkSymlinks(root, lexical.rel);
  if ('ok' in walked) return walked;
  const onDisk: SeenOnDisk = {
    real: walked.via?.real ?? lexical.rel,
    exists: walked.found !== 'missing',
    ...definedFields({ absent: walked.found === 'missing' ? (true as const) : undefined, fileAbove: walked.fileAbove, fileBytes: walked.fileBytes }),
  };
  const resolved = { ok: true, rel: lexical.rel, abs: join(root, lexical.rel), found: walked.found, onDisk } as const;
  return walked.via ? { ...resolved, via: walked.via } : resolved;
}
