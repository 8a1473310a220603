/**
 * Can two ownership globs match a common path? The engine behind Fanout's ownership-overlap check.
 *
 * Approach (an over-approximation: it may say "overlap" when picomatch would not, never the reverse
 * for the syntax below):
 * 1. Braces are expanded (`src/{a,b}/x.ts` -> two patterns). Ranges (`{1..9}`) and expansions past
 *    a cap are replaced by a superset: the pattern's literal directory prefix plus `/**`.
 * 2. Each pattern is split into `/` segments; `**` alone is a globstar (zero or more segments).
 * 3. A memoised walk over both segment lists decides whether some path matches both, with a second
 *    walk inside each segment pair over tokens: literal chars, `?`, `*`, and bracket classes.
 * Over-approximations: extglobs and regex groups (anything with `(`), POSIX classes (`[[:alpha:]]`)
 * and `[!…]` (which picomatch reads as a class containing `!`) count as `*` or any char.
 * Limits: picomatch features beyond these (e.g. regex quantifiers) are approximated the same way;
 * callers should also test each pattern against the other's sample paths with picomatch.
 */

/** A character-level token inside one path segment. */
type Token =
  | { readonly t: 'star' }
  | { readonly t: 'any' }
  | { readonly t: 'char'; readonly c: string }
  | { readonly t: 'class'; readonly negated: boolean; readonly ranges: readonly (readonly [number, number])[] };

type Segment = { readonly globstar: true } | { readonly globstar: false; readonly tokens: readonly Token[] };

const MAX_EXPANSIONS = 256;
const GLOB_CHARS = /[*?[\]{}()!+@|]/;

/** True when the pattern has glob syntax (anything picomatch would not read literally). */
export function hasGlobSyntax(pattern: string): boolean {
  return GLOB_CHARS.test(pattern.replace(/\\./g, ''));
}

/** Expands `{a,b}` alternatives; returns undefined when it cannot do so exactly (ranges, too many). */
export function expandBraces(pattern: string): string[] | undefined {
  const open = findBraceOpen(pattern, 0);
  if (open === undefined) return [pattern];
  const close = matchingBrace(pattern, open);
  if (close === undefined) return [pattern];
  const body = pattern.slice(open + 1, close);
  const parts = splitTopLevel(body);
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  if (parts.length === 1) {
    if (/^[^,]*\.\.[^,]*$/.test(body)) return undefined; // a range: {1..9}, {a..z}
    // `{a}` is literal for picomatch: keep it and expand what follows.
    const rest = expandBraces(tail);
    return rest?.map((r) => `${head}{${body}}${r}`);
  }
  const out: string[] = [];
  for (const part of parts) {
    const expanded = expandBraces(head + part + tail);
    if (expanded === undefined) return undefined;
    out.push(...expanded);
    if (out.length > MAX_EXPANSIONS) return undefined;
  }
  return out;
}

function findBraceOpen(s: string, from: number): number | undefined {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') return i;
  }
  return undefined;
}

function matchingBrace(s: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return undefined;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** The literal directory segments before the first segment with glob syntax. */
export function literalPrefix(pattern: string): string[] {
  const out: string[] = [];
  for (const seg of pattern.split('/')) {
    if (hasGlobSyntax(seg)) break;
    out.push(seg);
  }
  return out;
}

/** A pattern's segments; a literal pattern (no glob syntax) also covers everything below it. */
function toSegments(pattern: string): Segment[] {
  const segs: Segment[] = pattern
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s === '**' ? { globstar: true } : { globstar: false, tokens: tokenize(s) }));
  if (!hasGlobSyntax(pattern)) segs.push({ globstar: true });
  return segs;
}

function tokenize(segment: string): Token[] {
  if (segment.includes('(')) return [{ t: 'star' }]; // extglob or regex group: any segment
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) {
      tokens.push({ t: 'char', c: segment[++i] });
    } else if (c === '*') {
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
    } else if (c === '?') {
      tokens.push({ t: 'any' });
    } else if (c === '[') {
      const parsed = parseClass(segment, i);
      if (parsed === undefined) tokens.push({ t: 'char', c });
      else {
        tokens.push(parsed.token);
        i = parsed.end;
      }
    } else {
      tokens.push({ t: 'char', c });
    }
  }
  return tokens;
}

