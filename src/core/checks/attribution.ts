/**
 * Who a failing check goes back to: each diagnostic gets the writing task (contract or implement) that
 * owns its path under the plan, and a failing check's fix-up goes to those owners, or, when no
 * diagnostic is owned by anyone, to every writing task that staged a file in the run.
 */
import { ownerOf } from '../plan/ownership';
import { isWritingTask, type Plan } from '../plan/plan';
import type { CheckDiagnostic } from './checkTypes';

/** Each diagnostic with the writing task (contract/implement) that owns its path; validators own nothing. */
export function attributeDiagnostics(diagnostics: readonly CheckDiagnostic[], plan: Plan): CheckDiagnostic[] {
  const owners = new Map<string, string | undefined>();
  return diagnostics.map((diagnostic) => {
    let owner: string | undefined;
    if (owners.has(diagnostic.path)) owner = owners.get(diagnostic.path);
    else {
      const task = ownerOf(diagnostic.path, plan);
      owner = task !== undefined && isWritingTask(task) ? task.id : undefined;
      owners.set(diagnostic.path, owner);
    }
    const { owner: _previous, ...rest } = diagnostic;
    return owner === undefined ? rest : { ...rest, owner };
  });
}

/** Which writing tasks a failing check goes back to: the owners of its diagnostics; when none is owned, every writing task that staged a file in the run (`stagedBy`). */
export function fixupTargets(
  diagnostics: readonly CheckDiagnostic[],
  stagedBy: ReadonlySet<string>,
): { readonly tasks: readonly string[]; readonly attributed: boolean } {
  const owners = new Set<string>();
  for (const diagnostic of diagnostics) if (diagnostic.owner !== undefined) owners.add(diagnostic.owner);
  if (owners.size > 0) return { tasks: [...owners], attributed: true };
  return { tasks: [...stagedBy], attributed: false };
}
