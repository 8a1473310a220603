/**
 * node --test TAP: `not ok 1 - adds`, then a YAML block with `location: '/abs/test/x.test.js:4:1'`,
 * the error, and a `stack: |-` block whose first frame in the project is where the error was thrown.
 * A failing test is reported when its block ends (the next test, `...`, or the end of the output).
 */
import type { Collector } from './collector';
import { trailingLocation, unquote, type Location } from './text';
import { definedFields } from '../../definedFields';

const TAP_NOT_OK = /^not ok \d{1,9}(?: - |$)/;
const TAP_OK = /^ok \d{1,9}(?: |$)/;

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

export class TapReader {
  private tap: PendingTap | undefined;

  constructor(private readonly out: Collector) {}

  /** True when the line belongs to TAP (read here). */
  line(trimmed: string): boolean {
    if (TAP_NOT_OK.test(trimmed)) {
      this.flush();
      const dash = trimmed.indexOf(' - ');
      const name = dash < 0 ? '' : trimmed.slice(dash + 3).trim();
      if (/ # (?:TODO|SKIP)\b/i.test(` ${name}`)) return true;
      this.tap = { name: name === '' ? trimmed : name, awaitingError: false, subtests: false };
      return true;
    }
    if (TAP_OK.test(trimmed)) {
      this.flush();
      return false;
    }
    const tap = this.tap;
    if (tap === undefined) return false;
    if (trimmed === '...') {
      this.flush();
      return true;
    }
    if (tap.inStack === true) {
      if (!/^[A-Za-z_][\w-]{0,40}: /.test(trimmed)) {
        if (tap.thrownAt === undefined) this.frame(tap, trimmed);
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

  /** Reports the failing test whose block is open, if any. */
  flush(): void {
    const tap = this.tap;
    this.tap = undefined;
    if (tap === undefined || tap.subtests) return;
    const message = tap.error === undefined || tap.error === '' ? tap.name : `${tap.name}: ${tap.error}`;
    // Where it was thrown (the code under test) first, then the test that failed.
    const path = tap.location !== undefined ? this.out.map(tap.location.path, 'if-relative') : undefined;
    const thrown = tap.thrownAt;
    if (thrown !== undefined && thrown.path !== path) this.out.add(thrown.path, thrown.line, thrown.column, message, 'stack');
    if (tap.location === undefined) return;
    if (path === undefined) return;
    this.out.add(path, tap.location.line, tap.location.column, message, 'tap');
  }

  /** A frame of a TAP stack block: `fn (/abs/src/x.js:2:14)` or `/abs/src/x.js:2:14`. */
  private frame(tap: PendingTap, trimmed: string): void {
    const open = trimmed.endsWith(')') ? trimmed.lastIndexOf(' (') : -1;
    const body = open >= 0 ? trimmed.slice(open + 2, -1) : trimmed;
    if (body.startsWith('node:')) return;
    const location = trailingLocation(body);
    if (location === undefined) return;
    const path = this.out.map(location.path, 'if-relative');
    if (path === undefined) return;
    tap.thrownAt = { path, line: location.line, ...definedFields({ column: location.column }) };
  }
}
