/** search_text: literal or regex search over the text files an agent can see, bounded. */
import type { ToolContext, ToolOutcome } from '../../run/engineTypes';
import { StagingRefusal } from '../staging';
import { fail, ok, plural, type ToolLimits } from './common';
import type { ToolInput } from './definitions';
import { compilePattern, listVisibleFiles } from './walk';

const MAX_LINE_CHARS = 240;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function clip(line: string): string {
  const trimmed = line.replace(/\r$/, '');
  return trimmed.length > MAX_LINE_CHARS ? `${trimmed.slice(0, MAX_LINE_CHARS)}…` : trimmed;
}

export async function searchText(input: ToolInput<'search_text'>, ctx: ToolContext, limits: ToolLimits): Promise<ToolOutcome> {
  let matcher: RegExp;
  try {
    matcher = new RegExp(input.regex ? input.query : escapeRegExp(input.query), input.case_sensitive === false ? 'i' : '');
  } catch (error) {
    return fail(`Invalid regular expression: ${error instanceof Error ? error.message : String(error)}. Fix it, or search for literal text with regex false.`);
  }
  const pattern = compilePattern(input.glob);
  if ('error' in pattern) return fail(pattern.error);
  const listing = await listVisibleFiles(ctx, pattern, limits);
  const hits: string[] = [];
  let total = 0;
  let skipped = 0;
  const files = new Set<string>();
  for (const path of listing.paths) {
    ctx.signal.throwIfAborted();
    let read;
    try {
      read = await ctx.view.read(path);
    } catch (error) {
      if (error instanceof StagingRefusal) {
        skipped++;
        continue;
      }
      throw error;
    }
    if (read.kind !== 'file') continue;
    const lines = read.content.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!matcher.test(lines[i])) continue;
      total++;
      files.add(path);
      if (hits.length < limits.maxSearchMatches) hits.push(`${path}:${i + 1}: ${clip(lines[i])}`);
    }
  }
  const notes: string[] = [];
  if (total > hits.length) notes.push(`… ${total - hits.length} more matches not shown; narrow the query or the glob.`);
  if (skipped > 0) notes.push(`(${plural(skipped, 'binary or oversized file')} skipped)`);
  if (listing.walkStopped) notes.push(`(search stopped after ${limits.maxWalkEntries} entries; narrow the glob)`);
  if (total === 0) return ok([`No matches for ${JSON.stringify(input.query)}${input.glob ? ` in ${input.glob}` : ''}.`, ...notes].join('\n'));
  return ok([`${plural(total, 'match', 'matches')} in ${plural(files.size, 'file')}:`, ...hits, ...notes].join('\n'));
}
