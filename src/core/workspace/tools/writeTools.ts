/**
 * write_file, edit_file and delete_file. Each resolves the path for writing (safety and ownership),
 * reads what the agent currently sees, and stages the change; a refusal is a tool error plus a
 * `write.denied` event, a staged change emits `file.staged`.
 */
import type { ToolContext, ToolOutcome } from './toolTypes';
import { resolveForWrite } from '../writePolicy';
import { denyWrite, fail, ok, withStaging } from './common';
import type { ToolInput } from './definitions';
import type { DiskLocation } from '../diskLocation';

const MAX_COUNTED_MATCHES = 1000;

/** Occurrences of `needle` in `text`, overlapping ones included (capped). */
export function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1 && count < MAX_COUNTED_MATCHES; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

async function stage(ctx: ToolContext, path: string, content: string | null, onDisk: DiskLocation): Promise<ToolOutcome> {
  const body = await ctx.view.write(path, content, onDisk);
  ctx.emit(body);
  if (body.proposedHash === body.baseHash) {
    return ok(`${path} is back to its workspace state; it is no longer staged.`, path);
  }
  const verb = body.change === 'create' ? 'Created' : body.change === 'delete' ? 'Deleted' : 'Updated';
  const size = body.change === 'delete' ? '' : ` (${body.bytes} bytes)`;
  return ok(`${verb} ${path}${size}; staged for review.`, path);
}

async function resolve(ctx: ToolContext, tool: string, requested: string): Promise<{ path: string; onDisk: DiskLocation } | { denied: ToolOutcome }> {
  const resolved = await resolveForWrite(ctx.workspaceRoot, requested, ctx.task, ctx.plan);
  if (!resolved.ok) return { denied: denyWrite(ctx, tool, requested, resolved) };
  return { path: resolved.rel, onDisk: resolved.onDisk };
}

export async function writeFileTool(input: ToolInput<'write_file'>, ctx: ToolContext): Promise<ToolOutcome> {
  const target = await resolve(ctx, 'write_file', input.path);
  if ('denied' in target) return target.denied;
  const { path, onDisk } = target;
  return withStaging(ctx, 'write_file', path, true, async () => {
    const current = await ctx.view.read(path, onDisk);
    if (current.kind === 'file' && current.content === input.content) return ok(`${path} already has exactly this content; nothing changed.`, path);
    return stage(ctx, path, input.content, onDisk);
  });
}

export async function editFileTool(input: ToolInput<'edit_file'>, ctx: ToolContext): Promise<ToolOutcome> {
  const target = await resolve(ctx, 'edit_file', input.path);
  if ('denied' in target) return target.denied;
  const { path, onDisk } = target;
  return withStaging(ctx, 'edit_file', path, true, async () => {
    const file = await ctx.view.read(path, onDisk);
    if (file.kind === 'missing') return fail(`${path} does not exist; create it with write_file.`, path);
    if (file.kind === 'deleted') return fail(`${path} is staged for deletion; recreate it with write_file.`, path);
    let oldText = input.old_text;
    let newText = input.new_text;
    let count = countOccurrences(file.content, oldText);
    if (count === 0 && file.content.includes('\r\n') && oldText.includes('\n') && !oldText.includes('\r')) {
      // The file uses CRLF and the model wrote LF: match and replace in the file's own line endings.
      const crlf = oldText.replace(/\n/g, '\r\n');
      const crlfCount = countOccurrences(file.content, crlf);
      if (crlfCount > 0) {
        oldText = crlf;
        newText = newText.replace(/\r?\n/g, '\r\n');
        count = crlfCount;
      }
    }
    if (count === 0) {
      return fail(
        `old_text was found 0 times in ${path}; it must match exactly once, including whitespace and indentation. Read the file again and copy the text exactly.`,
        path,
      );
    }
    if (count > 1) {
      const times = count >= MAX_COUNTED_MATCHES ? `${count}+` : String(count);
      return fail(`old_text matches ${times} times in ${path}; it must match exactly once. Include more surrounding lines so it is unique.`, path);
    }
    if (oldText === newText) return fail('old_text and new_text are identical; nothing to change.', path);
    const at = file.content.indexOf(oldText);
    const next = file.content.slice(0, at) + newText + file.content.slice(at + oldText.length);
    return stage(ctx, path, next, onDisk);
  });
}

export async function deleteFileTool(input: ToolInput<'delete_file'>, ctx: ToolContext): Promise<ToolOutcome> {
  const target = await resolve(ctx, 'delete_file', input.path);
  if ('denied' in target) return target.denied;
  const { path, onDisk } = target;
  return withStaging(ctx, 'delete_file', path, true, async () => {
    const file = await ctx.view.read(path, onDisk);
    if (file.kind === 'missing') return fail(`${path} does not exist; nothing to delete.`, path);
    if (file.kind === 'deleted') return fail(`${path} is already staged for deletion.`, path);
    return stage(ctx, path, null, onDisk);
  });
}
