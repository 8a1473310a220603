/**
 * A delegation pattern written in the project's CLAUDE.md (`CLAUDE.md`, else `.claude/CLAUDE.md`).
 *
 * The section is the first Markdown heading whose text mentions parallel, subagent, delegat…,
 * fan-out or workflow (case-insensitive), e.g. "## Parallel Feature Implementation Workflow", up to
 * the next heading of the same or a higher level. Its roles are the numbered `**Role**: what it does`
 * items (bold is required here, so an ordinary numbered checklist is not taken for roles; grammar in
 * `roleList.ts`). Sections with no such items are passed over; when a heading that clearly names
 * delegation (not merely "workflow") has none, that is reported as a problem.
 * Code fences are skipped when looking for headings.
 */
import type { Pattern, PatternProblem } from '../types';
import { parseRoleList } from './roleList';

export const CLAUDE_MD_PATHS: readonly string[] = ['CLAUDE.md', '.claude/CLAUDE.md'];

const SECTION = /parallel|sub-?agent|delegat|fan-?out|workflow/i;
const STRONG_SECTION = /parallel|sub-?agent|delegat|fan-?out/i;

interface Section {
  readonly heading: string;
  readonly line: number;
  readonly body: string;
}

function sections(text: string): Section[] {
  const lines = text.split(/\r?\n/);
  const headings: { level: number; text: string; index: number }[] = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const h = fenced ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) headings.push({ level: (h[1] ?? '').length, text: h[2] ?? '', index });
  });
  return headings
    .filter((h) => SECTION.test(h.text))
    .map((h) => {
      const next = headings.find((o) => o.index > h.index && o.level <= h.level);
      return { heading: h.text, line: h.index + 1, body: lines.slice(h.index + 1, next?.index ?? lines.length).join('\n') };
    });
}

function firstParagraph(body: string): string {
  const out: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (out.length > 0) break;
      continue;
    }
    if (/^\s*(#|\d+[.)]\s|[-*+]\s|```)/.test(line)) break;
    out.push(line.trim());
  }
  return out.join(' ');
}

/** The pattern in a CLAUDE.md text, if any, and problems with it. `path` is workspace-relative. */
export function parseClaudeMd(path: string, text: string): { readonly pattern?: Pattern; readonly problems: readonly PatternProblem[] } {
  const problems: PatternProblem[] = [];
  for (const section of sections(text)) {
    const { roles, problems: roleProblems } = parseRoleList(section.body, { requireBold: true });
    if (roles.length === 0) {
      if (STRONG_SECTION.test(section.heading)) {
        problems.push({
          path,
          message: `line ${section.line}: section "${section.heading}" has no numbered "**Role**: what it does" items, so Fanout read no pattern from it`,
        });
      }
      continue;
    }
    for (const p of roleProblems) problems.push({ path, message: `line ${section.line + p.line}: ${p.message}` });
    const description = firstParagraph(section.body) || `The delegation workflow described in ${path}.`;
    const whenToPick = `Your project's own workflow (${path}, "${section.heading}"): pick it for work that follows it.`;
    return { pattern: { name: 'claude-md', title: section.heading, description, whenToPick, source: 'claude-md', path, roles }, problems };
  }
  return { problems };
}
