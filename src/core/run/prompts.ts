/**
 * The text every agent of a run starts with. The shared system block must be byte-identical for
 * all agents of a run (it is the cached prefix), so it holds only run-wide facts: the rules, the
 * whole plan with its ownership map, and the project context. The task's own block follows it
 * (`agent/request.ts`).
 */
import type { CheckSpec } from '../checks/checkTypes';
import { effectiveDependencies } from '../plan/dag';
import type { Plan, TaskSpec } from '../plan/plan';

const RULES = `You are one of several coding agents working in parallel on one feature in the same repository.
Rules:
- You may create, modify or delete ONLY the files your task owns. Writes to other paths are refused by the tools; the error names the owner. Never try to work around ownership: if you need a change in a file you do not own, describe it in your finish summary.
- Files from tasks you depend on, and the contract, are visible to you once those tasks finish. Files of tasks running beside you are not.
- Use read_file before edit_file; edit_file needs old_text that matches exactly once.
- Nothing you write touches the user's workspace directly: every change is staged for the user's review.
- Keep to the signatures and formats in your instructions and in the contract. When you are done, call finish with a short summary of what you changed and anything a reviewer must know.`;

function describeTask(task: TaskSpec, deps: readonly string[]): string {
  const owns = task.owns.length > 0 ? task.owns.join(', ') : '(nothing: read-only)';
  const after = deps.length > 0 ? deps.join(', ') : '(starts first)';
  return `- ${task.id} [${task.phase}] ${task.role}: ${task.title}\n  owns: ${owns}\n  after: ${after}`;
}

/** The shared, cached system block for every agent of a run. */
export function buildSharedSystem(plan: Plan, projectContext: string | undefined): string {
  const deps = effectiveDependencies(plan);
  const tasks = plan.tasks.map((t) => describeTask(t, deps.get(t.id) ?? [])).join('\n');
  const context = projectContext?.trim() ? `\n\n# Project context\n${projectContext.trim()}` : '';
  return `${RULES}\n\n# The feature request\n${plan.request.trim()}\n\n# The plan (who owns what)\n${tasks}${context}`;
}

/**
 * The run's approved checks, at the end of the shared system block (a run without checks adds
 * nothing, so its block is byte-identical to one made before checks existed).
 */
export function checksSection(checks: readonly CheckSpec[] | undefined): string {
  if (checks === undefined || checks.length === 0) return '';
  const list = checks.map((c) => `- ${c.id}: \`${c.command}\``).join('\n');
  return `\n\n# Checks\nWhen every agent has finished, these commands run on the combined result, in a copy of the workspace with every staged change applied. A failing check comes back to the task that owns the failing file for a fix-up round. Validators can run one with run_check.\n${list}`;
}
