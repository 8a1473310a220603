/** Small text helpers for event summaries and messages. */

/** The first non-empty line of `text`, at most `max` characters (with an ellipsis when cut). */
export function firstLine(text: string, max = 200): string {
  const line = text.split(/\r?\n/).find((candidate) => candidate.trim() !== '') ?? '';
  return bounded(line.trim(), max);
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
