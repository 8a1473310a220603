/**
 * Check ids and check lists: a short id for each command (`typecheck`, `test`, `cargo-test`), safe in
 * file names and tool inputs and unique in a run, and the one way a list of commands becomes a list
 * of `CheckSpec`s (trimmed, without empty or repeated commands, at most `MAX_CHECKS`).
 */
import type { CheckSource, CheckSpec } from './checkTypes';

/** What every check id matches. */
export const CHECK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
/** Checks one run carries at most. */
export const MAX_CHECKS = 20;
/** A command longer than this is not a check (it is dropped). */
export const MAX_CHECK_COMMAND_CHARS = 2000;

const MAX_ID_CHARS = 32;
const FALLBACK_ID = 'check';

/** Package runners whose first word after the runner (or after `run`) names a script. */
const SCRIPT_RUNNERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
/** npm's spellings of `run`. */
const RUN_WORDS = new Set(['run', 'run-script', 'rum', 'urn']);
/** Tools whose subcommand alone is too generic an id (`test`), so the tool is kept: `cargo-test`. */
const TOOL_PREFIXED = new Set(['cargo', 'go', 'dotnet', 'deno', 'mvn', 'gradle', 'gradlew']);
/** Tools whose first word is a target or recipe: `make test` → `test`. */
const TARGET_RUNNERS = new Set(['make', 'just']);

/** A lower-case slug: letters and digits, words joined by `-`, at most `max` characters, no dash at either end. */
function slug(text: string, max = MAX_ID_CHARS): string {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  let out = '';
  for (const word of words) {
    const next = out === '' ? word : `${out}-${word}`;
    if (next.length > max) return out === '' ? word.slice(0, max) : out;
    out = next;
  }
  return out;
}

/** The words of a command, without leading `VAR=value` assignments and with `./gradlew` read as `gradlew`. */
export function commandWords(command: string): string[] {
  const words = command
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  let start = 0;
  while (start < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[start])) start++;
  return words.slice(start).map((w, i) => (i === 0 ? w.replace(/^\.\//, '') : w));
}

/** The words after the runner that are not flags. */
function operands(words: readonly string[]): string[] {
  return words.slice(1).filter((w) => !w.startsWith('-'));
}

/** The name a command is known by, before it is made unique: a script, a target, a script file, or `tool-subcommand`. */
function baseId(command: string): string {
  const words = commandWords(command);
  if (words.length === 0) return FALLBACK_ID;
  const tool = words[0].toLowerCase();
  const rest = operands(words);
  let named: string | undefined;
  if (SCRIPT_RUNNERS.has(tool)) {
    if (rest.length === 0) named = tool;
    else if (RUN_WORDS.has(rest[0])) named = rest[1] ?? tool;
    else if (rest[0] === 't' || rest[0] === 'tst') named = 'test';
    else named = rest[0];
  } else if (tool === 'npx' || tool === 'pnpx' || tool === 'bunx') {
    named = rest[0];
  } else if (TOOL_PREFIXED.has(tool)) {
    named = rest.length > 0 ? `${tool}-${rest[0]}` : tool;
  } else if (TARGET_RUNNERS.has(tool)) {
    named = rest[0] ?? tool;
  } else if ((tool === 'python' || tool === 'python3') && words[1] === '-m' && words[2] !== undefined) {
    named = words[2];
  } else if ((tool === 'uv' || tool === 'poetry') && rest[0] === 'run' && rest[1] !== undefined) {
    named = rest[1] === 'python' && words.includes('-m') ? words[words.indexOf('-m') + 1] : rest[1];
  } else if (
    (tool === 'bash' || tool === 'sh' || ((tool === 'node' || tool === 'deno' || tool === 'bun') && /\.[cm]?[jt]s$/i.test(rest[0] ?? ''))) &&
    rest[0] !== undefined
  ) {
    named = rest[0].slice(rest[0].lastIndexOf('/') + 1).replace(/\.[a-z]+$/i, '');
  } else {
    // Any other tool: the tool and its subcommand when it has one (`ruff check .` → ruff-check, `pytest -q` → pytest).
    named = rest[0] !== undefined && /^[a-z][a-z0-9_-]*$/i.test(rest[0]) ? `${tool} ${rest[0]}` : tool.slice(tool.lastIndexOf('/') + 1);
  }
  const fromName = named === undefined ? '' : slug(named);
  return fromName === '' ? FALLBACK_ID : fromName;
}

/** `base`, or `base-2`, `base-3` … (cut so the whole id stays within 32 characters), whichever is not taken. */
function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const head = base.slice(0, MAX_ID_CHARS - suffix.length).replace(/-$/, '');
    const id = `${head}${suffix}`;
    if (!taken.has(id)) return id;
  }
}

/** A short id for a command (`npm run typecheck` → `typecheck`, `cargo test` → `cargo-test`), not one of `taken`. */
export function checkIdFor(command: string, taken: ReadonlySet<string>): string {
  return uniqueId(baseId(command), taken);
}

/** One command to make a check of, with an id it asks for (used when valid and free) and where it came from. */
export interface CheckEntry {
  readonly command: string;
  readonly id?: string;
  readonly origin?: string;
}

/** Checks from entries: commands trimmed, empty, overlong and repeated ones dropped, ids unique, at most `MAX_CHECKS`. */
export function specsFromEntries(entries: readonly CheckEntry[], source: CheckSource): CheckSpec[] {
  const out: CheckSpec[] = [];
  const commands = new Set<string>();
  const taken = new Set<string>();
  for (const entry of entries) {
    if (out.length >= MAX_CHECKS) break;
    const command = entry.command.trim();
    if (command === '' || command.length > MAX_CHECK_COMMAND_CHARS || commands.has(command)) continue;
    const asked = entry.id?.trim();
    const id = asked !== undefined && CHECK_ID_PATTERN.test(asked) ? uniqueId(asked, taken) : checkIdFor(command, taken);
    commands.add(command);
    taken.add(id);
    out.push(entry.origin === undefined ? { id, command, source } : { id, command, source, origin: entry.origin });
  }
  return out;
}

/** Checks from a list of commands; `origin(i)` says where the i-th command came from. */
export function specsFrom(commands: readonly string[], source: CheckSource, origin?: (i: number) => string | undefined): CheckSpec[] {
  return specsFromEntries(
    commands.map((command, i) => ({ command, origin: origin?.(i) })),
    source,
  );
}
