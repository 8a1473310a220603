/**
 * Staged files and tools of one agent in memory, for the agent-loop tests: a StagingView over a fixed
 * "workspace" and a Toolbox with read_file, write_file, wait and finish (the real ones live in
 * src/core/workspace/tools and staging).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { createHash } from 'node:crypto';
import type { FileRead, StagingView } from '../../../src/core/workspace/stagingTypes';
import type { ToolContext, Toolbox, ToolOutcome } from '../../../src/core/workspace/tools/toolTypes';
import type { RunEventBody } from '../../../src/core/run/events';

/** Staged files of one task, in memory; reads fall back to a fixed "workspace". */
export class MemoryView implements StagingView {
  readonly staged = new Map<string, string | null>();

  constructor(
    readonly taskId: string,
    private readonly workspace: ReadonlyMap<string, string> = new Map(),
  ) {}

  async read(path: string): Promise<FileRead> {
    if (this.staged.has(path)) {
      const content = this.staged.get(path);
      return content === null || content === undefined
        ? { kind: 'deleted', stagedBy: this.taskId }
        : { kind: 'file', content, source: 'staged', stagedBy: this.taskId };
    }
    const content = this.workspace.get(path);
    return content === undefined ? { kind: 'missing' } : { kind: 'file', content, source: 'workspace' };
  }

  stagedPaths(): readonly { readonly path: string; readonly deleted: boolean }[] {
    return [...this.staged].map(([path, content]) => ({ path, deleted: content === null }));
  }

  async write(path: string, content: string | null): Promise<Extract<RunEventBody, { kind: 'file.staged' }>> {
    const existed = this.staged.has(path) || this.workspace.has(path);
    this.staged.set(path, content);
    const hash = (text: string): string => createHash('sha256').update(text).digest('hex');
    const base = this.workspace.get(path);
    return {
      kind: 'file.staged',
      taskId: this.taskId,
      path,
      change: content === null ? 'delete' : existed ? 'modify' : 'create',
      baseHash: base === undefined ? null : hash(base),
      proposedHash: content === null ? null : hash(content),
      bytes: content === null ? 0 : Buffer.byteLength(content),
    };
  }
}

const TOOLS: Anthropic.Tool[] = [
  {
    name: 'read_file',
    description: 'Read a file.',
    input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  {
    name: 'write_file',
    description: 'Write a file you own.',
    input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
  },
  {
    name: 'wait',
    description: 'Waits until cancelled (tests cancellation during a tool).',
    input_schema: { type: 'object', properties: {} },
  },
  {
    name: 'finish',
    description: 'Finish the task with a summary.',
    input_schema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
  },
];

function field(input: unknown, name: string): string | undefined {
  if (typeof input !== 'object' || input === null) {
    return undefined;
  }
  const value: unknown = (input as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** read_file, write_file (owned paths only), wait (until the signal aborts) and finish. */
export class FakeToolbox implements Toolbox {
  readonly calls: { name: string; input: unknown }[] = [];
  /** The context each call got. */
  readonly contexts: ToolContext[] = [];

  definitions(): Anthropic.Tool[] {
    return TOOLS;
  }

  describe(name: string, input: unknown): { readonly summary: string; readonly path?: string } {
    const path = field(input, 'path');
    return path === undefined ? { summary: name } : { summary: `${name} ${path}`, path };
  }

  async execute(name: string, input: unknown, ctx: ToolContext): Promise<ToolOutcome> {
    this.calls.push({ name, input });
    this.contexts.push(ctx);
    const path = field(input, 'path');
    switch (name) {
      case 'read_file': {
        const read = await ctx.view.read(path ?? '');
        return read.kind === 'file' ? { content: read.content, isError: false, path } : { content: `${path} does not exist`, isError: true, path };
      }
      case 'write_file': {
        if (path === undefined || !ctx.task.owns.includes(path)) {
          return { content: `you do not own ${path ?? '(no path)'}`, isError: true, path };
        }
        ctx.emit(await ctx.view.write(path, field(input, 'content') ?? ''));
        return { content: `wrote ${path}`, isError: false, path };
      }
      case 'wait':
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        return { content: 'cancelled', isError: true };
      case 'finish':
        return { content: 'done', isError: false, finished: { summary: field(input, 'summary') ?? '' } };
      default:
        return { content: `unknown tool ${name}`, isError: true };
    }
  }
}
