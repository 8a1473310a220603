/**
 * Plan edits: the changes a lint fix or the user in plan review makes to a plan. Pure: every edit
 * returns a new plan. Edits apply in order, each to the result of the one before. An edit that names
 * a task the plan does not have (or is otherwise impossible) throws a `PlanEditError` saying why.
 *
 * Nothing is checked or linted here: the returned plan is a plain `Plan` that keeps the input's
 * `lint`, and the caller checks it (`checkPlan`) and lints it again.
 */
import { normalizeOwnedPattern } from '../plan/ownership';
import { PHASES, isWritingTask, type Plan, type PlanEdit, type TaskSpec } from '../plan/plan';

/** An edit that cannot be applied to the plan it was given. */
export class PlanEditError extends Error {
  readonly edit: PlanEdit;

  constructor(message: string, edit: PlanEdit) {
    super(message);
    this.name = 'PlanEditError';
    this.edit = edit;
  }
}

/** Applies `edits` in order and returns the edited plan (the input is not changed). */
export function applyPlanEdits(plan: Plan, edits: readonly PlanEdit[]): Plan {
  let tasks: readonly TaskSpec[] = plan.tasks;
  for (const edit of edits) tasks = applyOne(tasks, edit);
  return { ...plan, tasks };
}

function applyOne(tasks: readonly TaskSpec[], edit: PlanEdit): readonly TaskSpec[] {
  switch (edit.kind) {
    case 'moveOwnership':
      return moveOwnership(tasks, edit);
    case 'removeTask':
      return removeTask(tasks, edit);
    case 'mergeTasks':
      return mergeTasks(tasks, edit);
    case 'addTask':
      return addTask(tasks, edit);
    case 'addDependency':
      return addDependency(tasks, edit);
    case 'setModel':
      return setModel(tasks, edit);
  }
}

type EditOf<K extends PlanEdit['kind']> = Extract<PlanEdit, { kind: K }>;

/** The task with this id, or a PlanEditError: "Cannot <doing>: "x" is not a task of the plan (tasks: …)". */
function find(tasks: readonly TaskSpec[], id: string, edit: PlanEdit, doing: string): TaskSpec {
  const task = tasks.find((t) => t.id === id);
  if (task === undefined) {
    const known = tasks.length > 0 ? tasks.map((t) => t.id).join(', ') : '(none)';
    throw new PlanEditError(`Cannot ${doing}: "${id}" is not a task of the plan (tasks: ${known}).`, edit);
  }
  return task;
}

function replace(tasks: readonly TaskSpec[], next: TaskSpec): readonly TaskSpec[] {
  return tasks.map((t) => (t.id === next.id ? next : t));
}

