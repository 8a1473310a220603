/**
 * File ownership: which writing task owns a path, and whether two tasks' `owns` can ever meet.
 *
 * An `owns` entry is a workspace-relative path or a picomatch glob (matched with `dot: true`, so
 * `src/**` covers `src/.env`). Every entry also matches, as a literal string, the path it spells and
 * everything below it: `src/api` owns `src/api/user.ts`, and `app/[id]/page.tsx` owns that very file
 * even though picomatch reads `[id]` as a character class. A trailing `/` means the whole folder.
 *
 * Paths are compared case-sensitively when deciding ownership. The overlap check compares case-
 * insensitively instead, so two tasks can never own `src/A.ts` and `src/a.ts` — one file on macOS and
 * Windows file systems. Both compare Unicode spellings as one (NFC): `Café` written with a composed
 * `é` and with `e` plus a combining accent is one name on macOS, and so one path here.
 *
 * Overlap of two entries is decided by `patternsOverlap`, the union of two tests:
 * 1. a structural intersection of the two globs (`globIntersect.ts`: brace expansion, a segment walk
 *    that understands `**`, and a character walk for `*`, `?` and classes), which over-approximates
 *    picomatch for the syntax it cannot model exactly (extglobs, ranges, POSIX classes);
 * 2. each entry tested with picomatch against sample paths of the other (the entry's own text, and
 *    its globs filled with `x` or nothing), which catches anything the structural test might get wrong
 *    about picomatch itself.
 * Guarantee: when some path matches both entries by the rules above, one of the tests reports it.
 * The price is rare false overlaps (e.g. `src/+(a)` vs `src/b`), which the planner can fix.
 */
import picomatch from 'picomatch';
import { globsIntersect, hasGlobSyntax, samplePaths } from './globIntersect';
import { isWritingTask, type Plan, type TaskSpec } from './plan';

type Matcher = (path: string) => boolean;

const matchers = new Map<string, Matcher>();
const MAX_CACHED_MATCHERS = 2000;

/**
 * Canonical form of an `owns` entry: `/` separators, no `./`, no `//`, `.` and inner `..` resolved,
 * a trailing `/` turned into `/**`. An escaping `..` is left in place for validation to report.
 * A plan's entries are normalised once, by `checkPlan`, which carries the forms with the plan
 * (`ownsNormalized`); the `…Form` functions below take them as they are.
 */
