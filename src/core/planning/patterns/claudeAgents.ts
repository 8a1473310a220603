/**
 * Claude Code subagent definitions (`.claude/agents/*.md`) as one pattern, `claude-agents`: each
 * agent is a role, reused whole.
 *
 * Front matter (grammar in `frontMatter.ts`): `name` and `description` are required.
 * - `tools` (a comma-separated string or a YAML list; absent: every tool) is mapped onto Fanout's
 *   tools (`claudeAgentTools.ts`). An agent left with no write tool is read-only and becomes a
 *   validate role that owns nothing; every other agent is an implement role.
 * - `model` (`claudeAgentModel.ts`): `opus` / `sonnet` / `haiku` become the current id of that
 *   family, `inherit` means the run's default, a full id is kept when the model table knows it.
 * - The body (the agent's system prompt) is the role prompt: it is shown to the planner and put at
 *   the head of the task's instructions (`claudeAgentPlan.ts`), bounded to MAX_ROLE_PROMPT_CHARS.
 * What Fanout cannot honour (tools with no equivalent, an unknown model, keys such as `hooks` or
 * `permissionMode`) is kept as notes on the role. Roles are ordered by file name.
 */
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../../model/modelTable';
import type { Pattern, PatternProblem, PatternRole } from '../types';
import { type FanoutTool, mapClaudeTools } from './claudeAgentTools';
import { mapClaudeModel } from './claudeAgentModel';
import { listField, parseFrontMatter, stringField } from './frontMatter';
import { definedFields } from '../../definedFields';

export const CLAUDE_AGENTS_DIR = '.claude/agents';
/** Role prompts longer than this are cut (with a note); the planner prompt and every task carry them. */
export const MAX_ROLE_PROMPT_CHARS = 16_000;

const KNOWN_KEYS = new Set(['name', 'description', 'tools', 'model']);
/** What Fanout does instead, for front-matter keys Claude Code reads and Fanout does not. */
const IGNORED_KEYS: Readonly<Record<string, string>> = {
  permissionMode: 'Fanout agents write only their own files, staged for review',
  hooks: 'Fanout runs no hooks',
  color: 'display only',
};

/** A role read from a subagent file: a `PatternRole` plus what the file says beyond it. */
export interface ClaudeAgentRole extends PatternRole {
  /** Workspace-relative path of the agent file. */
  readonly agentPath: string;
  /** The agent's system prompt (the file's body), trimmed and bounded; '' when the body is empty. */
  readonly prompt: string;
  /** The Fanout tools the agent's `tools` map to (every one when there is no `tools` line). */
  readonly fanoutTools: readonly FanoutTool[];
  /** What Fanout cannot honour, one sentence each. */
  readonly notes: readonly string[];
}

/** Notes on one agent, for the loader's caller to show. */
export interface ClaudeAgentNotes {
  readonly path: string;
  readonly agent: string;
  readonly notes: readonly string[];
}

/** True for a role read from a `.claude/agents` file. */
export function isClaudeAgentRole(role: PatternRole): role is ClaudeAgentRole {
  const r: Partial<ClaudeAgentRole> = role;
  return typeof r.agentPath === 'string' && typeof r.prompt === 'string' && Array.isArray(r.notes) && Array.isArray(r.fanoutTools);
}

/** The heading that introduces an agent's role prompt in a task's instructions. */
export function rolePromptHeading(agentPath: string): string {
  return `Role (from ${agentPath}):`;
}

function toolNotes(claudeTools: readonly string[] | undefined, unsupported: readonly string[], readOnly: boolean): string[] {
  if (claudeTools === undefined) {
    return ['no tools line (every Claude Code tool): the task gets every Fanout tool, but commands, web access and subagents have no Fanout equivalent'];
  }
  const notes: string[] = [];
  if (unsupported.length > 0) {
    const list = unsupported.join(', ');
    notes.push(
      `tool${unsupported.length === 1 ? '' : 's'} ${list} ha${unsupported.length === 1 ? 's' : 've'} no Fanout equivalent; the task runs without ${unsupported.length === 1 ? 'it' : 'them'}`,
    );
  }
  if (readOnly && claudeTools.length > 0 && unsupported.length > 0)
    notes.push('with only read tools left the agent is read-only: a validate task that owns nothing');
  if (claudeTools.length === 0) notes.push('an empty tools list: Fanout agents can always read, so the task is a read-only validator');
  return notes;
}

