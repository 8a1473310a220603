/**
 * search_text: literal or regex search over the text files an agent can see, bounded. The query is
 * untrusted: it is compiled for RE2 (linear time, `search/searchPattern.ts`) and never handed to a
 * backtracking engine; the files are searched by ripgrep in a child process where there is one and by
 * RE2 in process otherwise, staged content always in process (`search/searchFiles.ts`), under caps on
 * time, bytes and matches the result states when they cut it short.
 */
import type { ToolContext, ToolOutcome } from './toolTypes';
import type { SearchStop } from '../search/searchBudget';
import { searchFiles, type SearchResult } from '../search/searchFiles';
import { compileSearchPattern } from '../search/searchPattern';
import type { RipgrepLocator } from '../search/ripgrepLocator';
import { fail, ok, plural, type ToolLimits } from './common';
import type { ToolInput } from './definitions';
import { compilePattern, listVisibleFiles } from './walk';

export async function searchText(input: ToolInput<'search_text'>, ctx: ToolContext, limits: ToolLimits, ripgrep: RipgrepLocator): Promise<ToolOutcome> {
  const pattern = await compileSearchPattern({ query: input.query, regex: input.regex === true, caseSensitive: input.case_sensitive !== false });
  if ('error' in pattern) return fail(pattern.error);
  const glob = compilePattern(input.glob);
  if ('error' in glob) return fail(glob.error);
  const listing = await listVisibleFiles(ctx, glob, limits);
  const staged = new Set(ctx.view.stagedPaths().flatMap((s) => (s.deleted ? [] : [s.path])));
  const result = await searchFiles(
    { root: ctx.workspaceRoot, paths: listing.paths, staged, read: (path) => ctx.view.read(path), maxFileBytes: limits.maxSearchFileBytes },
    {
      pattern,
      caps: { timeoutMs: limits.searchTimeoutMs, maxBytes: limits.maxSearchBytes, maxCount: limits.maxSearchCount },
      locator: ripgrep,
      signal: ctx.signal,
    },
  );
  const notes = resultNotes(result, limits);
  if (listing.walkStopped) notes.push(`(search stopped after ${limits.maxWalkEntries} entries; narrow the glob)`);
  const total = result.files.reduce((sum, f) => sum + f.hits.length, 0);
  if (total === 0) return ok([`No matches for ${JSON.stringify(input.query)}${input.glob ? ` in ${input.glob}` : ''}.`, ...notes].join('\n'));
  const shown = result.files.flatMap((f) => f.hits.map((h) => `${f.path}:${h.line}: ${h.text}`)).slice(0, limits.maxSearchMatches);
  if (total > shown.length) notes.unshift(`… ${total - shown.length} more matches not shown; narrow the query or the glob.`);
  return ok([`${plural(total, 'match', 'matches')} in ${plural(result.files.length, 'file')}:`, ...shown, ...notes].join('\n'));
}

const STOPS: Readonly<Record<SearchStop, (limits: ToolLimits) => string>> = {
  time: (l) => `(search stopped after ${l.searchTimeoutMs / 1000} s; the results are incomplete: narrow the glob or the query)`,
  bytes: (l) => `(search stopped after reading ${size(l.maxSearchBytes)}; the results are incomplete: narrow the glob)`,
  count: (l) => `(counting stopped at ${l.maxSearchCount} matching lines; there are more: narrow the query or the glob)`,
  output: () => '(search stopped: ripgrep printed more than it may; the results are incomplete: narrow the query or the glob)',
};

function size(bytes: number): string {
  const mib = 1024 * 1024;
  return bytes >= mib ? `${Math.round(bytes / mib)} MiB` : plural(bytes, 'byte');
}

function resultNotes(result: SearchResult, limits: ToolLimits): string[] {
  const notes: string[] = [];
  if (result.skipped > 0) notes.push(`(${plural(result.skipped, 'binary or oversized file')} skipped)`);
  if (result.longLines > 0) notes.push(`(${plural(result.longLines, 'line')} too long to search with this pattern skipped; a literal query searches them)`);
  if (result.stop !== undefined) notes.push(STOPS[result.stop](limits));
  return notes;
}
