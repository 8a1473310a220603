/**
 * The in-process engine: one text searched line by line with the RE2 program (`searchPattern.ts`).
 * It searches what is not on disk (staged content) and, when no ripgrep can be run, the files too.
 *
 * RE2's time is linear in the line's length times the program's size, so one very long line with a
 * large program could still hold the thread for a while in a single call: a line whose length times
 * the program's cost exceeds MAX_LINE_WORK is not searched and is counted, so the tool can say so
 * (a literal query's program is small: it searches any line of a 1 MiB file). Between lines the
 * engine yields through the budget once it has held the event loop for a slice.
 */
import type { SearchBudget } from './searchBudget';
import type { SearchPattern } from './searchPattern';

/** A matching line: 1-based number and its text, clipped for the tool result. */
export interface LineHit {
  readonly line: number;
  readonly text: string;
}

/** Characters of a matching line shown in the tool result. */
export const MAX_LINE_CHARS = 240;

/** Line length × program cost searched in one call: a few tens of milliseconds at worst. */
export const MAX_LINE_WORK = 2 ** 27;

/** A line as shown: without its carriage return, clipped to MAX_LINE_CHARS. */
export function clipLine(line: string): string {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  return trimmed.length > MAX_LINE_CHARS ? `${trimmed.slice(0, MAX_LINE_CHARS)}…` : trimmed;
}

export interface TextSearch {
  readonly hits: LineHit[];
  /** Lines too long to search with this pattern. */
  readonly longLines: number;
}

/** Searches one text; stops early when the budget says so (hits so far are kept). */
export async function searchText(content: string, pattern: SearchPattern, budget: SearchBudget): Promise<TextSearch> {
  const hits: LineHit[] = [];
  let longLines = 0;
  if (!budget.spend(content.length)) return { hits, longLines };
  const maxLine = Math.floor(MAX_LINE_WORK / pattern.cost);
  let start = 0;
  for (let number = 1; start < content.length; number++) {
    const newline = content.indexOf('\n', start);
    const end = newline === -1 ? content.length : newline;
    const line = content.charCodeAt(end - 1) === 13 && end > start ? content.slice(start, end - 1) : content.slice(start, end);
    start = end + 1;
    if (line.length > maxLine) longLines++;
    else if (pattern.re2.test(line)) {
      if (!budget.count()) break;
      hits.push({ line: number, text: clipLine(line) });
    }
    if (budget.due()) await budget.breathe();
    if (!budget.ok()) break;
  }
  return { hits, longLines };
}
