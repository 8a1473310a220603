/**
 * Maps a Claude Code subagent's `tools` front-matter list onto Fanout's agent tools.
 *
 * Read, Grep, Glob and LS become read_file, search_text and list_files; Write, Edit and MultiEdit
 * become write_file and edit_file. Every other Claude Code tool (Bash, WebFetch, WebSearch, Task,
 * NotebookEdit, TodoWrite, MCP tools …) has no Fanout equivalent and is reported. A tool may carry
 * arguments (`Bash(git diff:*)`); only its name counts. No `tools` line means Claude Code's default,
 * every tool: the agent gets every Fanout tool and may write.
 */

export type FanoutReadTool = 'read_file' | 'search_text' | 'list_files';
export type FanoutWriteTool = 'write_file' | 'edit_file';
export type FanoutTool = FanoutReadTool | FanoutWriteTool;

/** Fanout's read and write tools, in the order they are listed. */
export const FANOUT_TOOLS: readonly FanoutTool[] = ['read_file', 'search_text', 'list_files', 'write_file', 'edit_file'];
const WRITE_TOOLS: ReadonlySet<FanoutTool> = new Set<FanoutTool>(['write_file', 'edit_file']);

/** Claude Code tool name (lower case) -> the Fanout tools that do its work. */
const EQUIVALENTS: Readonly<Record<string, readonly FanoutTool[]>> = {
  read: ['read_file'],
  grep: ['search_text'],
  glob: ['list_files'],
  ls: ['list_files'],
  write: ['write_file'],
  edit: ['edit_file'],
  multiedit: ['edit_file'],
};

export interface MappedTools {
  /** The Fanout tools the agent's tools map to, in FANOUT_TOOLS order, no duplicates. */
  readonly tools: readonly FanoutTool[];
  /** True when none of them writes: a task from this agent is a validator that owns nothing. */
  readonly readOnly: boolean;
  /** The Claude Code tools with no Fanout equivalent, as written (arguments dropped), no duplicates. */
  readonly unsupported: readonly string[];
}

/** A tool entry's name: `Bash(git diff:*)` -> `Bash`. */
export function toolName(entry: string): string {
  return entry.replace(/\(.*$/s, '').trim();
}

/** Maps the `tools` list; `undefined` (no `tools` line) is Claude Code's default of every tool. */
export function mapClaudeTools(claudeTools: readonly string[] | undefined): MappedTools {
  if (claudeTools === undefined) return { tools: FANOUT_TOOLS, readOnly: false, unsupported: [] };
  const mapped = new Set<FanoutTool>();
  const unsupported: string[] = [];
  for (const entry of claudeTools) {
    const name = toolName(entry);
    if (name === '') continue;
    const equivalent = EQUIVALENTS[name.toLowerCase()];
    if (equivalent !== undefined) equivalent.forEach((t) => mapped.add(t));
    else if (!unsupported.includes(name)) unsupported.push(name);
  }
  const tools = FANOUT_TOOLS.filter((t) => mapped.has(t));
  return { tools, readOnly: !tools.some((t) => WRITE_TOOLS.has(t)), unsupported };
}
