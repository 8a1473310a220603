/**
 * Diagnostics from a check's output: the files and lines a failing type check, lint or test run points
 * at, read from the shapes the common tools print (tsc, ESLint, stack traces, node --test TAP, and the
 * generic `path:line:col: message`). Paths become workspace-relative ("/" separators); anything outside
 * the snapshot and the workspace, under node_modules or .git, is dropped. Owners are attributed
 * elsewhere (`attribution.ts`).
 *
 * Bounded: at most `MAX_SCANNED_OUTPUT_CHARS` of output is read, longer lines than `MAX_LINE_CHARS`
 * are skipped, and every regex is anchored with no nested quantifiers (the rest is done with indexOf),
 * so hostile output costs time linear in its size. The only file system access is a bounded number of
 * `stat`s asking whether a path from the generic shape (or a relative stack frame) is a file of the snapshot.
 */
import { MAX_EVENT_DIAGNOSTICS, type CheckDiagnostic } from './checkTypes';
import { isAbsolute } from 'node:path';
import { PathMapper } from './diagnosticPaths';

export interface ParseOptions {
  /** Absolute path of the snapshot the check ran in; absolute paths under it map to workspace-relative ones. */
  readonly snapshotDir: string;
  /** The workspace root (absolute); paths under it map too (a tool may print real paths). */
  readonly workspaceRoot: string;
  readonly maxDiagnostics?: number; // default MAX_EVENT_DIAGNOSTICS
}

export interface ParsedDiagnostics {
  readonly diagnostics: CheckDiagnostic[];
  /** Distinct diagnostics found, also those past the cap. */
  readonly total: number;
}

/** Output read at most (the rest is not looked at). */
export const MAX_SCANNED_OUTPUT_CHARS = 8 * 1024 * 1024;
/** Longer lines are skipped whole. */
export const MAX_LINE_CHARS = 4000;
/** A diagnostic's message is cut to this many characters. */
export const MAX_DIAGNOSTIC_MESSAGE_CHARS = 300;

type Tool = CheckDiagnostic['tool'];

const TSC_PAREN = /^(.+)\((\d{1,9}),(\d{1,9})\): error (TS\d{1,6}): (.*)$/;
const TSC_PRETTY = /^(.+):(\d{1,9}):(\d{1,9}) - error (TS\d{1,6}): (.*)$/;
const ESLINT_STYLISH = /^\s+(\d{1,9}):(\d{1,9})\s+(error|warning)\s+/;
const ESLINT_COMPACT = /^: line (\d{1,9}), col (\d{1,9}), (Error|Warning) - /;
const ERROR_LINE = /^(?:Uncaught )?[\w$.]*(?:Error|Exception)\b/;
const TAP_NOT_OK = /^not ok \d{1,9}(?: - |$)/;
const TAP_OK = /^ok \d{1,9}(?: |$)/;
const RUST_HEADER = /^(error|warning)(?:\[[A-Za-z0-9_]{1,16}\])?: /;
const RUFF_HEADER = /^[A-Z]{1,4}[0-9]{1,5} /;
const NOT_AN_ERROR = /^(?:warning|note|info|hint)\b/i;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function clip(message: string): string {
  const text = message.trim();
  return text.length <= MAX_DIAGNOSTIC_MESSAGE_CHARS ? text : `${text.slice(0, MAX_DIAGNOSTIC_MESSAGE_CHARS - 1)}…`;
}

/** A line without terminal colour codes and carriage-return overwrites. */
function plainLine(raw: string): string {
  let line = raw;
  while (line.endsWith('\r')) line = line.slice(0, -1);
  const cr = line.lastIndexOf('\r');
  if (cr >= 0) line = line.slice(cr + 1);
  if (!line.includes('\u001b')) return line;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) === 27 && line[i + 1] === '[') {
      i += 2;
      while (i < line.length && !(line.charCodeAt(i) >= 0x40 && line.charCodeAt(i) <= 0x7e)) i++;
      continue;
    }
    out += line[i];
  }
  return out;
}

interface Location {
  readonly path: string;
  readonly line: number;
  readonly column?: number;
}

