/** list_files: the files an agent can see, under an optional glob, bounded. */
import type { ToolContext, ToolOutcome } from './toolTypes';
import { MAX_PATH_BYTES } from '../pathPolicy';
import { fail, ok, plural, type ToolLimits } from './common';
import type { ToolInput } from './definitions';
import { compilePattern, listVisibleFiles } from './walk';

export async function listFiles(input: ToolInput<'list_files'>, ctx: ToolContext, limits: ToolLimits): Promise<ToolOutcome> {
  // No path is longer, so neither is a useful pattern; a longer one would only make the walk look for it.
  if (input.pattern !== undefined && Buffer.byteLength(input.pattern, 'utf8') > MAX_PATH_BYTES) {
    return fail(`The pattern is over ${MAX_PATH_BYTES} bytes, longer than any path can be; use a shorter pattern, like "src/**/*.ts".`);
  }
  const pattern = compilePattern(input.pattern);
  if ('error' in pattern) return fail(pattern.error);
  const listing = await listVisibleFiles(ctx, pattern, limits);
  const shown = listing.paths.slice(0, limits.maxListEntries);
  const lines = [...shown];
  const rest = listing.paths.length - shown.length;
  if (rest > 0) lines.push(`… ${rest} more (narrow the pattern to see them)`);
  if (listing.walkStopped) lines.push(`(listing stopped after ${limits.maxWalkEntries} entries; narrow the pattern)`);
  if (listing.paths.length === 0) {
    const where = input.pattern === undefined ? 'The workspace has no files' : `No files match "${input.pattern}"`;
    const why =
      listing.skippedBase !== undefined
        ? ` (${listing.skippedBase} is skipped: .git, node_modules, build output, caches, .gitignored and symlinked folders are not listed)`
        : '';
    lines.unshift(`${where}${why}.`);
  } else if (rest > 0) {
    lines.unshift(`${plural(listing.paths.length, 'file')}; the first ${shown.length}:`);
  }
  return ok(lines.join('\n'));
}
