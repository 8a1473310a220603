/**
 * Plan validation: the errors that stop a run before any agent starts. Each finding has a stable
 * `code` and a message a person (or the planner) can act on. `checkPlan` (planCheck.ts) runs it and
 * carries the result with the plan; nothing else needs to call it.
 *
 * Codes: empty-plan, duplicate-task-id, unknown-dependency, dependency-cycle, phase-order,
 * owns-nothing, validator-owns-files, invalid-owned-pattern, owned-path-outside-workspace,
 * owned-path-through-symlink, ownership-overlap.
 *
 * `owned-path-through-symlink`: an entry whose literal folder prefix is or goes through a symlink
 * inside the workspace (`src/a/link/**` with `src/a/link -> ../b`). Agents' writes through symlinks
 * are refused (`writePolicy.ts`), so the task could never write what the entry names; the message
 * gives the entry spelled on the real path. (Globs that merely reach a symlink further down are a
 * lint warning: `symlinkRule.ts`.)
 */
import { findOwnershipOverlaps, normalizeOwnedPattern, type OwnedEntry, type TaskEntries } from './ownership';
import { checkOwnedPattern } from '../workspace/ownedPatternPolicy';
import { isWritingTask, type Phase, type Plan, type PlanFinding, type TaskSpec } from './plan';

function error(code: string, message: string, tasks: readonly string[], paths: readonly string[] = []): PlanFinding {
  return { severity: 'error', code, message, tasks, paths };
}

/** True when any finding is an error (the run must not start). */
export function hasErrors(findings: readonly PlanFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/** What validation found, and every task's `owns` entries in normal form (same order as `owns`). */
export interface Validation {
  readonly findings: PlanFinding[];
  readonly ownsNormalized: ReadonlyMap<TaskSpec, readonly string[]>;
}

/** Validation, normalising each `owns` entry once. Use `checkPlan`, which carries the result with the plan. */
export function runValidation(plan: Plan, workspaceRoot: string): Validation {
  if (plan.tasks.length === 0) {
    return { findings: [error('empty-plan', 'The plan has no tasks; add at least one contract or implement task.', [])], ownsNormalized: new Map() };
  }
  const findings: PlanFinding[] = [];
  findings.push(...duplicateIds(plan.tasks));
  findings.push(...dependencies(plan.tasks));
  const owned = ownedEntries(plan.tasks, workspaceRoot);
  findings.push(...owned.findings);
  findings.push(...overlaps(owned.usable));
  return { findings, ownsNormalized: owned.forms };
}

function duplicateIds(tasks: readonly TaskSpec[]): PlanFinding[] {
  const byId = new Map<string, TaskSpec[]>();
  for (const task of tasks) byId.set(task.id, [...(byId.get(task.id) ?? []), task]);
  const out: PlanFinding[] = [];
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    const titles = same.map((t) => `"${t.title}"`).join(', ');
    out.push(error('duplicate-task-id', `Task id "${id}" is used by ${same.length} tasks (${titles}); give each task a unique id.`, [id]));
  }
  return out;
}

const PHASE_RANK: Readonly<Record<Phase, number>> = { contract: 0, implement: 1, validate: 2 };

function dependencies(tasks: readonly TaskSpec[]): PlanFinding[] {
  const byId = new Map(tasks.map((t) => [t.id, t] as const));
  const out: PlanFinding[] = [];
  for (const task of tasks) {
    for (const dep of task.dependsOn) {
      const target = byId.get(dep);
      if (!target) {
        const known = [...byId.keys()].join(', ');
        out.push(
          error(
            'unknown-dependency',
            `Task "${task.id}" depends on "${dep}", which is not in the plan (tasks: ${known}); fix the id or remove the dependency.`,
            [task.id, dep],
          ),
        );
      } else if (PHASE_RANK[target.phase] > PHASE_RANK[task.phase]) {
        out.push(
          error(
            'phase-order',
            `${capitalize(task.phase)} task "${task.id}" depends on ${target.phase} task "${dep}", but ${task.phase} tasks run before ${target.phase} tasks; remove the dependency or change a phase.`,
            [task.id, dep],
          ),
        );
      }
    }
  }
  for (const cycle of findCycles(tasks, byId)) {
    out.push(error('dependency-cycle', `Tasks depend on each other in a cycle: ${[...cycle, cycle[0]].join(' → ')}; remove one of these dependencies.`, cycle));
  }
  return out;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Every elementary cycle found by a depth-first walk, each reported once, starting at its smallest id. */
function findCycles(tasks: readonly TaskSpec[], byId: ReadonlyMap<string, TaskSpec>): string[][] {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const cycles: string[][] = [];
  const visit = (id: string): void => {
    state.set(id, 'active');
    stack.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      if (state.get(dep) === 'active') {
        const cycle = stack.slice(stack.indexOf(dep));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        const key = rotated.join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(rotated);
        }
      } else if (!state.has(dep)) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const task of tasks) if (!state.has(task.id)) visit(task.id);
  return cycles;
}