/** `path:12:5` or `path:12` (the whole text) split at its trailing numbers. */
function trailingLocation(text: string): Location | undefined {
  const numbers: number[] = [];
  let end = text.length;
  for (let k = 0; k < 2; k++) {
    let i = end;
    while (i > 0 && end - i <= 9 && isDigit(text.charCodeAt(i - 1))) i--;
    if (i === end || i <= 1 || text[i - 1] !== ':') break;
    numbers.unshift(Number(text.slice(i, end)));
    end = i - 1;
  }
  if (numbers.length === 0 || end === 0) return undefined;
  return numbers.length === 2 ? { path: text.slice(0, end), line: numbers[0], column: numbers[1] } : { path: text.slice(0, end), line: numbers[0] };
}

/** `path:12:5: message` or `path:12: message` (the path is the first word) split into its parts. */
function leadingLocation(text: string): (Location & { readonly rest: string }) | undefined {
  const space = text.search(/\s/);
  const limit = space < 0 ? text.length : space;
  let from = 1;
  for (;;) {
    const colon = text.indexOf(':', from);
    if (colon < 0 || colon >= limit) return undefined;
    let i = colon + 1;
    while (i < text.length && i - colon <= 9 && isDigit(text.charCodeAt(i))) i++;
    if (i > colon + 1) {
      const line = Number(text.slice(colon + 1, i));
      let column: number | undefined;
      if (text[i] === ':' && isDigit(text.charCodeAt(i + 1))) {
        let j = i + 1;
        while (j < text.length && j - i <= 9 && isDigit(text.charCodeAt(j))) j++;
        column = Number(text.slice(i + 1, j));
        i = j;
      }
      if (i === text.length || text[i] === ':') {
        const rest = i === text.length ? '' : text.slice(i + 1).trim();
        const path = text.slice(0, colon);
        return column === undefined ? { path, line, rest } : { path, line, column, rest };
      }
    }
    from = colon + 1;
  }
}

