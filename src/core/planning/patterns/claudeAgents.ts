/**
 * Claude Code subagent definitions (`.claude/agents/*.md`) as one pattern, `claude-agents`: each
 * agent is a role.
 *
 * Front matter (grammar in `frontMatter.ts`): `name` and `description` are required; `tools` is a
 * comma-separated string or a YAML list (absent: the agent inherits every tool); `model` is kept
 * when it is a full model id (`claude-…`); Claude Code's aliases (`sonnet`, `opus`, `haiku`,
 * `inherit`) are not Messages API ids, so the task falls back to Fanout's configured model.
 * An agent whose tools include none of Write, Edit, MultiEdit (or NotebookEdit) is read-only and
 * becomes a validate role; every other agent is an implement role. The body (the agent's system
 * prompt) is not used. Roles are ordered by file name.
 */
import type { Pattern, PatternProblem, PatternRole } from '../types';
import { listField, parseFrontMatter, stringField } from './frontMatter';

export const CLAUDE_AGENTS_DIR = '.claude/agents';
const WRITE_TOOLS = new Set(['write', 'edit', 'multiedit', 'notebookedit']);

/** One agent file as a role, or problems saying why it was skipped. */
export function parseClaudeAgent(path: string, text: string): { readonly role?: PatternRole; readonly problems: readonly PatternProblem[] } {
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
  const tools = listField(front.data, 'tools');
  // Tool names may carry arguments in Claude Code (`Bash(git diff:*)`); only the name matters here.
  const readOnly = tools !== undefined && !tools.some((t) => WRITE_TOOLS.has(t.replace(/\(.*$/, '').trim().toLowerCase()));
  const model = stringField(front.data, 'model');
  const role: PatternRole = {
    role: name,
    phase: readOnly ? 'validate' : 'implement',
    description,
    readOnly,
    ...(model?.startsWith('claude-') ? { model } : {}),
    ...(tools !== undefined ? { tools } : {}),
  };
  return { role, problems };
}

/** The `claude-agents` pattern from parsed agent files (in the given order); undefined when there are none. */
export function claudeAgentsPattern(roles: readonly PatternRole[]): Pattern | undefined {
  if (roles.length === 0) return undefined;
  return {
    name: 'claude-agents',
    title: 'Claude Code subagents',
    description: `The ${roles.length} subagent${roles.length === 1 ? '' : 's'} defined in ${CLAUDE_AGENTS_DIR}: each one a role; read-only agents review, the others write.`,
    source: 'claude-agents',
    path: CLAUDE_AGENTS_DIR,
    roles,
  };
}
