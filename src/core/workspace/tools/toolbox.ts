/**
 * The agent toolbox: tool definitions per phase, short call summaries for the UI, and execution
 * with input validation. Every failure comes back as a tool error the model can act on; nothing
 * here throws to the agent loop.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { z } from 'zod';
import type { ToolContext, ToolOutcome, Toolbox } from './toolTypes';
import { normalizeRequestedPath } from '../pathPolicy';
import { ownershipDenial } from '../writePolicy';
import type { Phase } from '../../plan/plan';
import { DEFAULT_LIMITS, denyWrite, describeIssues, fail, type ToolboxOptions, type ToolLimits } from './common';
import { isToolName, schemas, toolDefinitions, toolsForPhase, type ToolInput, type ToolName } from './definitions';
import { listFiles } from './listFiles';
import { readFileTool } from './readFile';
import { finishTool, reportFinding, runCheckTool } from './reportTools';
import { searchText } from './searchText';
import { RipgrepLocator } from '../search/ripgrepLocator';
import { deleteFileTool, editFileTool, writeFileTool } from './writeTools';

type Runner = (input: unknown, ctx: ToolContext, limits: ToolLimits) => Promise<ToolOutcome>;

function runner<N extends ToolName>(name: N, run: (input: ToolInput<N>, ctx: ToolContext, limits: ToolLimits) => Promise<ToolOutcome>): Runner {
  const schema = schemas[name] as unknown as z.ZodType<ToolInput<N>>;
  return async (input, ctx, limits) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return fail(describeIssues(name, parsed.error));
    return run(parsed.data, ctx, limits);
  };
}

/** The runners of one toolbox: search_text runs the ripgrep its locator picks. */
function runners(ripgrep: RipgrepLocator): Readonly<Record<ToolName, Runner>> {
  return {
    list_files: runner('list_files', listFiles),
    read_file: runner('read_file', readFileTool),
    search_text: runner('search_text', (input, ctx, limits) => searchText(input, ctx, limits, ripgrep)),
    write_file: runner('write_file', writeFileTool),
    edit_file: runner('edit_file', editFileTool),
    delete_file: runner('delete_file', deleteFileTool),
    report_finding: runner('report_finding', reportFinding),
    run_check: runner('run_check', runCheckTool),
    finish: runner('finish', finishTool),
  };
}

const WRITE_TOOLS: ReadonlySet<string> = new Set(['write_file', 'edit_file', 'delete_file']);
const MAX_SUMMARY = 100;

function field(input: unknown, key: string): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
}

function displayPath(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const lexical = normalizeRequestedPath(raw);
  return lexical.ok ? lexical.rel : raw;
}

const summaries: Readonly<Record<ToolName, (input: unknown, path: string | undefined) => string>> = {
  list_files: (input) => `list ${field(input, 'pattern') ?? 'files'}`,
  read_file: (input, path) => {
    const start = field(input, 'start_line');
    const end = field(input, 'end_line');
    return `read ${path ?? '?'}${start !== undefined || end !== undefined ? `:${start ?? 1}-${end ?? 'end'}` : ''}`;
  },
  search_text: (input) => `search ${JSON.stringify(field(input, 'query') ?? '')}${field(input, 'glob') ? ` in ${field(input, 'glob')}` : ''}`,
  write_file: (_input, path) => `write ${path ?? '?'}`,
  edit_file: (_input, path) => `edit ${path ?? '?'}`,
  delete_file: (_input, path) => `delete ${path ?? '?'}`,
  report_finding: (input) => `report ${field(input, 'severity') ?? 'finding'}: ${field(input, 'message') ?? ''}`,
  run_check: (input) => `run check ${field(input, 'check') ?? '?'}`,
  finish: () => 'finish',
};

/** The toolbox every agent of a run shares. Options bound the size of tool results and name the ripgrep search_text runs. */
export function createToolbox(options: ToolboxOptions = {}): Toolbox {
  const { ripgrepPath, checks = false, ...given } = options;
  const limits: ToolLimits = { ...DEFAULT_LIMITS, ...given };
  const run = runners(new RipgrepLocator(ripgrepPath));
  // One copy per run, sent with every request of every agent (the SDK only serialises it).
  let definitions: Anthropic.Tool[] | undefined;
  return {
    definitions(phase: Phase): Anthropic.Tool[] {
      definitions ??= toolDefinitions(phase, checks);
      return definitions;
    },
    describe(name: string, input: unknown) {
      const path = displayPath(field(input, 'path'));
      const summary = isToolName(name) ? clip(summaries[name](input, path)) : `unknown tool ${clip(name)}`;
      return path === undefined ? { summary } : { summary, path };
    },
    async execute(name: string, input: unknown, ctx: ToolContext): Promise<ToolOutcome> {
      const allowed = toolsForPhase(ctx.task.phase, checks);
      if (!isToolName(name)) return fail(`Unknown tool "${name}". Available tools: ${allowed.join(', ')}.`);
      if (!allowed.includes(name)) {
        if (WRITE_TOOLS.has(name)) {
          const denial = ownershipDenial(displayPath(field(input, 'path')) ?? '', ctx.task, ctx.plan);
          if (denial) return denyWrite(ctx, name, displayPath(field(input, 'path')) ?? '', denial);
        }
        return fail(`${name} is not available to ${ctx.task.phase} tasks. Available tools: ${allowed.join(', ')}.`);
      }
      if (ctx.signal.aborted) return fail('The task was cancelled.');
      try {
        return await run[name](input, ctx, limits);
      } catch (error) {
        if (ctx.signal.aborted) return fail('The task was cancelled.');
        return fail(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
