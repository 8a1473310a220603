/** read_file: a text file as the agent sees it (own and visible staged writes first), exact. */
import type { ToolContext, ToolOutcome } from './toolTypes';
import { resolveForRead } from '../pathPolicy';
import { fail, ok, withStaging, type ToolLimits } from './common';
import type { ToolInput } from './definitions';

/** Splits into lines that keep their own line endings, so joining them gives the text back. */
export function splitLines(content: string): string[] {
  return content.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export async function readFileTool(input: ToolInput<'read_file'>, ctx: ToolContext, limits: ToolLimits): Promise<ToolOutcome> {
  const resolved = await resolveForRead(ctx.workspaceRoot, input.path);
  if (!resolved.ok) return fail(resolved.message, input.path);
  const path = resolved.rel;
  if (path === '') return fail('The path names the workspace root; use list_files to see its files.');
  return withStaging(ctx, 'read_file', path, false, async () => {
    const file = await ctx.view.read(path, resolved.onDisk);
    if (file.kind === 'missing') return fail(`${path} does not exist. Use list_files to find the right path.`, path);
    if (file.kind === 'deleted') return fail(`${path} has been deleted (staged by task ${file.stagedBy}).`, path);
    const lines = splitLines(file.content);
    const total = lines.length;
    if (input.start_line === undefined && input.end_line === undefined && file.content.length <= limits.maxReadChars) {
      return ok(file.content === '' ? '(empty file)' : file.content, path);
    }
    const start = input.start_line ?? 1;
    const end = Math.min(input.end_line ?? total, total);
    if (total === 0) return ok('(empty file)', path);
    if (start > total) return fail(`${path} has ${total} lines; start_line ${start} is past the end.`, path);
    if (end < start) return fail(`end_line ${end} is before start_line ${start}.`, path);
    let taken = 0;
    let last = start - 1;
    while (last < end && (last === start - 1 || taken + lines[last].length <= limits.maxReadChars)) {
      taken += lines[last].length;
      last++;
    }
    const body = lines.slice(start - 1, last).join('');
    const more = last < total ? `; call read_file with start_line=${last + 1} for more` : '';
    return ok(`[${path}: lines ${start}-${last} of ${total}${more}]\n${body}`, path);
  });
}
