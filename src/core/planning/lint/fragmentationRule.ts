/**
 * Over-fragmentation (warnings): more agents than the work justifies. Every agent pays for the shared
 * prefix, a task brief and its own turns, and every extra boundary is a chance to disagree.
 *
 * - `fragmentation-files`: more writing tasks than distinct files they own (a glob or folder counts as
 *   many files, so the rule only looks at plans of concrete files). Fix: merge the tasks that share a file.
 * - `fragmentation-tiny-task`: a task whose whole ownership is one file and whose instructions are
 *   under 120 characters. Fix: merge it into a task of the same phase that owns files in the same
 *   folder, else one it depends on or that depends on it. An integration task is never merged away.
 * - `fragmentation-small-request`: more than 3 writing tasks for a request under 15 words. Fix: merge
 *   the implement tasks into one (the integration task when there is one).
 */
import { isWritingTask, type PlanFinding, type PlanFix, type TaskSpec } from '../../plan/plan';
import { ownsNormalized, type CheckedPlan } from '../../plan/planCheck';
import { withFix } from './safeFix';
import { folderOf, isConcreteFile, isIntegrationLike, wordCount } from './taskTraits';

export const TINY_INSTRUCTIONS_CHARS = 120;
export const SMALL_REQUEST_WORDS = 15;
export const MAX_TASKS_FOR_SMALL_REQUEST = 3;

function mergeFix(into: TaskSpec, from: readonly TaskSpec[]): PlanFix {
  const names = from.map((t) => `"${t.id}"`).join(', ');
  return { title: `Merge ${names} into "${into.id}"`, edits: [{ kind: 'mergeTasks', into: into.id, from: from.map((t) => t.id) }] };
}

function filesFinding(plan: CheckedPlan, root: string, writers: readonly TaskSpec[]): PlanFinding[] {
  const forms = (t: TaskSpec) => ownsNormalized(plan, t);
  if (writers.some((t) => forms(t).some((e) => !isConcreteFile(e)))) return [];
  const files = new Set(writers.flatMap(forms));
  if (writers.length <= files.size) return [];
  const sharing = writers.filter((t) => writers.some((o) => o !== t && forms(o).some((e) => forms(t).includes(e))));
  const into = sharing.find(isIntegrationLike) ?? sharing[0];
  const finding: PlanFinding = {
    severity: 'warning',
    code: 'fragmentation-files',
    message: `${writers.length} writing tasks own only ${files.size} file${files.size === 1 ? '' : 's'} between them; tasks that write the same files should be one task.`,
    tasks: writers.map((t) => t.id),
    paths: [...files],
  };
  const fix = into
    ? mergeFix(
        into,
        sharing.filter((t) => t !== into),
      )
    : undefined;
  return [withFix(finding, plan, root, fix)];
}

function relatedTask(plan: CheckedPlan, task: TaskSpec, writers: readonly TaskSpec[]): TaskSpec | undefined {
  const peers = writers.filter((t) => t.id !== task.id && t.phase === task.phase);
  const folder = folderOf(ownsNormalized(plan, task)[0] ?? '');
  return (
    peers.find((t) => ownsNormalized(plan, t).some((e) => folderOf(e) === folder)) ??
    peers.find((t) => task.dependsOn.includes(t.id)) ??
    peers.find((t) => t.dependsOn.includes(task.id))
  );
}

function tinyFindings(plan: CheckedPlan, root: string, writers: readonly TaskSpec[]): PlanFinding[] {
  const out: PlanFinding[] = [];
  for (const task of writers) {
    const [only] = task.owns;
    const [form] = ownsNormalized(plan, task);
    if (task.owns.length !== 1 || only === undefined || form === undefined || !isConcreteFile(form)) continue;
    const length = task.instructions.trim().length;
    if (length >= TINY_INSTRUCTIONS_CHARS) continue;
    const related = isIntegrationLike(task) ? undefined : relatedTask(plan, task, writers);
    const advice = related ? `merge it into "${related.id}"` : 'merge it into a related task or give it exact instructions';
    const finding: PlanFinding = {
      severity: 'warning',
      code: 'fragmentation-tiny-task',
      message: `Task "${task.id}" owns only ${form} and its instructions are ${length} characters; an agent of its own costs more than it adds: ${advice}.`,
      tasks: related ? [task.id, related.id] : [task.id],
      paths: [only],
    };
    out.push(withFix(finding, plan, root, related ? mergeFix(related, [task]) : undefined));
  }
  return out;
}

function smallRequestFinding(plan: CheckedPlan, root: string, writers: readonly TaskSpec[]): PlanFinding[] {
  const words = wordCount(plan.request);
  if (writers.length <= MAX_TASKS_FOR_SMALL_REQUEST || words >= SMALL_REQUEST_WORDS) return [];
  const implementers = writers.filter((t) => t.phase === 'implement');
  const into = implementers.find(isIntegrationLike) ?? implementers[0];
  const from = implementers.filter((t) => t !== into);
  const finding: PlanFinding = {
    severity: 'warning',
    code: 'fragmentation-small-request',
    message: `${writers.length} writing agents for a ${words}-word request; a request this small rarely needs more than ${MAX_TASKS_FOR_SMALL_REQUEST}. Merge tasks, or route it as moderate (one agent).`,
    tasks: writers.map((t) => t.id),
    paths: [],
  };
  return [withFix(finding, plan, root, into && from.length > 0 ? mergeFix(into, from) : undefined)];
}

export function fragmentationFindings(plan: CheckedPlan, workspaceRoot: string): PlanFinding[] {
  const writers = plan.tasks.filter(isWritingTask);
  return [...filesFinding(plan, workspaceRoot, writers), ...tinyFindings(plan, workspaceRoot, writers), ...smallRequestFinding(plan, workspaceRoot, writers)];
}
