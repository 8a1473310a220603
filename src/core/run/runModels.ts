/**
 * Which model each agent of a run asks: a task's own model, else the role's; the fallback for a
 * refused turn; and the warnings for model ids the table does not know.
 */
import type { ModelDefaults } from './engineTypes';
import type { ResolvedModel } from '../model/modelSpec';
import type { ModelTable } from '../model/modelTable';
import type { TaskSpec } from '../plan/plan';

export interface RunModels {
  readonly models: ModelDefaults;
  readonly fallbackModel?: string | undefined;
  readonly table: ModelTable;
}

export function modelIdFor(run: RunModels, task: TaskSpec): string {
  return task.model ?? (task.phase === 'validate' ? run.models.validator : run.models.agent);
}

/** The fallback for a model; none when unset or the model itself (it would only be refused again). */
export function fallbackFor(run: RunModels, model: string): ResolvedModel | undefined {
  const fallback = run.fallbackModel;
  return fallback !== undefined && fallback !== '' && fallback !== model ? run.table.resolve(fallback) : undefined;
}

/** One warning per model id the table does not know, for every model the run may ask (fallback included). */
export function modelWarnings(run: RunModels, tasks: readonly TaskSpec[]): { readonly model: string; readonly message: string }[] {
  const ids = new Set(tasks.map((task) => modelIdFor(run, task)));
  if (run.fallbackModel !== undefined && run.fallbackModel !== '') ids.add(run.fallbackModel);
  return [...ids].flatMap((id) => {
    const warning = run.table.resolve(id).warning;
    return warning === undefined ? [] : [{ model: id, message: warning }];
  });
}
