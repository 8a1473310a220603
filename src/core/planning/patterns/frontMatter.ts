/**
 * Front matter of pattern and subagent Markdown files, hand-parsed (Fanout has no YAML dependency).
 *
 * The block starts with a `---` line as the file's first line and ends at the next `---` line.
 * Supported subset of YAML, one key per line:
 * - `key: value`, the value unquoted (kept as written, trimmed) or in single or double quotes
 *   (`"a \"b\""` and `'it''s'` are unescaped);
 * - `key: [a, b, "c, d"]`, a flow list of plain or quoted items;
 * - `key:` followed by indented `- item` lines, a block list;
 * - blank lines and `#` comment lines.
 * Anything else (nested maps, `|` / `>` block scalars, anchors) is reported as a problem on its line
 * and skipped; keys are matched case-sensitively, and a repeated key keeps its last value.
 */

export type FrontMatterValue = string | readonly string[];

export interface FrontMatter {
  readonly data: Readonly<Record<string, FrontMatterValue>>;
  /** The Markdown after the front matter (the whole text when there is none). */
  readonly body: string;
  /** 1-based line of the body's first line in the file. */
  readonly bodyLine: number;
  /** One message per line that was not understood. */
  readonly problems: readonly string[];
}

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1).replace(/''/g, "'");
  return value;
}

/** Splits a flow list's inside on commas outside quotes. */
function flowItems(inside: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of inside) {
    if (quote !== undefined) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if (ch === ',') {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  items.push(current);
  return items.map(unquote).filter((item) => item !== '');
}

const KEY_LINE = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/;
const ITEM_LINE = /^\s+-\s+(.*)$|^-\s+(.*)$/;

/** Reads the front matter block, if any. An unclosed block is a problem and the file has no body. */
export function parseFrontMatter(text: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { data: {}, body: lines.join('\n'), bodyLine: 1, problems: [] };
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end === -1) return { data: {}, body: '', bodyLine: lines.length + 1, problems: ['the front matter starting on line 1 has no closing "---" line'] };
  const data: Record<string, FrontMatterValue> = {};
  const problems: string[] = [];
  let listKey: string | undefined;
  for (let i = 1; i < end; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const item = ITEM_LINE.exec(line);
    if (item && listKey !== undefined) {
      const previous = data[listKey];
      const items: readonly string[] = Array.isArray(previous) ? previous : [];
      data[listKey] = [...items, unquote(item[1] ?? item[2] ?? '')];
      continue;
    }
    const keyed = KEY_LINE.exec(line);
    if (!keyed || /^\s/.test(line)) {
      problems.push(`line ${i + 1}: "${line.trim()}" is not a "key: value" line (Fanout reads only simple keys, [a, b] lists and "- item" lists)`);
      listKey = undefined;
      continue;
    }
    const key = keyed[1];
    const raw = (keyed[2] ?? '').trim();
    listKey = undefined;
    if (raw === '') {
      data[key] = [];
      listKey = key;
    } else if (raw.startsWith('[') && raw.endsWith(']')) {
      data[key] = flowItems(raw.slice(1, -1));
    } else if (/^[|>][+-]?$/.test(raw) || raw.startsWith('&') || raw.startsWith('*')) {
      problems.push(`line ${i + 1}: "${key}" uses YAML syntax Fanout does not read (block scalars, anchors); write the value on one line`);
    } else {
      data[key] = unquote(raw);
    }
  }
  return { data, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2, problems };
}

/** A string field, or undefined when absent, empty or a list. */
export function stringField(data: FrontMatter['data'], key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A list field: a YAML list, or a comma-separated string. */
export function listField(data: FrontMatter['data'], key: string): readonly string[] | undefined {
  const value = data[key];
  if (value === undefined) return undefined;
  const items = typeof value === 'string' ? value.split(',') : value;
  return items.map((s) => s.trim()).filter((s) => s !== '');
}
