/**
 * The plan as data from outside (a plan file, the planner model, an edited plan from the view):
 * parsed with a schema so garbage gets a message that says what is wrong, never a crash.
 */
import { z } from 'zod';
import type { Plan } from './plan';

const taskIdPattern = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const taskSpecSchema = z.object({
  id: z.string().regex(taskIdPattern, 'task ids are 1-64 lowercase letters, digits, ".", "_" or "-"'),
  title: z.string().min(1),
  phase: z.enum(['contract', 'implement', 'validate']),
  role: z.string().min(1),
  instructions: z.string().min(1),
  owns: z.array(z.string().min(1)).default([]),
  reads: z.array(z.string().min(1)).default([]),
  dependsOn: z.array(z.string()).default([]),
  model: z.string().min(1).optional(),
});

export const planSchema = z.object({
  id: z.string().min(1).default(() => `plan-${Date.now().toString(36)}`),
  request: z.string().default(''),
  route: z.enum(['trivial', 'moderate', 'complex']).default('complex'),
  pattern: z.string().optional(),
  tasks: z.array(taskSpecSchema),
  lint: z.array(z.unknown()).default([]).transform(() => []),
});

export type ParsedPlan = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly error: string };

/** Parses unknown JSON into a Plan (lint findings are recomputed, never trusted from input). */
export function parsePlan(value: unknown): ParsedPlan {
  const result = planSchema.safeParse(value);
  if (!result.success) {
    return { ok: false, error: z.prettifyError(result.error) };
  }
  const { pattern, ...rest } = result.data;
  const tasks = rest.tasks.map(({ model, ...t }) => ({ ...t, ...(model !== undefined ? { model } : {}) }));
  return { ok: true, plan: { ...rest, tasks, lint: [], ...(pattern !== undefined ? { pattern } : {}) } };
}
