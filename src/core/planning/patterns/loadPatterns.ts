/**
 * All patterns for a workspace: the built-ins, then `.fanout/patterns/*.md`, then the CLAUDE.md
 * delegation section, then `.claude/agents/*.md`. A file that cannot be read or parsed becomes a
 * `PatternProblem` with a message saying what to change; loading never throws. A pattern whose
 * name is already taken (a built-in's, or an earlier file's) is skipped with a problem.
 * `describePatternForPlanner` gives the text of a pattern the planner prompt includes; for a
 * subagent role that is its whole role prompt, with the rule to start the task's instructions with it.
 * What a subagent file asks for and Fanout cannot honour comes back as `agentNotes`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../../model/modelTable';
import type { Pattern, PatternProblem, PatternRole } from '../types';
import { BUILTIN_PATTERNS } from './builtins';
import {
  CLAUDE_AGENTS_DIR,
  type ClaudeAgentNotes,
  type ClaudeAgentRole,
  claudeAgentNotes,
  claudeAgentsPattern,
  isClaudeAgentRole,
  parseClaudeAgent,
  rolePromptHeading,
} from './claudeAgents';
import { CLAUDE_MD_PATHS, parseClaudeMd } from './claudeMd';
import { WORKSPACE_PATTERNS_DIR, parseWorkspacePattern } from './workspacePatterns';
import { errorCode, isAbsentCode } from '../../workspace/errorCode';

/** Pattern files larger than this are skipped (they are hand-written lists, not data). */
export const MAX_PATTERN_FILE_BYTES = 256 * 1024;

export interface LoadedPatterns {
  readonly patterns: Pattern[];
  readonly problems: PatternProblem[];
  /** Per `.claude/agents` file: what it asks for that Fanout cannot honour (the agent is still used). */
  readonly agentNotes: ClaudeAgentNotes[];
}

export interface LoadPatternsOptions {
  /** Decides which full model ids in subagent files are known (default: the built-in table). */
  readonly modelTable?: ModelTable;
}

type Read = { readonly text: string } | { readonly problem: string } | undefined;

/** A file's text; undefined when it does not exist; a problem when it cannot be read. */
async function readText(root: string, rel: string): Promise<Read> {
  try {
    const info = await stat(join(root, rel));
    if (!info.isFile()) return { problem: 'not a regular file; skipped' };
    if (info.size > MAX_PATTERN_FILE_BYTES)
      return { problem: `file is ${info.size} bytes, over the ${MAX_PATTERN_FILE_BYTES}-byte limit for pattern files; skipped` };
    return { text: await readFile(join(root, rel), 'utf8') };
  } catch (error) {
    const code = errorCode(error);
    if (isAbsentCode(code)) return undefined;
    return { problem: `could not read the file (${code ?? String(error)}); skipped` };
  }
}

