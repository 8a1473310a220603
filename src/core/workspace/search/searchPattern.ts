/**
 * The pattern of one search_text call, compiled once: the model's query (literal text or a regular
 * expression) checked and turned into an RE2 program (`re2js`, a port of RE2: matching time is
 * linear in the text searched, whatever the pattern, so no query can stall the extension host the
 * way a backtracking engine does on `^(a+)+$`).
 *
 * The same source goes to ripgrep (`ripgrep.ts`), whose Rust regex engine is of the same family and
 * linear too. RE2 has no backreferences, lookaround, atomic groups or possessive quantifiers; a query
 * that uses them gets a tool error saying what to write instead. JavaScript escapes the model may
 * write out of habit (`\u00e9`, `\cA`, `\/`) are translated to RE2's spelling first.
 */
import type * as Re2js from 're2js';
import type { RE2JS } from 're2js';

/** re2js is loaded by the first search, not with the extension (it is a quarter of a megabyte of code). */
let re2js: Promise<typeof Re2js> | undefined;

/** Longest query accepted, in characters: a search looks for a line, not a document. */
export const MAX_QUERY_CHARS = 1000;

export interface SearchPattern {
  /** The query as given. */
  readonly query: string;
  /** RE2 source: the query quoted (literal) or translated from JavaScript spelling (regex). */
  readonly source: string;
  readonly literal: boolean;
  readonly caseInsensitive: boolean;
  /** The compiled program; `test(line)` says whether a line contains a match. */
  readonly re2: RE2JS;
  /** RE2's approximate cost of the program per character of input (`programSize`). */
  readonly cost: number;
}

export interface PatternRequest {
  readonly query: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
}

/** Compiles a query, or says in words the model can act on why it cannot run. */
export async function compileSearchPattern(request: PatternRequest): Promise<SearchPattern | { readonly error: string }> {
  const { query } = request;
  if (query.length > MAX_QUERY_CHARS)
    return { error: `The query is ${query.length} characters; search for at most ${MAX_QUERY_CHARS} (one distinctive part of a line).` };
  if (/[\r\n]/.test(query)) return { error: 'search_text matches within single lines, and the query contains a line break: search for one line of it.' };
  if (query.includes('\0')) return { error: 'The query contains a NUL byte; text files have none (binary files are not searched).' };
  re2js ??= import('re2js');
  const { RE2JS, RE2JSException } = await re2js;
  const source = request.regex ? withPlainSlashes(RE2JS.translateRegExp(query)) : RE2JS.quote(query);
  try {
    const re2 = RE2JS.compile(source, request.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    return { query, source, literal: !request.regex, caseInsensitive: !request.caseSensitive, re2, cost: Math.max(1, re2.programSize()) };
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    return { error: `Invalid regular expression: ${unsupportedFeature(query, error.message) ?? `${error.message}.`} ${SYNTAX_HINT}` };
  }
}

/**
 * `\/` as `/`: the translation escapes slashes (a JavaScript literal's delimiter), which RE2 reads as
 * a slash and ripgrep's parser refuses; an escaped backslash before a slash stays as it is.
 */
function withPlainSlashes(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const next = source[i + 1];
    if (source[i] !== '\\' || next === undefined) {
      out += source[i];
      continue;
    }
    out += next === '/' ? '/' : `\\${next}`;
    i++;
  }
  return out;
}

const SYNTAX_HINT =
  'search_text uses RE2 syntax (JavaScript syntax without backreferences, lookaround, atomic groups or possessive quantifiers) so every search runs in linear time. Fix the pattern, or search for literal text with regex false.';

/** The RE2 gap a failed pattern most likely fell into, with what to write instead. */
function unsupportedFeature(query: string, message: string): string | undefined {
  if (/\\[1-9]|\\k</.test(query)) {
    return 'backreferences (\\1, \\k<name>) are not supported. Search for the text itself, or a broader pattern, and check the lines you find.';
  }
  if (/\(\?<?[=!]/.test(query)) {
    return 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported. Match the neighbouring text itself (foo\\(bar rather than foo(?=\\(bar)), or search more broadly and check the lines you find.';
  }
  if (/\(\?>|[*+?}]\+/.test(query)) return 'atomic groups (?>…) and possessive quantifiers (*+, ++, ?+) are not supported; use the plain group or quantifier.';
  if (message.includes('invalid repeat count')) return `${message}: a repeat count goes up to 1000, and nested repeats multiply ((a{100}){100} is 10000).`;
  return undefined;
}
