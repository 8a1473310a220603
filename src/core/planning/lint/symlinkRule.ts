/**
 * Symlinks inside the workspace that owned entries reach.
 *
 * - `owned-glob-reaches-symlink` (warning): an entry covers a symlink (`src/a/**` with
 *   `src/a/link -> ../b`, or `src/a/pkg.json -> ../../package.json`). Agents' writes are decided on
 *   the real path and refused through a symlink (`writePolicy.ts`), so the task cannot change what the
 *   link leads to through it; the plan should give the real paths to the task that must change them.
 *   The finding names each link, its target and the target's owners. (An entry whose own literal
 *   prefix goes through a symlink is a validation error: `owned-path-through-symlink`.)
 *
 * The symlinks come from one bounded scan of the owned entries' literal folders (`symlinkScan.ts`,
 * with the workspace walk's entry limit).
 */
import { literalPrefix } from '../../plan/globIntersect';
import { formsOverlap } from '../../plan/ownership';
import { isWritingTask, type PlanFinding, type TaskSpec } from '../../plan/plan';
import { ownsNormalized, type CheckedPlan } from '../../plan/planCheck';
import { findSymlinks, type FoundSymlink } from '../../workspace/symlinkScan';
import { MAX_WALK_ENTRIES } from '../repoFiles';

/** Symlinks resolved by one lint pass. */
const MAX_LINKS = 200;
/** Symlinks a finding names before "and N more". */
const NAMED_LINKS = 5;

interface Entry {
  readonly task: TaskSpec;
  readonly pattern: string;
  readonly form: string;
  readonly base: string;
}

/** `owned-glob-reaches-symlink` for every writing task's entry that covers a symlink. */
export function symlinkFindings(plan: CheckedPlan, workspaceRoot: string): PlanFinding[] {
  const entries: Entry[] = [];
  for (const task of plan.tasks) {
    if (!isWritingTask(task)) continue;
    const forms = ownsNormalized(plan, task);
    for (const [i, pattern] of task.owns.entries()) {
      const form = forms[i] ?? '';
      if (form !== '') entries.push({ task, pattern, form, base: literalPrefix(form).join('/') });
    }
  }
  if (entries.length === 0) return [];
  const scan = findSymlinks(
    workspaceRoot,
    entries.map((e) => e.base),
    { maxEntries: MAX_WALK_ENTRIES, maxLinks: MAX_LINKS },
  );
  if (scan.links.length === 0) return [];
  const out: PlanFinding[] = [];
  for (const entry of entries) {
    const reached = scan.links.filter((link) => isUnder(link.path, entry.base) && formsOverlap(entry.form, link.path));
    if (reached.length > 0) out.push(finding(plan, entry, reached));
  }
  return out;
}

function isUnder(path: string, base: string): boolean {
  return base === '' || path.startsWith(`${base}/`);
}

/** The writing tasks that own something at or below the target. */
function ownersOf(plan: CheckedPlan, target: string): TaskSpec[] {
  return plan.tasks.filter((t) => isWritingTask(t) && ownsNormalized(plan, t).some((form) => form !== '' && formsOverlap(form, target)));
}

function describe(plan: CheckedPlan, link: FoundSymlink): string {
  if (link.leads !== 'inside') return `${link.path} (${link.leads === 'outside' ? 'to a place outside the workspace' : 'to a target that does not exist'})`;
  const target = link.target === '' ? 'the workspace root' : link.target;
  const owners = ownersOf(plan, link.target).map((t) => `"${t.id}"`);
  const owned = owners.length === 0 ? 'owned by no task' : `owned by task${owners.length === 1 ? '' : 's'} ${owners.join(', ')}`;
  return `${link.path} (to ${target}, ${owned})`;
}

function finding(plan: CheckedPlan, entry: Entry, reached: readonly FoundSymlink[]): PlanFinding {
  const named = reached.slice(0, NAMED_LINKS).map((link) => describe(plan, link));
  const more = reached.length > NAMED_LINKS ? ` and ${reached.length - NAMED_LINKS} more` : '';
  const targetOwners = reached.flatMap((link) => (link.leads === 'inside' ? ownersOf(plan, link.target) : [])).map((t) => t.id);
  const symlinks = reached.length === 1 ? 'the symlink' : 'the symlinks';
  return {
    severity: 'warning',
    code: 'owned-glob-reaches-symlink',
    message:
      `Task "${entry.task.id}" owns ${entry.pattern}, which reaches ${symlinks} ${named.join(', ')}${more}. ` +
      'Writes through symlinks are refused, so the task cannot change what they point to through them: if it must, give it the real paths instead (or leave them to their owners).',
    tasks: [...new Set([entry.task.id, ...targetOwners])],
    paths: [entry.pattern, ...reached.map((link) => link.path)],
  };
}
