/**
 * What a `review` run is given, made without the planner (no model call): one read-only validate task
 * per role of the built-in `review-roles` pattern (or of the roles `--roles` names), and the shared
 * project context headed by the change under review (the diff, capped).
 */
import type { Plan, TaskSpec } from '../plan/plan';
import { REVIEW_ROLES } from '../planning/patterns/builtins';
import type { PatternRole } from '../planning/types';
import { ReviewInputError } from './reviewError';
import type { Changes } from './gitChanges';
import { definedFields } from '../definedFields';

/** Characters of diff the shared context holds; the rest is cut (and the context says so). */
export const REVIEW_DIFF_CHARS = 200_000;

const REVIEW_INSTRUCTIONS =
  'Review the change described in the project context (the diff). Report each problem with report_finding (file and line when you can), then finish with a short summary.';
const WORKSPACE_INSTRUCTIONS =
  'Review the code of the workspace as it is (there is no change to compare): read the files that matter for your angle, report each problem with report_finding (file and line), then finish with a short summary.';

/** The subject of a review of the whole workspace (no diff). */
export const WHOLE_WORKSPACE_SUBJECT = 'Review of the whole workspace';

/** A role's task id: "QA & edge cases" → "qa-edge-cases". */
export function roleSlug(role: string): string {
  const slug = role
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug === '' ? 'review' : slug;
}

/** The roles to run: all of the pattern's, or those named (by name or slug, any case); unknown names → exit 2 listing the valid ones. */
export function reviewRoles(names: readonly string[] | undefined): readonly PatternRole[] {
  if (names === undefined) return REVIEW_ROLES.roles;
  const wanted = names.map((n) => n.trim()).filter((n) => n !== '');
  const valid = REVIEW_ROLES.roles.map((r) => `"${r.role}"`).join(', ');
  if (wanted.length === 0) throw new ReviewInputError(`--roles names no role. The roles are ${valid}.`);
  const find = (name: string) => REVIEW_ROLES.roles.find((r) => r.role.toLowerCase() === name.toLowerCase() || roleSlug(r.role) === name.toLowerCase());
  const unknown = wanted.filter((n) => find(n) === undefined);
  if (unknown.length > 0) {
    throw new ReviewInputError(`Unknown review role(s): ${unknown.map((n) => `"${n}"`).join(', ')}. The roles are ${valid}. Nothing ran.`);
  }
  const picked = new Set(wanted.map((n) => find(n) as PatternRole));
  // In the pattern's order, each once.
  return REVIEW_ROLES.roles.filter((r) => picked.has(r));
}

function roleTask(role: PatternRole, wholeWorkspace: boolean): TaskSpec {
  return {
    id: roleSlug(role.role),
    title: role.role,
    phase: 'validate',
    role: role.role,
    instructions: `${role.description}\n\n${wholeWorkspace ? WORKSPACE_INSTRUCTIONS : REVIEW_INSTRUCTIONS}`,
    owns: [],
    reads: [],
    dependsOn: [],
    ...definedFields({ model: role.model }),
  };
}

/**
 * The plan of a review: validators only, all in parallel; `subject` is its request ("Review of …").
 * Roles whose slugs collide (two agents files named alike) get `-2`, `-3`: task ids stay unique.
 */
export function reviewPlan(roles: readonly PatternRole[], subject: string, id = `review-${Date.now().toString(36)}`): Plan {
  const wholeWorkspace = subject === WHOLE_WORKSPACE_SUBJECT;
  const seen = new Map<string, number>();
  const tasks = roles.map((role) => {
    const task = roleTask(role, wholeWorkspace);
    const n = (seen.get(task.id) ?? 0) + 1;
    seen.set(task.id, n);
    return n === 1 ? task : { ...task, id: `${task.id}-${n}` };
  });
  return { id, request: subject, route: 'complex', pattern: REVIEW_ROLES.name, tasks, lint: [] };
}

/** The shared context of a review of the whole workspace: what is asked, then the project context (instructions, repo map). */
export function wholeWorkspaceContext(projectContext: string): string {
  const head = [
    '# The code under review',
    '',
    'The whole workspace, as it is on disk: there is no change to compare. The repository map below lists its files; read those that matter for your angle.',
  ].join('\n');
  const project = projectContext.trim();
  return project === '' ? head : `${head}\n\n${project}`;
}

/** A fence longer than any run of backticks in the text, so the diff cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The shared context: the change under review (capped at REVIEW_DIFF_CHARS), then the project context (instructions, repo map). */
export function reviewContext(changes: Changes, projectContext: string): string {
  const cut = changes.diff.length > REVIEW_DIFF_CHARS;
  const diff = cut ? changes.diff.slice(0, REVIEW_DIFF_CHARS) : changes.diff;
  const notes = [...changes.notes, ...(cut ? [`The diff is ${changes.diff.length} characters; only the first ${REVIEW_DIFF_CHARS} are shown.`] : [])];
  const fence = fenceFor(diff);
  const lines = [
    '# The change under review',
    '',
    `Base: ${changes.label}${changes.base !== undefined ? ` (git diff ${changes.base}...HEAD)` : ' (git diff HEAD, untracked files as added files)'}`,
    `Files changed (${changes.files.length}): ${changes.files.slice(0, 200).join(', ')}${changes.files.length > 200 ? ', …' : ''}`,
    ...notes.map((n) => `Note: ${n}`),
    '',
    `${fence}diff`,
    diff.endsWith('\n') ? diff.slice(0, -1) : diff,
    fence,
  ];
  const project = projectContext.trim();
  return project === '' ? lines.join('\n') : `${lines.join('\n')}\n\n${project}`;
}
