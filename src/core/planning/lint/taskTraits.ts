/**
 * Small facts about tasks that several lint rules share: which task is the integration task, how
 * tasks depend on each other (explicitly, transitively), and what a task's owned entries look like.
 * Entries are taken in normal form, as the plan check carries them (`ownsNormalized`).
 */
import { hasGlobSyntax } from '../../plan/globIntersect';
import { matchesOwnedForm } from '../../plan/ownership';
import { isWritingTask, type Plan, type TaskSpec } from '../../plan/plan';

const INTEGRATION = /integrat|wiring|glue/i;
/** "Integration tests" write tests; they are not the task that owns the shared wiring. */
const TESTING = /\btests?\b|testing|\bspecs?\b|\bqa\b/i;

/** A writing task whose role, id or title says it wires the feature together (and is not a test task). */
export function isIntegrationLike(task: TaskSpec): boolean {
  if (!isWritingTask(task)) return false;
  const words = [task.role, task.id, task.title];
  return words.some((w) => INTEGRATION.test(w)) && !words.some((w) => TESTING.test(w.replace(/[-_]/g, ' ')));
}

/** The first integration-like writing task in plan order. */
export function integrationTask(plan: Plan): TaskSpec | undefined {
  return plan.tasks.find(isIntegrationLike);
}

/** The first task with each id (a plan with duplicate ids is reported by validation). */
export function tasksById(plan: Plan): ReadonlyMap<string, TaskSpec> {
  const byId = new Map<string, TaskSpec>();
  for (const task of plan.tasks) if (!byId.has(task.id)) byId.set(task.id, task);
  return byId;
}

/** Every task id reachable through explicit `dependsOn` from each task (not the task itself, unless in a cycle). */
export function explicitAncestors(plan: Plan): ReadonlyMap<string, ReadonlySet<string>> {
  const byId = tasksById(plan);
  const out = new Map<string, ReadonlySet<string>>();
  for (const id of byId.keys()) {
    const seen = new Set<string>();
    const queue = [...(byId.get(id)?.dependsOn ?? [])];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (seen.has(next) || !byId.has(next)) continue;
      seen.add(next);
      queue.push(...(byId.get(next)?.dependsOn ?? []));
    }
    out.set(id, seen);
  }
  return out;
}

/** True when one of the two tasks waits for the other (explicitly, or through the phase barriers and chains). */
export function areOrdered(a: TaskSpec, b: TaskSpec, ancestors: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  // Only implement tasks run side by side; contract and validate tasks run one after another.
  if (a.phase !== 'implement' || b.phase !== 'implement') return true;
  return (ancestors.get(a.id)?.has(b.id) ?? false) || (ancestors.get(b.id)?.has(a.id) ?? false);
}

/** A concrete path (no glob syntax, so no folder: `src/x/` is `src/x/**`) that names a file (its last segment has an extension). */
export function isConcreteFile(form: string): boolean {
  if (form === '' || hasGlobSyntax(form)) return false;
  const last = form.split('/').pop() ?? '';
  return /\.[A-Za-z0-9]+$/.test(last) || /^(Makefile|Dockerfile|LICENSE|Procfile|Gemfile)$/.test(last);
}

/** The folder of a concrete entry, or the literal folder prefix of a glob (`src/api/**` -> `src/api`). */
export function folderOf(form: string): string {
  const segments = form.split('/');
  if (isConcreteFile(form)) return segments.slice(0, -1).join('/');
  const literal: string[] = [];
  for (const seg of segments) {
    if (hasGlobSyntax(seg)) break;
    literal.push(seg);
  }
  return literal.join('/');
}

/** Whether `broad` covers every path `narrow` can match (decided only for the easy cases; false when unsure). Both in normal form. */
export function entryCovers(broad: string, narrow: string): boolean {
  if (broad === narrow) return true;
  if (!hasGlobSyntax(narrow) && matchesOwnedForm(narrow, broad)) return true;
  if (!hasGlobSyntax(broad)) return narrow.startsWith(`${broad}/`);
  if (broad.endsWith('/**') && !hasGlobSyntax(broad.slice(0, -3))) return narrow.startsWith(broad.slice(0, -2));
  return false;
}

/** The request's length in words. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
