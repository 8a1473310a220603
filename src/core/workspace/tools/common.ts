/**
 * Helpers shared by the agent tools: outcomes, write denials (a tool error plus a `write.denied`
 * event), limits.
 */
import type { z } from 'zod';
import type { ToolContext, ToolOutcome } from './toolTypes';
import type { DenialReason } from '../../run/eventVocabulary';
import { DEFAULT_MAX_FILE_BYTES, StagingRefusal } from '../staging';
import { definedFields } from '../../definedFields';

/** Bounds on what one tool call reads, prints and spends. */
export interface ToolLimits {
  /** Paths list_files prints before "… N more". */
  readonly maxListEntries: number;
  /** Matches search_text prints before "… N more". */
  readonly maxSearchMatches: number;
  /** Characters read_file returns in one call before cutting at a line boundary. */
  readonly maxReadChars: number;
  /** Directory entries one listing or search visits before it stops. */
  readonly maxWalkEntries: number;
  /** Wall time of one search_text call, ripgrep included. */
  readonly searchTimeoutMs: number;
  /** Characters one search_text call scans in process (staged content; every file when ripgrep is missing). */
  readonly maxSearchBytes: number;
  /** Matching lines one search_text call counts; one more stops it ("there are more"). */
  readonly maxSearchCount: number;
  /** Largest workspace file search_text searches with ripgrep (the staging store's read cap). */
  readonly maxSearchFileBytes: number;
}

export interface ToolboxOptions extends Partial<ToolLimits> {
  /**
   * The ripgrep executable search_text runs (the host passes the copy VS Code ships); undefined
   * looks for `rg` on PATH once; null never runs ripgrep (the in-process engine searches everything).
   */
  readonly ripgrepPath?: string | null;
  /** The run has checks: validators get `run_check` (and the tool list names it). */
  readonly checks?: boolean;
}

export const DEFAULT_LIMITS: ToolLimits = {
  maxListEntries: 200,
  maxSearchMatches: 100,
  maxReadChars: 100_000,
  maxWalkEntries: 20_000,
  searchTimeoutMs: 10_000,
  maxSearchBytes: 64 * 1024 * 1024,
  maxSearchCount: 5000,
  maxSearchFileBytes: DEFAULT_MAX_FILE_BYTES,
};

export function ok(content: string, path?: string): ToolOutcome {
  return path === undefined ? { content, isError: false } : { content, isError: false, path };
}

export function fail(content: string, path?: string): ToolOutcome {
  return path === undefined ? { content, isError: true } : { content, isError: true, path };
}

/** Refuses a write, edit or delete: emits `write.denied` and returns the tool error. */
export function denyWrite(
  ctx: ToolContext,
  tool: string,
  path: string,
  denial: { readonly reason: DenialReason; readonly owner?: string; readonly message: string },
): ToolOutcome {
  ctx.emit({
    kind: 'write.denied',
    taskId: ctx.task.id,
    path,
    tool,
    reason: denial.reason,
    ...definedFields({ owner: denial.owner }),
    message: denial.message,
  });
  return fail(denial.message, path);
}

/** Maps a staging refusal to a tool error; write refusals (except a missing file) are also denials. */
export function stagingFailure(ctx: ToolContext, tool: string, path: string, error: StagingRefusal, writing: boolean): ToolOutcome {
  if (!writing || error.reason === 'missing') return fail(error.message, path);
  const reason: DenialReason = error.reason === 'conflict' ? 'not-owned' : error.reason;
  return denyWrite(ctx, tool, path, { reason, message: error.message, ...definedFields({ owner: error.owner }) });
}

/** Runs `body`, turning a StagingRefusal into the matching tool error. */
export async function withStaging(ctx: ToolContext, tool: string, path: string, writing: boolean, body: () => Promise<ToolOutcome>): Promise<ToolOutcome> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof StagingRefusal) return stagingFailure(ctx, tool, path, error, writing);
    throw error;
  }
}

/** A model-readable account of why the input did not fit the schema. */
export function describeIssues(tool: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => `- ${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  return `Invalid input for ${tool}:\n${lines.join('\n')}\nCall ${tool} again with input that matches its schema.`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