/**
 * Checks every `owns` entry (once: the checks look at the file system) and puts each one in normal
 * form. Returns the findings, the forms, and the writing tasks with only their usable entries for the
 * overlap check: one mistake gives one finding.
 */
function ownedEntries(
  tasks: readonly TaskSpec[],
  root: string,
): { readonly findings: PlanFinding[]; readonly forms: Map<TaskSpec, readonly string[]>; readonly usable: TaskEntries[] } {
  const out: PlanFinding[] = [];
  const forms = new Map<TaskSpec, readonly string[]>();
  const usable: TaskEntries[] = [];
  for (const task of tasks) {
    if (!isWritingTask(task)) {
      forms.set(task, task.owns.map(normalizeOwnedPattern));
      if (task.owns.length > 0) {
        out.push(
          error(
            'validator-owns-files',
            `Validate task "${task.id}" owns ${task.owns.join(', ')}; validators read everything and write nothing. Remove its owns, or make it an implement task.`,
            [task.id],
            task.owns,
          ),
        );
      }
      continue; // validators take no part in the overlap check
    }
    if (task.owns.every((p) => p.trim() === '')) {
      forms.set(task, task.owns.map(normalizeOwnedPattern));
      out.push(
        error(
          'owns-nothing',
          `${capitalize(task.phase)} task "${task.id}" owns no files; list the paths or globs it creates or changes in owns (or make it a validate task).`,
          [task.id],
        ),
      );
      continue;
    }
    const entries: OwnedEntry[] = [];
    const taskForms: string[] = [];
    for (const pattern of task.owns) {
      const shape = patternShape(pattern);
      if (shape) {
        taskForms.push(normalizeOwnedPattern(pattern));
        out.push(error('invalid-owned-pattern', `Task "${task.id}" owns "${pattern}": ${shape}`, [task.id], [pattern]));
        continue;
      }
      // The policy check normalises the entry on its way: its form is the one carried.
      const checked = checkOwnedPattern(root, pattern);
      if (checked.ok && checked.via) {
        const { link, target, realPattern } = checked.via;
        taskForms.push(checked.pattern);
        out.push(
          error(
            'owned-path-through-symlink',
            `Task "${task.id}" owns "${pattern}", which goes through the symlink "${link}" (to ${target === '' ? 'the workspace root' : target}); writes through symlinks are refused, so the task could not write there. Own the real path "${realPattern}" instead.`,
            [task.id],
            [pattern],
          ),
        );
      } else if (checked.ok) {
        taskForms.push(checked.pattern);
        entries.push({ pattern, form: checked.pattern });
      } else {
        taskForms.push(normalizeOwnedPattern(pattern));
        out.push(error('owned-path-outside-workspace', `Task "${task.id}": ${checked.message}`, [task.id], [pattern]));
      }
    }
    forms.set(task, taskForms);
    usable.push({ task, entries });
  }
  return { findings: out, forms, usable };
}

/** Why an entry is not a usable path or glob, or undefined. */
function patternShape(pattern: string): string | undefined {
  const trimmed = pattern.trim();
  if (trimmed === '') return 'an empty entry; remove it.';
  if (trimmed.startsWith('!')) return 'negated globs are not supported in owns; list what the task owns instead.';
  if (/\\[A-Za-z0-9_-]/.test(trimmed) && !/^([/\\]|[A-Za-z]:)/.test(trimmed)) return 'use "/" to separate folders (a backslash escapes a glob character).';
  return undefined;
}

function overlaps(usable: readonly TaskEntries[]): PlanFinding[] {
  const grouped = new Map<string, { first: string; second: string; pairs: string[]; paths: Set<string> }>();
  for (const o of findOwnershipOverlaps(usable)) {
    const key = `${o.first.id}\u0000${o.second.id}`;
    const group = grouped.get(key) ?? { first: o.first.id, second: o.second.id, pairs: [], paths: new Set<string>() };
    const a = o.firstForm;
    const b = o.secondForm;
    group.pairs.push(a === b ? a : `${a} (${o.first.id}) overlaps ${b} (${o.second.id})`);
    group.paths.add(o.firstPattern).add(o.secondPattern);
    grouped.set(key, group);
  }
  return [...grouped.values()].map((g) =>
    error(
      'ownership-overlap',
      `Tasks "${g.first}" and "${g.second}" both own files: ${g.pairs.join('; ')}. Ownership must be exclusive: give shared files to one task (usually the integration task) and narrow the other's globs.`,
      [g.first, g.second],
      [...g.paths],
    ),
  );
}
