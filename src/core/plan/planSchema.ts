/**
 * The plan's one definition: zod schemas for a task, a plan and a plan edit. The TypeScript types
 * (`TaskSpec`, `Plan`, `PlanEdit`, `Phase`, `Route`) are their outputs, the planner's answer schema
 * and the protocol's edit schema are cut from them, and plans from outside (a plan file, the planner
 * model, an edit from the view) are parsed with them, so garbage gets a message that says what is
 * wrong, never a crash.
 *
 * The descriptions are part of the shape: the planner model reads them in its answer's JSON schema.
 */
import { z } from 'zod';
import { PHASES, ROUTES, type PlanFinding } from './plan';

/** Read-only all the way down: a plan is a value, and every edit makes a new one. */
type Frozen<T> = T extends readonly (infer E)[] ? readonly Frozen<E>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

const taskIdPattern = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const phaseSchema = z.enum(PHASES);
export const routeSchema = z.enum(ROUTES);

export const taskSpecSchema = z.object({
  /** Unique within the plan; kebab-case (`types`, `api-routes`). */
  id: z
    .string()
    .regex(taskIdPattern, 'task ids are 1-64 lowercase letters, digits, ".", "_" or "-"')
    .describe('Unique, lowercase kebab-case: "types", "api-routes", "review".'),
  title: z.string().min(1).describe('A short title a person reads in the plan review.'),
  phase: phaseSchema.describe(
    'contract: shared types/interfaces, runs first; implement: runs in parallel after the contract; validate: reviews the combined result, writes nothing.',
  ),
  /** What kind of work (Types, Component, Tests, Integration, Security review …). */
  role: z.string().min(1).describe('Kind of work: Types, API, Component, Store, Tests, Integration, Docs, Security review …'),
  /** Exact files, signatures and output format the task must produce. */
  instructions: z
    .string()
    .min(1)
    .describe(
      'Exact files to create or modify, the exact signatures this task must provide and those it consumes (with their files), and its output format. The agent sees nothing else about the feature.',
    ),
  /** Workspace-relative paths or globs the task may create, modify or delete. Validators own nothing. */
  owns: z
    .array(z.string().min(1))
    .default([])
    .describe('Workspace-relative paths (or globs) this task creates, modifies or deletes. Exclusive across tasks. [] for validate tasks.'),
  /** Context hints: paths or globs worth reading first. */
  reads: z.array(z.string().min(1)).default([]).describe('Paths worth reading first (context only).'),
  /** Ids of tasks that must finish before this one starts. */
  dependsOn: z.array(z.string()).default([]).describe('Ids of tasks whose output this task needs.'),
  /** Model override for this task; otherwise the role's configured default. */
  model: z.string().min(1).optional().describe('Leave out unless the pattern names a model for this role.'),
});

export const planSchema = z.object({
  id: z
    .string()
    .min(1)
    .default(() => `plan-${Date.now().toString(36)}`),
  request: z.string().default(''),
  route: routeSchema.default('complex'),
  pattern: z.string().optional(),
  tasks: z.array(taskSpecSchema).describe('Every task of the plan, contract tasks first.'),
  /** Findings from validation and lint, recomputed whenever the plan changes: never taken from input. */
  lint: z
    .array(z.unknown())
    .default([])
    .transform((): PlanFinding[] => []),
});

/**
 * A task named by an edit: the id's length bounds, not its pattern, so an edit naming a task the plan
 * does not have reaches `applyPlanEdits`, which says which tasks there are.
 */
const taskRef = z.string().min(1).max(64);

const moveOwnershipEdit = z.strictObject({ kind: z.literal('moveOwnership'), path: z.string().min(1), from: taskRef, to: taskRef });
const removeTaskEdit = z.strictObject({ kind: z.literal('removeTask'), taskId: taskRef });
const mergeTasksEdit = z.strictObject({ kind: z.literal('mergeTasks'), into: taskRef, from: z.array(taskRef).min(1) });
const addTaskEdit = z.strictObject({ kind: z.literal('addTask'), task: taskSpecSchema });
const addDependencyEdit = z.strictObject({ kind: z.literal('addDependency'), taskId: taskRef, dependsOn: taskRef });
/** No model: back to the role's default. */
const setModelEdit = z.strictObject({ kind: z.literal('setModel'), taskId: taskRef, model: z.string().min(1).max(100).optional() });

/** Plan edits, made by lint fixes and by the user in plan review. */
export const planEditSchema = z.discriminatedUnion('kind', [moveOwnershipEdit, removeTaskEdit, mergeTasksEdit, addTaskEdit, addDependencyEdit, setModelEdit]);

/** The edits a person makes in plan review: all but adding a task, which only a lint fix proposes. */
export const reviewPlanEditSchema = z.discriminatedUnion('kind', [moveOwnershipEdit, removeTaskEdit, mergeTasksEdit, addDependencyEdit, setModelEdit]);

export type Phase = z.output<typeof phaseSchema>;
export type Route = z.output<typeof routeSchema>;
export type TaskSpec = Frozen<z.output<typeof taskSpecSchema>>;
export type Plan = Frozen<z.output<typeof planSchema>>;
export type PlanEdit = Frozen<z.output<typeof planEditSchema>>;

export type ParsedPlan = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly error: string; readonly issues: z.ZodError };

/** Parses unknown JSON into a Plan (lint findings are recomputed, never trusted from input). */
export function parsePlan(value: unknown): ParsedPlan {
  const result = planSchema.safeParse(value);
  if (!result.success) return { ok: false, error: z.prettifyError(result.error), issues: result.error };
  return { ok: true, plan: result.data };
}