export function normalizeOwnedPattern(pattern: string): string {
  const trimmed = pattern.trim();
  const folder = trimmed.endsWith('/');
  const out: string[] = [];
  for (const seg of trimmed.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  if (folder && out.length > 0 && out[out.length - 1] !== '**') out.push('**');
  return out.join('/');
}

/** One spelling per name: Unicode NFC (macOS stores names decomposed, Linux as given). */
function unicodeForm(path: string): string {
  return path.normalize('NFC');
}

/** The form two paths share when they name one file on macOS and Windows: NFC, lower case. */
export function foldedForm(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

function compile(pattern: string, nocase: boolean): Matcher {
  const key = `${nocase ? 'i' : 's'}:${pattern}`;
  const cached = matchers.get(key);
  if (cached) return cached;
  const nfc = unicodeForm(pattern);
  const glob = hasGlobSyntax(nfc) ? picomatch(nfc, { dot: true, nocase }) : undefined;
  const literal = nocase ? nfc.toLowerCase() : nfc;
  const matcher: Matcher = (path) => {
    const spelled = unicodeForm(path);
    const p = nocase ? spelled.toLowerCase() : spelled;
    return p === literal || p.startsWith(`${literal}/`) || (glob?.(spelled) ?? false);
  };
  if (matchers.size >= MAX_CACHED_MATCHERS) matchers.clear();
  matchers.set(key, matcher);
  return matcher;
}

/** Whether a normalised workspace-relative path matches one `owns` entry. Case-sensitive; NFC and NFD spellings match alike. */
export function matchesOwned(path: string, pattern: string): boolean {
  return matchesOwnedForm(path, normalizeOwnedPattern(pattern));
}

/** `matchesOwned` for an entry already in normal form. */
export function matchesOwnedForm(path: string, form: string): boolean {
  return form !== '' && compile(form, false)(path);
}

/** Whether a writing task owns the path. Validators own nothing, whatever their `owns` says. */
export function isOwnedBy(path: string, task: TaskSpec): boolean {
  return isWritingTask(task) && task.owns.some((pattern) => matchesOwned(path, pattern));
}

/** The writing task whose `owns` match the path (the first one, should a bad plan have two). */
export function ownerOf(path: string, plan: Plan): TaskSpec | undefined {
  return plan.tasks.find((task) => isOwnedBy(path, task));
}

function escapeGlob(pattern: string): string {
  return pattern.replace(/[\\*?[\]{}()!+@|]/g, (c) => `\\${c}`);
}

/**
 * Whether two `owns` entries can match a common path (case-insensitively, NFC and NFD alike). Sound for the syntax
 * described at the top of this file; may report an overlap that picomatch would not.
 */
export function patternsOverlap(a: string, b: string): boolean {
  return formsOverlap(normalizeOwnedPattern(a), normalizeOwnedPattern(b));
}

/** `patternsOverlap` for two entries already in normal form. */
export function formsOverlap(a: string, b: string): boolean {
  return normalizedOverlap(foldedForm(a), foldedForm(b));
}

function normalizedOverlap(left: string, right: string): boolean {
  if (left === '' || right === '') return false;
  if (left === right) return true;
  if (!hasGlobSyntax(left) && !hasGlobSyntax(right)) {
    // Two plain paths: each owns itself and everything below it, so they meet only when one is the
    // other's folder. (Decided here without globs: plans have many such pairs.)
    return left.startsWith(`${right}/`) || right.startsWith(`${left}/`);
  }
  // The literal reading of each entry (see the top of the file) is a pattern of its own.
  const lefts = hasGlobSyntax(left) ? [left, escapeGlob(left)] : [left];
  const rights = hasGlobSyntax(right) ? [right, escapeGlob(right)] : [right];
  if (lefts.some((l) => rights.some((r) => globsIntersect(l, r)))) return true;
  const matchLeft = compile(left, true);
  const matchRight = compile(right, true);
  const leftSamples = [left, ...samplePaths(left)];
  const rightSamples = [right, ...samplePaths(right)];
  return leftSamples.some((p) => matchRight(p)) || rightSamples.some((p) => matchLeft(p));
}

/** One `owns` entry: as the plan writes it, and in normal form. */
export interface OwnedEntry {
  readonly pattern: string;
  readonly form: string;
}

/** A task with the `owns` entries to compare (a check may leave out entries it refused). */
export interface TaskEntries {
  readonly task: TaskSpec;
  readonly entries: readonly OwnedEntry[];
}

/** One pair of overlapping entries between two tasks. */
export interface OwnershipOverlap {
  readonly first: TaskSpec;
  readonly second: TaskSpec;
  readonly firstPattern: string;
  readonly secondPattern: string;
  readonly firstForm: string;
  readonly secondForm: string;
}

/** Every pair of writing tasks (by position) whose entries overlap, with the entries. */
export function findOwnershipOverlaps(owners: readonly TaskEntries[]): OwnershipOverlap[] {
  // Folded once per entry, not once per pair: plans with many tasks have many pairs.
  const writers = owners
    .filter((o) => isWritingTask(o.task))
    .map((o) => ({ task: o.task, entries: o.entries.map((e) => ({ ...e, lower: foldedForm(e.form) })) }));
  const out: OwnershipOverlap[] = [];
  for (let i = 0; i < writers.length; i++) {
    for (let j = i + 1; j < writers.length; j++) {
      const first = writers[i];
      const second = writers[j];
      for (const a of first.entries) {
        for (const b of second.entries) {
          if (!normalizedOverlap(a.lower, b.lower)) continue;
          out.push({ first: first.task, second: second.task, firstPattern: a.pattern, secondPattern: b.pattern, firstForm: a.form, secondForm: b.form });
        }
      }
    }
  }
  return out;
}
