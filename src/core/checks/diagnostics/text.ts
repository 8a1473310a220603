/**
 * The text work every shape of check output shares: a line without colour codes and carriage-return
 * overwrites, a message cut to size, and `path:line:col` locations split with indexOf and digit scans
 * (no regex), so hostile output costs time linear in its size.
 */

/** A diagnostic's message is cut to this many characters. */
export const MAX_DIAGNOSTIC_MESSAGE_CHARS = 300;

export interface Location {
  readonly path: string;
  readonly line: number;
  readonly column?: number;
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function clip(message: string): string {
  const text = message.trim();
  return text.length <= MAX_DIAGNOSTIC_MESSAGE_CHARS ? text : `${text.slice(0, MAX_DIAGNOSTIC_MESSAGE_CHARS - 1)}…`;
}

/** A line without terminal colour codes and carriage-return overwrites. */
export function plainLine(raw: string): string {
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

/** `path:12:5` or `path:12` (the whole text) split at its trailing numbers. */
export function trailingLocation(text: string): Location | undefined {
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
export function leadingLocation(text: string): (Location & { readonly rest: string }) | undefined {
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

/** A YAML scalar without its quotes. */
export function unquote(value: string): string {
  const text = value.trim();
  if (text.length >= 2 && (text[0] === "'" || text[0] === '"') && text[text.length - 1] === text[0]) return text.slice(1, -1);
  return text;
}