function keyNotes(keys: readonly string[]): string[] {
  return keys
    .filter((key) => !KNOWN_KEYS.has(key))
    .map((key) => `front-matter key "${key}" is ignored${IGNORED_KEYS[key] !== undefined ? ` (${IGNORED_KEYS[key]})` : ''}`);
}

function rolePrompt(body: string, notes: string[]): string {
  const prompt = body.trim();
  if (prompt.length <= MAX_ROLE_PROMPT_CHARS) return prompt;
  notes.push(`the role prompt is ${prompt.length} characters; only the first ${MAX_ROLE_PROMPT_CHARS} are used`);
  return prompt.slice(0, MAX_ROLE_PROMPT_CHARS);
}

/** One agent file as a role, or problems saying why it was skipped. `table` decides which model ids are known. */
export function parseClaudeAgent(
  path: string,
  text: string,
  table: ModelTable = DEFAULT_MODEL_TABLE,
): { readonly role?: ClaudeAgentRole; readonly problems: readonly PatternProblem[] } {
  const front = parseFrontMatter(text);
  const problems: PatternProblem[] = front.problems.map((message) => ({ path, message: `front matter: ${message}` }));
  const name = stringField(front.data, 'name');
  const description = stringField(front.data, 'description');
  const missing = [name === undefined ? 'name' : undefined, description === undefined ? 'description' : undefined].filter((m) => m !== undefined);
  if (name === undefined || description === undefined) {
    problems.push({
      path,
      message: `subagent skipped: its front matter needs ${missing.join(' and ')} (a "---" block with "name: …" and "description: …" lines)`,
    });
    return { problems };
  }
  const claudeTools = listField(front.data, 'tools');
  const mapped = mapClaudeTools(claudeTools);
  const model = mapClaudeModel(stringField(front.data, 'model'), table);
  const notes = [
    ...toolNotes(claudeTools, mapped.unsupported, mapped.readOnly),
    ...(model.kind === 'unknown' ? [model.note] : []),
    ...keyNotes(Object.keys(front.data)),
  ];
  const prompt = rolePrompt(front.body, notes);
  const role: ClaudeAgentRole = {
    role: name,
    phase: mapped.readOnly ? 'validate' : 'implement',
    description,
    readOnly: mapped.readOnly,
    ...(model.kind === 'model' ? { model: model.model } : {}),
    ...definedFields({ tools: claudeTools }),
    agentPath: path,
    prompt,
    fanoutTools: mapped.tools,
    notes,
  };
  return { role, problems };
}

/** The notes of every agent role that has some, in role order. */
export function claudeAgentNotes(pattern: Pattern): ClaudeAgentNotes[] {
  return pattern.roles.filter(isClaudeAgentRole).flatMap((r) => (r.notes.length > 0 ? [{ path: r.agentPath, agent: r.role, notes: r.notes }] : []));
}

/** At most this many notes go into the pattern's description (the composer shows it). */
const DESCRIBED_NOTES = 3;

function notesSummary(roles: readonly ClaudeAgentRole[]): string {
  const all = roles.flatMap((r) => r.notes.map((n) => `${r.role}: ${n}`));
  if (all.length === 0) return '';
  const shown = all.slice(0, DESCRIBED_NOTES).join('; ');
  const more = all.length > DESCRIBED_NOTES ? `; and ${all.length - DESCRIBED_NOTES} more` : '';
  return ` Not honoured: ${shown}${more}.`;
}

/** The `claude-agents` pattern from parsed agent files (in the given order); undefined when there are none. */
export function claudeAgentsPattern(roles: readonly ClaudeAgentRole[]): Pattern | undefined {
  if (roles.length === 0) return undefined;
  return {
    name: 'claude-agents',
    title: 'Claude Code subagents',
    description: `The ${roles.length} subagent${roles.length === 1 ? '' : 's'} defined in ${CLAUDE_AGENTS_DIR}: each one a role with its own prompt; read-only agents review, the others write.${notesSummary(roles)}`,
    whenToPick: `Your project's own Claude Code subagents (${CLAUDE_AGENTS_DIR}): pick it to hand the work to the agents it already defines, each with its own prompt.`,
    source: 'claude-agents',
    path: CLAUDE_AGENTS_DIR,
    roles,
  };
}
