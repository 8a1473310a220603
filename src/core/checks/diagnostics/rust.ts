/**
 * rustc / cargo and ruff: a header line (`error[E0308]: mismatched types`, `F401 'os' imported but
 * unused`), then ` --> src/main.rs:3:5` saying where. A warning's location is dropped.
 */
import type { Collector } from './collector';
import { clip, trailingLocation } from './text';

const RUST_HEADER = /^(error|warning)(?:\[[A-Za-z0-9_]{1,16}\])?: /;
const RUFF_HEADER = /^[A-Z]{1,4}[0-9]{1,5} /;

export class RustReader {
  private header: { readonly message: string; readonly error: boolean } | undefined;

  constructor(private readonly out: Collector) {}

  /** True when the line is an ` --> path:line:col` (read here). */
  line(trimmed: string): boolean {
    if (!trimmed.startsWith('--> ')) return false;
    const location = trailingLocation(trimmed.slice(4).trim());
    const header = this.header;
    this.header = undefined;
    if (location === undefined || header?.error === false) return true;
    const path = this.out.map(location.path, 'always');
    if (path !== undefined) this.out.add(path, location.line, location.column, header?.message ?? 'Error reported here', 'generic');
    return true;
  }

  /** A header (unindented) gives the next location its message. */
  remember(line: string, trimmed: string): void {
    if (line !== trimmed) return;
    const rust = RUST_HEADER.exec(trimmed);
    if (rust) this.header = { message: clip(trimmed), error: rust[1] === 'error' };
    else if (RUFF_HEADER.test(trimmed)) this.header = { message: clip(trimmed), error: true };
  }
}
