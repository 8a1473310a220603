/**
 * Workspace patterns: Markdown files in `.fanout/patterns/*.md`, one pattern per file.
 *
 * ```markdown
 * ---
 * name: api-feature            # optional; default: the file name's slug
 * title: API feature           # optional; default: the first "# " heading, else the name
 * description: One line        # optional; default: the first paragraph after the heading
 * when: An API endpoint end to end   # optional (or whenToPick); when the composer suggests picking it
 * ---
 * # API feature
 * 1. **Schema** (contract): the tables and shared types
 * 2. **Handlers**: the route handlers
 * 3. **Security review** (validate, read-only): report risks
 * ```
 * Front matter is optional (its grammar is in `frontMatter.ts`); the roles grammar, including phase
 * inference when the parentheses are left out, is in `roleList.ts`. A file with no roles is a problem.
 */
import type { Pattern, PatternProblem } from '../types';
import { parseFrontMatter, stringField } from './frontMatter';
import { parseRoleList } from './roleList';

export const WORKSPACE_PATTERNS_DIR = '.fanout/patterns';
const NAME = /^[a-z0-9][a-z0-9-]*$/;
/** A longer "when" line is cut (the composer shows it under the picker). */
export const MAX_WHEN_TO_PICK_CHARS = 400;

/** The file's `when` (or `whenToPick`) line, bounded; a sentence naming the file when it has none. */
function whenToPickOf(data: Parameters<typeof stringField>[0], path: string, problems: PatternProblem[]): string {
  const given = stringField(data, 'whenToPick') ?? stringField(data, 'when');
  if (given === undefined) return `Your workspace's own pattern (${path}): pick it for work shaped like its roles.`;
  if (given.length <= MAX_WHEN_TO_PICK_CHARS) return given;
  problems.push({ path, message: `"when" is ${given.length} characters; only the first ${MAX_WHEN_TO_PICK_CHARS} are shown. Keep it to a sentence or two.` });
  return `${given.slice(0, MAX_WHEN_TO_PICK_CHARS - 1)}…`;
}

/** The id a file name gives a pattern: `API Feature.md` -> `api-feature`. */
export function slugOf(fileName: string): string {
  return (
    fileName
      .replace(/\.md$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'pattern'
  );
}

function headingAndParagraph(body: string): { heading?: string; paragraph?: string } {
  const lines = body.split(/\r?\n/);
  const at = lines.findIndex((l) => /^#\s+\S/.test(l));
  const heading = at === -1 ? undefined : (lines[at] ?? '').replace(/^#\s+/, '').trim();
  const paragraph: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (line.trim() === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    if (/^\s*(#|\d+[.)]\s|[-*+]\s)/.test(line)) break;
    paragraph.push(line.trim());
  }
  return { heading, paragraph: paragraph.length > 0 ? paragraph.join(' ') : undefined };
}

export interface ParsedPatternFile {
  readonly pattern?: Pattern;
  readonly problems: readonly PatternProblem[];
}

/** Parses one pattern file. `path` is workspace-relative (used in the pattern and in problems). */
export function parseWorkspacePattern(path: string, text: string): ParsedPatternFile {
  const problems: PatternProblem[] = [];
  const front = parseFrontMatter(text);
  for (const message of front.problems) problems.push({ path, message: `front matter: ${message}` });
  if (front.problems.some((m) => m.includes('no closing'))) {
    return { problems: [...problems, { path, message: 'pattern skipped: close the front matter with a "---" line, then list the roles' }] };
  }
  const fileName = path.split('/').pop() ?? path;
  let name = stringField(front.data, 'name') ?? slugOf(fileName);
  if (!NAME.test(name)) {
    const slug = slugOf(fileName);
    problems.push({ path, message: `name "${name}" must be lower-case letters, digits and dashes; using "${slug}"` });
    name = slug;
  }
  const { heading, paragraph } = headingAndParagraph(front.body);
  const roles = parseRoleList(front.body, { requireBold: false });
  for (const p of roles.problems) problems.push({ path, message: `line ${p.line + front.bodyLine - 1}: ${p.message}` });
  if (roles.roles.length === 0) {
    problems.push({ path, message: 'pattern skipped: no roles found; list them as numbered items, e.g. "1. **Types** (contract): the shared interfaces"' });
    return { problems };
  }
  const pattern: Pattern = {
    name,
    title: stringField(front.data, 'title') ?? heading ?? name,
    description: stringField(front.data, 'description') ?? paragraph ?? '',
    whenToPick: whenToPickOf(front.data, path, problems),
    source: 'workspace',
    path,
    roles: roles.roles,
  };
  return { pattern, problems };
}