function sameEntry(a: string, b: string): boolean {
  return a === b || normalizeOwnedPattern(a) === normalizeOwnedPattern(b);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function addEntries(existing: readonly string[], added: readonly string[]): string[] {
  const out = [...existing];
  for (const entry of added) if (!out.some((e) => sameEntry(e, entry))) out.push(entry);
  return out;
}

function moveOwnership(tasks: readonly TaskSpec[], edit: EditOf<'moveOwnership'>): readonly TaskSpec[] {
  const doing = `move "${edit.path}" from "${edit.from}" to "${edit.to}"`;
  const from = find(tasks, edit.from, edit, doing);
  const to = find(tasks, edit.to, edit, doing);
  if (from.id === to.id) throw new PlanEditError(`Cannot move "${edit.path}" from task "${from.id}" to itself.`, edit);
  if (!isWritingTask(to)) throw new PlanEditError(`Cannot give "${edit.path}" to validate task "${to.id}": validators own nothing.`, edit);
  const entry = from.owns.find((e) => e === edit.path) ?? from.owns.find((e) => sameEntry(e, edit.path));
  if (entry === undefined) {
    const owned = from.owns.length > 0 ? from.owns.join(', ') : 'nothing';
    throw new PlanEditError(`Task "${from.id}" does not own "${edit.path}" (it owns ${owned}).`, edit);
  }
  const nextFrom: TaskSpec = { ...from, owns: from.owns.filter((e) => e !== entry) };
  const nextTo: TaskSpec = { ...to, owns: addEntries(to.owns, [entry]) };
  return replace(replace(tasks, nextFrom), nextTo);
}

function removeTask(tasks: readonly TaskSpec[], edit: EditOf<'removeTask'>): readonly TaskSpec[] {
  find(tasks, edit.taskId, edit, `remove task "${edit.taskId}"`);
  return tasks
    .filter((t) => t.id !== edit.taskId)
    .map((t) => (t.dependsOn.includes(edit.taskId) ? { ...t, dependsOn: t.dependsOn.filter((d) => d !== edit.taskId) } : t));
}

function mergeTasks(tasks: readonly TaskSpec[], edit: EditOf<'mergeTasks'>): readonly TaskSpec[] {
  const doing = `merge ${edit.from.map((id) => `"${id}"`).join(', ')} into "${edit.into}"`;
  const into = find(tasks, edit.into, edit, doing);
  const fromIds = unique(edit.from).filter((id) => id !== into.id);
  if (fromIds.length === 0) throw new PlanEditError(`Nothing to merge into task "${into.id}": list at least one other task.`, edit);
  const from = fromIds.map((id) => find(tasks, id, edit, doing));
  if (!isWritingTask(into) && from.some(isWritingTask)) {
    throw new PlanEditError(`Cannot merge writing tasks into validate task "${into.id}": validators own nothing. Merge into a writing task instead.`, edit);
  }
  const gone = new Set([into.id, ...fromIds]);
  const all = [into, ...from];
  const merged: TaskSpec = {
    ...into,
    owns: all.reduce<string[]>((acc, t) => addEntries(acc, t.owns), []),
    reads: unique(all.flatMap((t) => t.reads)),
    dependsOn: unique(all.flatMap((t) => t.dependsOn)).filter((d) => !gone.has(d)),
    instructions: [into.instructions.trim(), ...from.map((t) => `From "${t.title}" (${t.id}):\n${t.instructions.trim()}`)].join('\n\n'),
  };
  const removed = new Set(fromIds);
  return tasks
    .filter((t) => !removed.has(t.id))
    .map((t) => {
      if (t.id === into.id) return merged;
      if (!t.dependsOn.some((d) => removed.has(d))) return t;
      const dependsOn = unique(t.dependsOn.map((d) => (removed.has(d) ? into.id : d))).filter((d) => d !== t.id);
      return { ...t, dependsOn };
    });
}

/** A new task goes before the first task of a later phase (else last), so the plan stays listed in phase order. */
function addTask(tasks: readonly TaskSpec[], edit: EditOf<'addTask'>): readonly TaskSpec[] {
  const task = edit.task;
  if (tasks.some((t) => t.id === task.id)) throw new PlanEditError(`Task id "${task.id}" is already used; choose another id for the new task.`, edit);
  for (const dep of task.dependsOn) find(tasks, dep, edit, `add task "${task.id}" depending on "${dep}"`);
  const rank = PHASES.indexOf(task.phase);
  const later = tasks.findIndex((t) => PHASES.indexOf(t.phase) > rank);
  const at = later === -1 ? tasks.length : later;
  return [...tasks.slice(0, at), task, ...tasks.slice(at)];
}

function addDependency(tasks: readonly TaskSpec[], edit: EditOf<'addDependency'>): readonly TaskSpec[] {
  const doing = `make "${edit.taskId}" depend on "${edit.dependsOn}"`;
  const task = find(tasks, edit.taskId, edit, doing);
  find(tasks, edit.dependsOn, edit, doing);
  if (edit.dependsOn === task.id) throw new PlanEditError(`Task "${task.id}" cannot depend on itself.`, edit);
  if (task.dependsOn.includes(edit.dependsOn)) return tasks;
  return replace(tasks, { ...task, dependsOn: [...task.dependsOn, edit.dependsOn] });
}

function setModel(tasks: readonly TaskSpec[], edit: EditOf<'setModel'>): readonly TaskSpec[] {
  const task = find(tasks, edit.taskId, edit, `set the model of "${edit.taskId}"`);
  const { model: _old, ...rest } = task;
  const model = edit.model?.trim();
  return replace(tasks, model ? { ...rest, model } : rest);
}
