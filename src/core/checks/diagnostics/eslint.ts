/**
 * ESLint's formats: stylish (a path line, then `  12:5  error  message  rule` lines), unix
 * (`path:12:5: message [Error/rule]`) and compact (`path: line 12, col 5, Error - message`). Only
 * errors count; warnings are read and dropped.
 */
import { isAbsolute } from 'node:path';
import type { Collector } from './collector';
import { leadingLocation, trailingLocation } from './text';

const ESLINT_STYLISH = /^\s+(\d{1,9}):(\d{1,9})\s+(error|warning)\s+/;
const ESLINT_COMPACT = /^: line (\d{1,9}), col (\d{1,9}), (Error|Warning) - /;

/** `'x' is defined but never used  no-unused-vars` → `'x' is defined but never used (no-unused-vars)`. */
function stylishMessage(rest: string): string {
  const text = rest.trim();
  const gap = text.lastIndexOf('  ');
  if (gap < 0) return text;
  const rule = text.slice(gap).trim();
  return rule === '' || /\s/.test(rule) ? text : `${text.slice(0, gap).trim()} (${rule})`;
}

export class EslintReader {
  /** The file a stylish block is about (its path undefined: not a workspace file). */
  private file: { readonly path: string | undefined } | undefined;

  constructor(private readonly out: Collector) {}

  /** True when the line is ESLint's (read here); `line` as printed, `trimmed` without its indentation. */
  line(line: string, trimmed: string): boolean {
    if (this.file !== undefined) {
      const match = ESLINT_STYLISH.exec(line);
      if (match) {
        const path = this.file.path;
        if (path !== undefined && match[3] === 'error')
          this.out.add(path, Number(match[1]), Number(match[2]), stylishMessage(line.slice(match[0].length)), 'eslint');
        return true;
      }
      this.file = undefined;
    }
    if (trimmed !== '' && line === trimmed && (isAbsolute(trimmed) || trimmed.startsWith('file://')) && !trimmed.includes(': ')) {
      if (trailingLocation(trimmed) === undefined) {
        this.file = { path: this.out.map(trimmed, 'never') };
        return true;
      }
    }
    if (trimmed.endsWith(']')) {
      const tagAt = trimmed.lastIndexOf(' [');
      const tag = tagAt < 0 ? '' : trimmed.slice(tagAt + 2, -1);
      if (tag === 'Error' || tag === 'Warning' || tag.startsWith('Error/') || tag.startsWith('Warning/')) {
        const location = leadingLocation(trimmed.slice(0, tagAt));
        if (location === undefined || location.rest === '') return false;
        const path = this.out.map(location.path, 'never');
        const rule = tag.includes('/') ? ` (${tag.slice(tag.indexOf('/') + 1)})` : '';
        if (path !== undefined && tag.startsWith('Error')) this.out.add(path, location.line, location.column, `${location.rest}${rule}`, 'eslint');
        return true;
      }
    }
    const compactAt = trimmed.indexOf(': line ');
    if (compactAt > 0) {
      const match = ESLINT_COMPACT.exec(trimmed.slice(compactAt));
      if (match) {
        const path = this.out.map(trimmed.slice(0, compactAt), 'never');
        if (path !== undefined && match[3] === 'Error') {
          this.out.add(path, Number(match[1]), Number(match[2]), trimmed.slice(compactAt + match[0].length), 'eslint');
        }
        return true;
      }
    }
    return false;
  }

  /** A line too long to read ends the stylish block. */
  reset(): void {
    this.file = undefined;
  }
}