function parseClass(s: string, open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  let negated = false;
  if (s[i] === '!') {
    // picomatch reads `[!a]` oddly (a class with `!`, or the literal text): treat it as `*`.
    const close = s.indexOf(']', i + 2);
    return close === -1 ? undefined : { token: { t: 'star' }, end: close };
  }
  if (s[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: [number, number][] = [];
  let first = true;
  let posix = false;
  for (; i < s.length; i++) {
    let c = s[i];
    if (c === ']' && !first) {
      const token: Token = posix ? { t: 'any' } : { t: 'class', negated, ranges };
      return { token, end: i };
    }
    first = false;
    if (c === '[' && s[i + 1] === ':') posix = true;
    if (c === '\\' && i + 1 < s.length) c = s[++i];
    const lo = c.codePointAt(0) ?? 0;
    if (s[i + 1] === '-' && i + 2 < s.length && s[i + 2] !== ']') {
      let hiChar = s[i + 2];
      i += 2;
      if (hiChar === '\\' && i + 1 < s.length) hiChar = s[++i];
      const hi = hiChar.codePointAt(0) ?? 0;
      ranges.push([Math.min(lo, hi), Math.max(lo, hi)]);
    } else {
      ranges.push([lo, lo]);
    }
  }
  return undefined;
}

function inRanges(code: number, ranges: readonly (readonly [number, number])[]): boolean {
  return ranges.some(([lo, hi]) => code >= lo && code <= hi);
}

function classAccepts(token: Extract<Token, { t: 'class' }>, code: number): boolean {
  return inRanges(code, token.ranges) !== token.negated;
}

/** Whether two single-character tokens can match the same character. */
function charsMeet(a: Token, b: Token): boolean {
  if (a.t === 'any' || b.t === 'any') return true; // a class is never empty (a leading `]` is literal)
  if (a.t === 'char' && b.t === 'char') return a.c === b.c;
  if (a.t === 'char' && b.t === 'class') return classAccepts(b, a.c.codePointAt(0) ?? 0);
  if (a.t === 'class' && b.t === 'char') return classAccepts(a, b.c.codePointAt(0) ?? 0);
  if (a.t === 'class' && b.t === 'class') {
    if (a.negated && b.negated) return true;
    if (!a.negated && !b.negated) return a.ranges.some(([lo, hi]) => b.ranges.some(([l2, h2]) => lo <= h2 && l2 <= hi));
    const [pos, neg] = a.negated ? [b, a] : [a, b];
    let budget = 4096;
    for (const [lo, hi] of pos.ranges) {
      for (let c = lo; c <= hi; c++) {
        if (--budget < 0 || !inRanges(c, neg.ranges)) return true;
      }
    }
    return false;
  }
  return true;
}

/**
 * Whether two sequences with wildcard items (a wildcard matches zero or more items of the other
 * side) can meet: memoised over positions, so it stays polynomial for any pattern.
 */
function sequencesMeet<T>(a: readonly T[], b: readonly T[], isWild: (item: T) => boolean, itemsMeet: (x: T, y: T) => boolean): boolean {
  const memo = new Map<number, boolean>();
  const width = b.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    memo.set(key, false);
    let result: boolean;
    const x = a[i];
    const y = b[j];
    if (x === undefined && y === undefined) result = true;
    else if (x !== undefined && isWild(x)) result = go(i + 1, j) || (y !== undefined && go(i, j + 1));
    else if (y !== undefined && isWild(y)) result = go(i, j + 1) || (x !== undefined && go(i + 1, j));
    else if (x === undefined || y === undefined) result = false;
    else result = itemsMeet(x, y) && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Whether two segments (no `/`) can match a common non-empty name. */
function segmentsMeet(a: readonly Token[], b: readonly Token[]): boolean {
  return sequencesMeet(a, b, (t) => t.t === 'star', charsMeet);
}

/** Whether two patterns, as segment lists (`**` a wildcard over segments), can match a common path. */
function segmentListsMeet(a: readonly Segment[], b: readonly Segment[]): boolean {
  return sequencesMeet(
    a,
    b,
    (s) => s.globstar,
    (x, y) => !x.globstar && !y.globstar && segmentsMeet(x.tokens, y.tokens),
  );
}

/** The pattern as a list of brace-free alternatives, or a superset when braces cannot be expanded. */
export function alternatives(pattern: string): string[] {
  const expanded = expandBraces(pattern);
  if (expanded !== undefined) return expanded;
  return [[...literalPrefix(pattern), '**'].join('/')];
}

/**
 * True when some path can match both normalised patterns (workspace-relative, `/`-separated, no
 * `./` or trailing `/`). A pattern without glob syntax stands for that path and everything below it.
 */
export function globsIntersect(a: string, b: string): boolean {
  const left = alternatives(a).map(toSegments);
  const right = alternatives(b).map(toSegments);
  return left.some((l) => right.some((r) => segmentListsMeet(l, r)));
}

/** A few concrete paths a normalised pattern matches (for cross-checking with picomatch). */
export function samplePaths(pattern: string): string[] {
  const out = new Set<string>();
  for (const alt of alternatives(pattern)) {
    for (const fill of ['x', '']) {
      const segs = alt
        .split('/')
        .filter((s) => s !== '')
        .map((s) => (s === '**' ? fill : sampleSegment(s, fill)))
        .filter((s) => s !== '');
      if (segs.length > 0) out.add(segs.join('/'));
    }
  }
  return [...out];
}

function sampleSegment(segment: string, starFill: string): string {
  let s = '';
  for (const token of tokenize(segment)) {
    if (token.t === 'char') s += token.c;
    else if (token.t === 'star') s += starFill;
    else if (token.t === 'any') s += 'x';
    else if (!token.negated && token.ranges[0] !== undefined) s += String.fromCodePoint(token.ranges[0][0]);
    else s += 'x';
  }
  return s === '' ? 'x' : s;
}
