/**
 * What the planner model is told: the rules of a good Fanout plan (system prompt), the context it
 * plans against (user message), the shape of its answer (one JSON object `{tasks: […]}`), and the
 * repair message when a plan is refused.
 */
import type { PlanFinding } from '../plan/plan';
import { planSchema } from '../plan/planSchema';
import type { ProjectInstructions, RepoMap } from './types';

/**
 * The planner's answer: the plan schema's task list (the plan's id, request, route and pattern are
 * Fanout's, not the model's). The JSON schema sent carries the field descriptions; the schema's
 * checks (id pattern, non-empty fields) run when the answer is parsed as a plan.
 */
export const planAnswerSchema = planSchema.pick({ tasks: true });

/** The planner's system prompt begins with this line: the fakes recognise planner requests by it. */
export const PLANNER_MARKER = "You are Fanout's planner";

export const PLANNER_SYSTEM = `${PLANNER_MARKER}. You split one feature request into tasks for coding agents that work in parallel on the same repository, and answer with the complete plan as one JSON object {"tasks": [...]}.

How the plan runs:
- Contract tasks run first, one after another. Implement tasks then run in parallel, in dependsOn order, under a concurrency cap. Validate tasks are read-only: they run last, side by side, and each sees every change.
- An agent sees the project context, the whole plan (who owns what) and its own task. It sees the files written by the tasks it depends on and by contract tasks, never those of tasks running beside it. It cannot ask anyone anything: its instructions must be complete.

Rules for the plan:
1. Contracts first. For every interface that two or more tasks share (types, function signatures, API request/response shapes, event names, file formats), add a contract-phase task that writes it, and make every task that uses it depend on it. Implementers code against the contract exactly as written, so the contract task's instructions spell out every name and signature.
2. Exact instructions. Each task's instructions name the exact files it creates or modifies, the exact signatures it must provide, the signatures it consumes from other tasks (and which file they are in), and its output format (exports, behaviour, test names).
3. Ownership is exclusive. No path may be owned by two tasks, globs included ("src/**" overlaps "src/api/user.ts"). Prefer exact file paths; use a glob only for a folder one task creates alone.
4. Hot spots go to one integration task. Files several parts would touch (package.json, lockfiles, barrel index files, route tables, registries, shared config) are owned by exactly one implement task with role Integration, which depends on the tasks whose work it wires in. Other tasks describe what they need there in their finish summary.
5. Validators own nothing. Validate tasks have owns: [] and report findings; tests that must be written belong to an implement task that owns the test files.
6. Dependencies. dependsOn lists the tasks whose output a task needs; no cycles; a task never depends on a task of a later phase.
7. Proportionate. Use as few agents as the work needs: a small feature is 2-4 tasks. Do not give a one-line change its own task, and never split one file's work across tasks. Parallel agents pay off only for independent pieces of real size.
8. Paths are workspace-relative with "/" separators, inside the workspace, never in .git. Base them on the repository map; new files go where the project's conventions put them.
9. Follow the project's own instructions (CLAUDE.md, AGENTS.md) when they are given.`;

export interface PlannerContext {
  readonly request: string;
  readonly repoMap: RepoMap;
  readonly instructions: ProjectInstructions;
  /** The pattern as described for the planner, when the user picked one. */
  readonly patternText?: string;
}

export function plannerUserMessage(context: PlannerContext): string {
  const parts = [`# Feature request\n${context.request.trim()}`];
  if (context.instructions.text.trim() !== '') {
    parts.push(`# Project instructions (${context.instructions.sources.join(', ')})\n${context.instructions.text.trim()}`);
  }
  parts.push(`# Repository map${context.repoMap.truncated ? ' (cut to stay within its size)' : ''}\n${context.repoMap.text.trim()}`);
  if (context.patternText !== undefined && context.patternText.trim() !== '') {
    parts.push(`# Pattern to follow\n${context.patternText.trim()}`);
  }
  parts.push('Plan this request now and answer with the plan as one JSON object {"tasks": [...]}.');
  return parts.join('\n\n');
}

/**
 * The user message of a repair turn: every problem that blocked the plan, the plan's other lint
 * findings (so the corrected plan does not trade one problem for another), and what to send back.
 */
export function repairMessage(problems: readonly string[], findings: readonly PlanFinding[] = []): string {
  const lines = [
    'The plan was not accepted. Fix every problem below, then answer again with the complete corrected plan as one JSON object {"tasks": [...]} (all tasks, not only the changed ones).',
    ...problems.map((p) => `- ${p}`),
  ];
  if (findings.length > 0) {
    lines.push('', 'Plan lint also found these; fix them too where the request allows:', ...findings.map((f) => `- ${f.severity} ${f.code}: ${f.message}`));
  }
  return lines.join('\n');
}