/** Workspace-relative paths of the `.md` files in a folder, sorted; none when the folder is absent. */
async function markdownFiles(root: string, dir: string, problems: PatternProblem[]): Promise<string[]> {
  try {
    const entries = await readdir(join(root, dir), { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.md'))
      .map((e) => `${dir}/${e.name}`)
      .sort();
  } catch (error) {
    const code = errorCode(error);
    if (!isAbsentCode(code)) problems.push({ path: dir, message: `could not list the folder (${code ?? String(error)})` });
    return [];
  }
}

async function workspacePatterns(root: string, problems: PatternProblem[]): Promise<Pattern[]> {
  const out: Pattern[] = [];
  for (const rel of await markdownFiles(root, WORKSPACE_PATTERNS_DIR, problems)) {
    const read = await readText(root, rel);
    if (read === undefined) continue;
    if ('problem' in read) {
      problems.push({ path: rel, message: read.problem });
      continue;
    }
    const parsed = parseWorkspacePattern(rel, read.text);
    problems.push(...parsed.problems);
    if (parsed.pattern) out.push(parsed.pattern);
  }
  return out;
}

async function claudeMdPattern(root: string, problems: PatternProblem[]): Promise<Pattern | undefined> {
  for (const rel of CLAUDE_MD_PATHS) {
    const read = await readText(root, rel);
    if (read === undefined) continue;
    if ('problem' in read) {
      problems.push({ path: rel, message: read.problem });
      continue;
    }
    const parsed = parseClaudeMd(rel, read.text);
    problems.push(...parsed.problems);
    if (parsed.pattern) return parsed.pattern;
  }
  return undefined;
}

async function claudeAgents(root: string, problems: PatternProblem[], table: ModelTable): Promise<Pattern | undefined> {
  const roles: ClaudeAgentRole[] = [];
  for (const rel of await markdownFiles(root, CLAUDE_AGENTS_DIR, problems)) {
    const read = await readText(root, rel);
    if (read === undefined) continue;
    if ('problem' in read) {
      problems.push({ path: rel, message: read.problem });
      continue;
    }
    const parsed = parseClaudeAgent(rel, read.text, table);
    problems.push(...parsed.problems);
    if (parsed.role) roles.push(parsed.role);
  }
  return claudeAgentsPattern(roles);
}

/** Built-in and workspace patterns for `workspaceRoot`, with every problem found on the way. */
export async function loadPatterns(workspaceRoot: string, options: LoadPatternsOptions = {}): Promise<LoadedPatterns> {
  const problems: PatternProblem[] = [];
  const found = [
    ...(await workspacePatterns(workspaceRoot, problems)),
    await claudeMdPattern(workspaceRoot, problems),
    await claudeAgents(workspaceRoot, problems, options.modelTable ?? DEFAULT_MODEL_TABLE),
  ].filter((p): p is Pattern => p !== undefined);
  const patterns: Pattern[] = [...BUILTIN_PATTERNS];
  for (const pattern of found) {
    const taken = patterns.find((p) => p.name === pattern.name);
    if (taken) {
      const by = taken.source === 'builtin' ? 'the built-in pattern' : `the pattern in ${taken.path ?? taken.source}`;
      problems.push({
        path: pattern.path ?? pattern.source,
        message: `pattern name "${pattern.name}" is already used by ${by}; skipped. Give it another name (front matter "name: …").`,
      });
      continue;
    }
    patterns.push(pattern);
  }
  const agentNotes = patterns.filter((p) => p.source === 'claude-agents').flatMap(claudeAgentNotes);
  return { patterns, problems, agentNotes };
}

/** What a pattern picker shows of a pattern: no roles, no paths (the sidebar sends this to its view). */
export type PatternSummary = Pick<Pattern, 'name' | 'title' | 'description' | 'whenToPick' | 'source'>;

export function patternSummary(pattern: Pattern): PatternSummary {
  return { name: pattern.name, title: pattern.title, description: pattern.description, whenToPick: pattern.whenToPick, source: pattern.source };
}

/** The pattern with this name (exact, else case-insensitive). */
export function findPattern(patterns: readonly Pattern[], name: string): Pattern | undefined {
  const wanted = name.trim();
  return patterns.find((p) => p.name === wanted) ?? patterns.find((p) => p.name.toLowerCase() === wanted.toLowerCase());
}

const SOURCES: Readonly<Record<Pattern['source'], string>> = {
  builtin: 'built-in',
  workspace: 'workspace pattern',
  'claude-md': 'from CLAUDE.md',
  'claude-agents': 'Claude Code subagents',
};

/** How the planner carries a subagent's role prompt into the task (see `claudeAgentPlan.ts`). */
function describeAgentRole(role: ClaudeAgentRole): string {
  const tools = ` Fanout tools: ${role.fanoutTools.length > 0 ? role.fanoutTools.join(', ') : '(none)'}.`;
  const name = ` Set the task's role to exactly "${role.role}".`;
  if (role.prompt === '') return `${tools}${name}`;
  return [
    `${tools}${name} Start the task's instructions with the line "${rolePromptHeading(role.agentPath)}" and then this role prompt, copied unchanged, before the task's own instructions:`,
    '<role-prompt>',
    role.prompt,
    '</role-prompt>',
  ].join('\n');
}

function describeRole(role: PatternRole, index: number): string {
  const access = role.readOnly ? 'read-only, owns nothing' : 'writes the files it owns';
  const model = role.model !== undefined ? `, model ${role.model}` : '';
  const description = role.description.trim() === '' ? '' : ` ${role.description.trim()}`;
  const head = `${index + 1}. ${role.role} (${role.phase} phase, ${access}${model}):${description}`;
  if (isClaudeAgentRole(role)) return `${head}${describeAgentRole(role)}`;
  const tools = role.tools !== undefined && role.tools.length > 0 ? ` Tools: ${role.tools.join(', ')}.` : '';
  return `${head}${tools}`;
}

/** How the planner should read a pattern: its roles in order, with phase and access. */
export function describePatternForPlanner(pattern: Pattern): string {
  const where = pattern.path !== undefined ? `, ${pattern.path}` : '';
  return [
    `Pattern "${pattern.name}": ${pattern.title} (${SOURCES[pattern.source]}${where})`,
    ...(pattern.description.trim() === '' ? [] : [pattern.description.trim()]),
    'Roles (one task per role the request needs; merge or drop roles a small request does not need; keep the phases):',
    ...pattern.roles.map(describeRole),
  ].join('\n');
}
