/**
 * The agent tools' names, descriptions and input schemas. The zod schemas validate what the model
 * sends; the JSON schemas derived from them go into the cached prompt prefix, so their order and
 * text must stay byte-stable.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import type { Phase } from '../../plan/plan';

const MAX_LINE = 10_000_000;

const relPath = z.string().min(1).describe('Workspace-relative path with "/" separators, e.g. "src/api/user.ts".');

export const schemas = {
  list_files: z.object({
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe('Glob relative to the workspace root, e.g. "src/**/*.ts". A pattern without "/" matches file names at any depth. Omit to list every file.'),
  }),
  read_file: z.object({
    path: relPath,
    start_line: z.number().int().min(1).max(MAX_LINE).optional().describe('First line to return, 1-based. Omit to start at line 1.'),
    end_line: z.number().int().min(1).max(MAX_LINE).optional().describe('Last line to return, 1-based and inclusive. Omit to read to the end.'),
  }),
  search_text: z.object({
    query: z.string().min(1).describe('Text to find, matched within single lines.'),
    regex: z
      .boolean()
      .optional()
      .describe('Treat query as a regular expression in RE2 syntax: JavaScript syntax without backreferences or lookaround. Default false (literal text).'),
    case_sensitive: z.boolean().optional().describe('Default true.'),
    glob: z.string().min(1).optional().describe('Only search files matching this glob, e.g. "src/**/*.ts".'),
  }),
  write_file: z.object({
    path: relPath,
    content: z.string().describe('The complete new content of the file.'),
  }),
  edit_file: z.object({
    path: relPath,
    old_text: z.string().min(1).describe('Exact text to replace, including whitespace and indentation. It must occur exactly once in the file.'),
    new_text: z.string().describe('Replacement text.'),
  }),
  delete_file: z.object({ path: relPath }),
  report_finding: z.object({
    severity: z.enum(['error', 'warning', 'info']).describe('error: must be fixed before accepting; warning: should be looked at; info: a note.'),
    message: z.string().min(1).describe('What is wrong and how to fix it, in one or two sentences.'),
    path: z.string().min(1).optional().describe('Workspace-relative path the finding is about.'),
    line: z.number().int().min(1).max(MAX_LINE).optional().describe('1-based line in that file.'),
  }),
  run_check: z.object({
    check: z.string().min(1).max(64).describe('The id of one of the run\'s approved checks, as listed under "Checks" in the system prompt, e.g. "test".'),
  }),
  finish: z.object({
    summary: z.string().min(1).describe('What you did, which files you changed, and anything another task or the user must still do.'),
  }),
} as const;

export type ToolName = keyof typeof schemas;
export type ToolInput<N extends ToolName> = z.infer<(typeof schemas)[N]>;

export const descriptions: Readonly<Record<ToolName, string>> = {
  list_files:
    'List files in the workspace, including files staged in this run that you can see, sorted by path. Skips .git, node_modules and files ignored by .gitignore. Long listings are cut off with a count of the rest; narrow the pattern to see them.',
  read_file:
    'Read a text file (staged content you can see first, else the workspace). Returns the exact content with no line numbers, so it can be copied into edit_file. For a line range, the first line of the result says which lines were returned. Binary files and files over the size limit (1 MiB by default) are refused.',
  search_text:
    'Search text files for a literal string or a regular expression, within single lines. Returns up to a fixed number of matches as "path:line: text". Skips binary, oversized, ignored and node_modules files. Stops after a few seconds or a few thousand matching lines, and says so.',
  write_file:
    'Create a file or replace its whole content. Only paths your task owns can be written. Changes are staged for the user to review; the workspace itself is not changed.',
  edit_file:
    'Replace one exact occurrence of old_text with new_text in a file your task owns. old_text must match exactly once; if it matches zero or several times the edit is refused: read the file again and include more surrounding lines.',
  delete_file: 'Delete a file your task owns (staged for review like every change).',
  report_finding:
    'Validate tasks only: report one problem or observation about the staged changes. Call once per finding; findings are shown to the user next to the diffs.',
  run_check:
    "Validate tasks only: run one of the project's approved checks (a type check, lint or tests) on the combined staged result, in a copy of the workspace, and get its exit code and output. Only the listed checks can run.",
  finish: 'End your task. Call exactly once, when your work is complete, with a short summary.',
};

const WRITER_TOOLS: readonly ToolName[] = ['list_files', 'read_file', 'search_text', 'write_file', 'edit_file', 'delete_file', 'finish'];
const VALIDATOR_TOOLS: readonly ToolName[] = ['list_files', 'read_file', 'search_text', 'report_finding', 'finish'];
const CHECKING_VALIDATOR_TOOLS: readonly ToolName[] = ['list_files', 'read_file', 'search_text', 'report_finding', 'run_check', 'finish'];

/** The tools a task of this phase gets, in their stable order (validators get run_check in a run with checks). */
export function toolsForPhase(phase: Phase, checks = false): readonly ToolName[] {
  if (phase !== 'validate') return WRITER_TOOLS;
  return checks ? CHECKING_VALIDATOR_TOOLS : VALIDATOR_TOOLS;
}

export function isToolName(name: string): name is ToolName {
  return Object.prototype.hasOwnProperty.call(schemas, name);
}

function inputSchema(schema: z.ZodType): Anthropic.Tool.InputSchema {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema) as Record<string, unknown>;
  return { ...json, type: 'object' };
}

/** Every tool in its stable order: the order of the shared prefix. `run_check` only in a run with checks. */
const ALL_TOOLS: readonly ToolName[] = ['list_files', 'read_file', 'search_text', 'write_file', 'edit_file', 'delete_file', 'report_finding', 'finish'];
const ALL_TOOLS_WITH_CHECKS: readonly ToolName[] = [...ALL_TOOLS.slice(0, -1), 'run_check', 'finish'];
const cached = new Map<boolean, Anthropic.Tool[]>();

/**
 * Tool definitions, the same for every phase: the tool list is the start of the prompt prefix that
 * every agent of a run shares byte for byte (and reads from the prompt cache). What a phase may call
 * is enforced when a tool runs (`toolsForPhase`), not by hiding tools. A fresh copy every call.
 */
export function toolDefinitions(_phase?: Phase, checks = false): Anthropic.Tool[] {
  let tools = cached.get(checks);
  if (tools === undefined) {
    tools = (checks ? ALL_TOOLS_WITH_CHECKS : ALL_TOOLS).map((name) => ({ name, description: descriptions[name], input_schema: inputSchema(schemas[name]) }));
    cached.set(checks, tools);
  }
  return structuredClone(tools);
}
