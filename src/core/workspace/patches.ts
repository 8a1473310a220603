/** Unified diffs of staged changes, one patch per task, in `git apply` form. */
import { createTwoFilesPatch } from 'diff';
import type { StagedEntry } from './stagingTypes';

export function patchForEntry(entry: StagedEntry): string {
  const before = entry.base?.content ?? '';
  const after = entry.proposed ?? '';
  const oldName = entry.base ? `a/${entry.path}` : '/dev/null';
  const newName = entry.proposed !== null ? `b/${entry.path}` : '/dev/null';
  const patch = createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, { context: 3 });
  // `diff` writes an `Index:`/`====` header; git wants the `diff --git` line instead.
  const body = patch.replace(/^(?:Index: .*\n)?=+\n/, '');
  const mode = entry.base === null ? 'new file mode 100644\n' : entry.proposed === null ? 'deleted file mode 100644\n' : '';
  return `diff --git a/${entry.path} b/${entry.path}\n${mode}${body}`;
}

/** Patches grouped by the task that staged them, files in path order. */
export function patchesByTask(entries: readonly StagedEntry[]): ReadonlyMap<string, string> {
  const byTask = new Map<string, StagedEntry[]>();
  for (const e of entries) {
    const list = byTask.get(e.taskId) ?? [];
    list.push(e);
    byTask.set(e.taskId, list);
  }
  const out = new Map<string, string>();
  for (const [taskId, list] of byTask) {
    list.sort((a, b) => a.path.localeCompare(b.path));
    out.set(taskId, list.map(patchForEntry).join(''));
  }
  return out;
}