class Collector {
  readonly diagnostics: CheckDiagnostic[] = [];
  total = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  add(path: string, line: number | undefined, column: number | undefined, message: string, tool: Tool): void {
    const text = clip(message);
    const key = `${path}\u0000${line ?? ''}\u0000${text}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.total++;
    if (this.diagnostics.length >= this.max) return;
    const diagnostic: { -readonly [K in keyof CheckDiagnostic]: CheckDiagnostic[K] } = { path, message: text, tool };
    if (line !== undefined && line > 0) diagnostic.line = line;
    if (column !== undefined && column > 0) diagnostic.column = column;
    this.diagnostics.push(diagnostic);
  }
}

/** A failing TAP test waiting for its YAML block to say where it is. */
interface PendingTap {
  readonly name: string;
  location?: Location;
  error?: string;
  awaitingError: boolean;
  subtests: boolean;
  /** Inside its `stack: |-` block (frames without "at "). */
  inStack?: boolean;
  /** The first frame of its stack in the project: where the error was thrown. */
  thrownAt?: { readonly path: string; readonly line: number; readonly column?: number };
}

/** One pass over the output's lines, with the little state the multi-line shapes need. */
class OutputParser {
  private eslintFile: { readonly path: string | undefined } | undefined;
  private inFrames = false;
  private framesEmitted = false;
  private lastError: string | undefined;
  private lastTitle: string | undefined;
  private rustHeader: { readonly message: string; readonly error: boolean } | undefined;
  private tap: PendingTap | undefined;

  constructor(
    private readonly paths: PathMapper,
    private readonly out: Collector,
  ) {}

  line(raw: string): void {
    const line = plainLine(raw);
    const trimmed = line.trim();
    if (this.tapLine(trimmed)) return;
    if (this.frameLine(trimmed)) return;
    this.endFrames();
    if (this.tscLine(trimmed)) return;
    if (this.eslintLine(line, trimmed)) return;
    if (this.arrowLine(trimmed)) return;
    if (this.pytestSummaryLine(trimmed)) return;
    if (this.genericLine(trimmed)) return;
    this.remember(line, trimmed);
  }

  /** A line too long to read: it ends whatever block was open. */
  skipped(): void {
    this.endFrames();
    this.eslintFile = undefined;
  }

  finish(): void {
    this.flushTap();
  }

  private map(raw: string, mustExist: 'always' | 'if-relative' | 'never'): string | undefined {
    const mapped = this.paths.toRelative(raw);
    if (mapped === undefined) return undefined;
    const check = mustExist === 'always' || (mustExist === 'if-relative' && mapped.wasRelative);
    return check && !this.paths.isFile(mapped.path) ? undefined : mapped.path;
  }

  // node --test TAP: `not ok 1 - adds`, then a YAML block with `location: '/abs/test/x.test.js:4:1'`.
  private tapLine(trimmed: string): boolean {
    if (TAP_NOT_OK.test(trimmed)) {
      this.flushTap();
      const dash = trimmed.indexOf(' - ');
      const name = dash < 0 ? '' : trimmed.slice(dash + 3).trim();
      if (/ # (?:TODO|SKIP)\b/i.test(` ${name}`)) return true;
      this.tap = { name: name === '' ? trimmed : name, awaitingError: false, subtests: false };
      return true;
    }
    if (TAP_OK.test(trimmed)) {
      this.flushTap();
      return false;
    }
    const tap = this.tap;
    if (tap === undefined) return false;
    if (trimmed === '...') {
      this.flushTap();
      return true;
    }
    if (tap.inStack === true) {
      if (!/^[A-Za-z_][\w-]{0,40}: /.test(trimmed)) {
        if (tap.thrownAt === undefined) this.tapFrame(tap, trimmed);
        return true;
      }
      tap.inStack = false;
    }
    if (trimmed === 'stack: |-' || trimmed === 'stack: |') {
      tap.inStack = true;
      return true;
    }
    if (tap.awaitingError) {
      if (trimmed === '') return true;
      tap.awaitingError = false;
      tap.error ??= trimmed;
      return true;
    }
    if (trimmed.startsWith('location: ')) {
      tap.location = trailingLocation(unquote(trimmed.slice('location: '.length)));
      return true;
    }
    if (trimmed.startsWith('failureType: ')) {
      tap.subtests = unquote(trimmed.slice('failureType: '.length)) === 'subtestsFailed';
      return true;
    }
    if (trimmed.startsWith('error: ')) {
      const value = trimmed.slice('error: '.length).trim();
      if (value === '|-' || value === '|' || value === '>-' || value === '>') tap.awaitingError = true;
      else tap.error = unquote(value);
      return true;
    }
    return false;
  }

  /** A frame of a TAP stack block: `fn (/abs/src/x.js:2:14)` or `/abs/src/x.js:2:14`. */
  private tapFrame(tap: PendingTap, trimmed: string): void {
    const open = trimmed.endsWith(')') ? trimmed.lastIndexOf(' (') : -1;
    const body = open >= 0 ? trimmed.slice(open + 2, -1) : trimmed;
    if (body.startsWith('node:')) return;
    const location = trailingLocation(body);
    if (location === undefined) return;
    const path = this.map(location.path, 'if-relative');
    if (path === undefined) return;
    tap.thrownAt = { path, line: location.line, ...(location.column !== undefined ? { column: location.column } : {}) };
  }

  private flushTap(): void {
    const tap = this.tap;
    this.tap = undefined;
    if (tap === undefined || tap.subtests) return;
    const message = tap.error === undefined || tap.error === '' ? tap.name : `${tap.name}: ${tap.error}`;
    // Where it was thrown (the code under test) first, then the test that failed.
    const path = tap.location !== undefined ? this.map(tap.location.path, 'if-relative') : undefined;
    const thrown = tap.thrownAt;
    if (thrown !== undefined && thrown.path !== path) this.out.add(thrown.path, thrown.line, thrown.column, message, 'stack');
    if (tap.location === undefined) return;
    if (path === undefined) return;
    this.out.add(path, tap.location.line, tap.location.column, message, 'tap');
  }

  // Stack frames: `at fn (/abs/src/x.js:3:11)`, `at /abs/src/x.js:3:11`, vitest's `❯ src/x.ts:3:11`, `file:///abs/src/x.js:3:11`.
  private frameLine(trimmed: string): boolean {
    let body: string | undefined;
    let isFrame = false;
    if (trimmed.startsWith('at ')) {
      body = trimmed.slice(3).trim();
      if (body.endsWith(')')) {
        isFrame = true;
        const open = body.indexOf(' (');
        body = open >= 0 ? body.slice(open + 2, -1) : body.startsWith('(') ? body.slice(1, -1) : undefined;
      }
      if (body?.startsWith('async ') === true) body = body.slice('async '.length);
    } else if (trimmed.startsWith('❯ ')) {
      const rest = trimmed.slice(2).trim();
      body = rest.slice(rest.lastIndexOf(' ') + 1);
    } else if (trimmed.startsWith('file://')) {
      body = trimmed;
    }
    const location = body === undefined ? undefined : trailingLocation(body);
    if (location === undefined || (location.column === undefined && !trimmed.startsWith('at '))) return isFrame && this.inFrames;
    this.inFrames = true;
    if (this.framesEmitted) return true;
    const path = this.map(location.path, 'if-relative');
    if (path === undefined) return true; // node_modules, node: internals, outside: the next frame may be ours
    this.framesEmitted = true;
    const title = this.lastTitle;
    const error = this.lastError;
    const message = title !== undefined && error !== undefined ? `${title}: ${error}` : (error ?? title ?? 'Error thrown here (stack trace)');
    this.out.add(path, location.line, location.column, message, 'stack');
    return true;
  }

  private endFrames(): void {
    if (!this.inFrames) return;
    // An error line and a title belong to the stack that follows them, whether or not one of its frames was ours.
    this.inFrames = false;
    this.framesEmitted = false;
    this.lastError = undefined;
    this.lastTitle = undefined;
  }

  private tscLine(trimmed: string): boolean {
    const match = TSC_PAREN.exec(trimmed) ?? TSC_PRETTY.exec(trimmed);
    if (!match) return false;
    const path = this.map(match[1], 'never');
    if (path !== undefined) this.out.add(path, Number(match[2]), Number(match[3]), `${match[4]}: ${match[5]}`, 'tsc');
    return true;
  }

  // ESLint: stylish (a path line, then `  12:5  error  message  rule` lines), unix (`path:12:5: message [Error/rule]`), compact.
  private eslintLine(line: string, trimmed: string): boolean {
    if (this.eslintFile !== undefined) {
      const match = ESLINT_STYLISH.exec(line);
      if (match) {
        const path = this.eslintFile.path;
        if (path !== undefined && match[3] === 'error')
          this.out.add(path, Number(match[1]), Number(match[2]), stylishMessage(line.slice(match[0].length)), 'eslint');
        return true;
      }
      this.eslintFile = undefined;
    }
    if (trimmed !== '' && line === trimmed && (isAbsolute(trimmed) || trimmed.startsWith('file://')) && !trimmed.includes(': ')) {
      if (trailingLocation(trimmed) === undefined) {
        this.eslintFile = { path: this.map(trimmed, 'never') };
        return true;
      }
    }
    if (trimmed.endsWith(']')) {
      const tagAt = trimmed.lastIndexOf(' [');
      const tag = tagAt < 0 ? '' : trimmed.slice(tagAt + 2, -1);
      if (tag === 'Error' || tag === 'Warning' || tag.startsWith('Error/') || tag.startsWith('Warning/')) {
        const location = leadingLocation(trimmed.slice(0, tagAt));
        if (location === undefined || location.rest === '') return false;
        const path = this.map(location.path, 'never');
        const rule = tag.includes('/') ? ` (${tag.slice(tag.indexOf('/') + 1)})` : '';
        if (path !== undefined && tag.startsWith('Error')) this.out.add(path, location.line, location.column, `${location.rest}${rule}`, 'eslint');
        return true;
      }
    }
    const compactAt = trimmed.indexOf(': line ');
    if (compactAt > 0) {
      const match = ESLINT_COMPACT.exec(trimmed.slice(compactAt));
      if (match) {
        const path = this.map(trimmed.slice(0, compactAt), 'never');
        if (path !== undefined && match[3] === 'Error') {
          this.out.add(path, Number(match[1]), Number(match[2]), trimmed.slice(compactAt + match[0].length), 'eslint');
        }
        return true;
      }
    }
    return false;
  }

  // rustc / cargo and ruff: a header line (`error[E0308]: mismatched types`), then ` --> src/main.rs:3:5`.
  private arrowLine(trimmed: string): boolean {
    if (!trimmed.startsWith('--> ')) return false;
    const location = trailingLocation(trimmed.slice(4).trim());
    const header = this.rustHeader;
    this.rustHeader = undefined;
    if (location === undefined || header?.error === false) return true;
    const path = this.map(location.path, 'always');
    if (path !== undefined) this.out.add(path, location.line, location.column, header?.message ?? 'Error reported here', 'generic');
    return true;
  }

  // pytest's summary: `FAILED tests/test_x.py::test_adds - assert 3 == 4`, `ERROR tests/test_y.py - ImportError: …`.
  private pytestSummaryLine(trimmed: string): boolean {
    const word = trimmed.startsWith('FAILED ') ? 'FAILED ' : trimmed.startsWith('ERROR ') ? 'ERROR ' : undefined;
    if (word === undefined) return false;
    const rest = trimmed.slice(word.length);
    const token = rest.split(/\s/, 1)[0];
    const sepAt = token.indexOf('::');
    const path = this.map(sepAt < 0 ? token : token.slice(0, sepAt), 'always');
    if (path === undefined) return false;
    const dash = rest.indexOf(' - ');
    const message = dash < 0 ? `${word.trim()} ${token}` : `${sepAt < 0 ? '' : `${token.slice(sepAt + 2)}: `}${rest.slice(dash + 3)}`;
    this.out.add(path, undefined, undefined, message, 'generic');
    return true;
  }

  // `path:line:col: message` and `path:line: message` (ruff, mypy, go vet, go test, gcc …), for files of the snapshot.
  private genericLine(trimmed: string): boolean {
    const location = leadingLocation(trimmed);
    if (location === undefined || location.rest === '' || NOT_AN_ERROR.test(location.rest)) return false;
    const path = this.map(location.path, 'always');
    if (path === undefined) return false;
    this.out.add(path, location.line, location.column, location.rest, 'generic');
    return true;
  }

  /** Lines that give a later diagnostic its message: an error line before a stack, a test's title, a rustc header. */
  private remember(line: string, trimmed: string): void {
    if (ERROR_LINE.test(trimmed)) this.lastError = clip(trimmed);
    else if (trimmed.startsWith('● ')) this.lastTitle = clip(trimmed.slice(2));
    else if (trimmed.startsWith('✖ ') || trimmed.startsWith('× ') || trimmed.startsWith('✗ ')) this.lastTitle = clip(stripDuration(trimmed.slice(2)));
    else if (trimmed.startsWith('FAIL ')) this.lastTitle = clip(trimmed.slice(5));
    if (line === trimmed) {
      const rust = RUST_HEADER.exec(trimmed);
      if (rust) this.rustHeader = { message: clip(trimmed), error: rust[1] === 'error' };
      else if (RUFF_HEADER.test(trimmed)) this.rustHeader = { message: clip(trimmed), error: true };
    }
  }
}

function unquote(value: string): string {
  const text = value.trim();
  if (text.length >= 2 && (text[0] === "'" || text[0] === '"') && text[text.length - 1] === text[0]) return text.slice(1, -1);
  return text;
}

/** `'x' is defined but never used  no-unused-vars` → `'x' is defined but never used (no-unused-vars)`. */
function stylishMessage(rest: string): string {
  const text = rest.trim();
  const gap = text.lastIndexOf('  ');
  if (gap < 0) return text;
  const rule = text.slice(gap).trim();
  return rule === '' || /\s/.test(rule) ? text : `${text.slice(0, gap).trim()} (${rule})`;
}

/** `adds (1.2ms)` → `adds`. */
function stripDuration(title: string): string {
  const text = title.trim();
  if (!text.endsWith('ms)')) return text;
  const open = text.lastIndexOf(' (');
  return open > 0 ? text.slice(0, open) : text;
}

/** The diagnostics a check's output points at, without owners, distinct by path, line and message, in output order. */
export function parseDiagnostics(output: string, options: ParseOptions): ParsedDiagnostics {
  const out = new Collector(Math.max(0, options.maxDiagnostics ?? MAX_EVENT_DIAGNOSTICS));
  const parser = new OutputParser(new PathMapper(options), out);
  const end = Math.min(output.length, MAX_SCANNED_OUTPUT_CHARS);
  let start = 0;
  while (start < end) {
    let stop = output.indexOf('\n', start);
    if (stop < 0 || stop > end) stop = end;
    if (stop - start > MAX_LINE_CHARS) parser.skipped();
    else parser.line(output.slice(start, stop));
    start = stop + 1;
  }
  parser.finish();
  return { diagnostics: out.diagnostics, total: out.total };
}
