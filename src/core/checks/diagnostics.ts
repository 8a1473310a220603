/**
 * Diagnostics from a check's output: the files and lines a failing type check, lint or test run points
 * at, read from the shapes the common tools print (tsc, ESLint, stack traces, node --test TAP, rustc and
 * ruff, pytest, and the generic `path:line:col: message`; one reader per tool family in `diagnostics/`).
 * Paths become workspace-relative ("/" separators); anything outside the snapshot and the workspace,
 * under node_modules or .git, is dropped. Owners are attributed elsewhere (`attribution.ts`).
 *
 * Bounded: at most `MAX_SCANNED_OUTPUT_CHARS` of output is read, longer lines than `MAX_LINE_CHARS`
 * are skipped, and every regex is anchored with no nested quantifiers (the rest is done with indexOf),
 * so hostile output costs time linear in its size. The only file system access is a bounded number of
 * `stat`s asking whether a path from the generic shape (or a relative stack frame) is a file of the snapshot.
 */
import { MAX_EVENT_DIAGNOSTICS, type CheckDiagnostic } from './checkTypes';
import { PathMapper } from './diagnosticPaths';
import { Collector } from './diagnostics/collector';
import { EslintReader } from './diagnostics/eslint';
import { genericLine, pytestSummaryLine } from './diagnostics/generic';
import { RustReader } from './diagnostics/rust';
import { StackReader } from './diagnostics/stack';
import { TapReader } from './diagnostics/tap';
import { plainLine } from './diagnostics/text';
import { tscLine } from './diagnostics/tsc';

export { MAX_DIAGNOSTIC_MESSAGE_CHARS } from './diagnostics/text';

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

/** One pass over the output's lines: each line goes to the first reader that takes it, in this order. */
class OutputParser {
  private readonly tap: TapReader;
  private readonly stack: StackReader;
  private readonly eslint: EslintReader;
  private readonly rust: RustReader;

  constructor(private readonly out: Collector) {
    this.tap = new TapReader(out);
    this.stack = new StackReader(out);
    this.eslint = new EslintReader(out);
    this.rust = new RustReader(out);
  }

  line(raw: string): void {
    const line = plainLine(raw);
    const trimmed = line.trim();
    if (this.tap.line(trimmed)) return;
    if (this.stack.line(trimmed)) return;
    this.stack.end();
    if (tscLine(trimmed, this.out)) return;
    if (this.eslint.line(line, trimmed)) return;
    if (this.rust.line(trimmed)) return;
    if (pytestSummaryLine(trimmed, this.out)) return;
    if (genericLine(trimmed, this.out)) return;
    // Lines that give a later diagnostic its message: an error line before a stack, a test's title, a rustc header.
    this.stack.remember(trimmed);
    this.rust.remember(line, trimmed);
  }

  /** A line too long to read: it ends whatever block was open. */
  skipped(): void {
    this.stack.end();
    this.eslint.reset();
  }

  finish(): void {
    this.tap.flush();
  }
}

/** The diagnostics a check's output points at, without owners, distinct by path, line and message, in output order. */
export function parseDiagnostics(output: string, options: ParseOptions): ParsedDiagnostics {
  const out = new Collector(new PathMapper(options), Math.max(0, options.maxDiagnostics ?? MAX_EVENT_DIAGNOSTICS));
  const parser = new OutputParser(out);
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
