/** Small text helpers for event summaries and messages. */

/** The first non-empty line of `text`, at most `max` characters (with an ellipsis when cut). */
export function firstLine(text: string, max = 200): string {
  // Scans line by line instead of splitting the whole text: results can be a whole file.
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end).trim();
    if (line !== '') return bounded(line, max);
    start = end + 1;
  }
  return '';
}

/** `text` cut to at most `max` characters, ending in an ellipsis when it was cut. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** A readable message for anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message !== '' ? error.message : error.name;
  }
  return String(error);
}
