/**
 * The planner: one forced `submit_plan` call to a strong model, checked against the plan schema
 * (`parsePlan`) and plan validation (`validatePlan`). A plan that fails either gets exactly one
 * repair turn: the tool_result goes back with `is_error: true` listing every problem, and the tool
 * is forced again. A plan still invalid after that is a `PlanningError` with the problems; Fanout
 * never runs, or silently patches, a plan the planner could not get right.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { Plan, PlanFinding } from '../plan';
import { hasErrors, validatePlan } from '../planValidation';
import { parsePlan, planSchema } from '../planSchema';
import { ForcedToolError, PlanningError } from './errors';
import { assistantParam, describeIssues, invalidAnswerMessage, requestForcedTool, type ForcedToolAnswer } from './forcedTool';
import { describePatternForPlanner } from './patterns/loadPatterns';
import { PLAN_TOOL_DEFINITION, PLANNER_SYSTEM, plannerUserMessage, repairMessage } from './plannerPrompt';
import type { Pattern, ProjectInstructions, RepoMap } from './types';

export const PLANNER_TIMEOUT_MS = 300_000;
export const PLANNER_MAX_TOKENS = 16_384;

export interface PlanFeatureOptions {
  readonly client: Anthropic;
  readonly model: string;
  readonly request: string;
  /** Absolute workspace root: owned paths are validated against it. */
  readonly workspaceRoot: string;
  readonly repoMap: RepoMap;
  readonly instructions: ProjectInstructions;
  /** The user's pattern: its name goes into the plan, its description into the prompt. */
  readonly pattern?: Pattern;
  readonly signal?: AbortSignal;
  /** Cap on each planner call (the repair turn gets its own). */
  readonly timeoutMs?: number;
  readonly maxTokens?: number;
  /** Called before the repair turn with the problems sent back. */
  readonly onRepair?: (problems: readonly string[]) => void;
}

type Checked = { readonly ok: true; readonly plan: Plan } | { readonly ok: false; readonly problems: string[]; readonly findings: PlanFinding[] };

/** Plans a complex request; throws `PlanningError` when no valid plan comes back after one repair turn. */
export async function planFeature(options: PlanFeatureOptions): Promise<Plan> {
  const planId = `plan-${Date.now().toString(36)}`;
  const messages: Anthropic.MessageParam[] = [
    {
      role: 'user',
      content: plannerUserMessage({
        request: options.request,
        repoMap: options.repoMap,
        instructions: options.instructions,
        ...(options.pattern !== undefined ? { patternText: describePatternForPlanner(options.pattern) } : {}),
      }),
    },
  ];
  const first = await ask(options, messages);
  const checked = check(first.toolUse.input, options, planId);
  if (checked.ok) return checked.plan;

  options.onRepair?.(checked.problems);
  messages.push(assistantParam(first.message), {
    role: 'user',
    content: [{ type: 'tool_result', tool_use_id: first.toolUse.id, is_error: true, content: repairMessage(checked.problems) }],
  });
  const second = await ask(options, messages);
  const rechecked = check(second.toolUse.input, options, planId);
  if (rechecked.ok) return rechecked.plan;
  throw new PlanningError(
    'invalid-plan',
    `The planner's plan was still invalid after one repair turn:\n${rechecked.problems.map((p) => `  - ${p}`).join('\n')}\nTry again, rephrase the request more precisely, or choose the moderate route to give it to one agent.`,
    rechecked.problems,
    rechecked.findings,
  );
}

async function ask(options: PlanFeatureOptions, messages: readonly Anthropic.MessageParam[]): Promise<ForcedToolAnswer> {
  try {
    return await requestForcedTool({
      client: options.client,
      model: options.model,
      modelSetting: 'fanout.models.planner',
      system: PLANNER_SYSTEM,
      messages,
      tool: PLAN_TOOL_DEFINITION,
      thing: 'plan',
      maxTokens: options.maxTokens ?? PLANNER_MAX_TOKENS,
      timeoutMs: options.timeoutMs ?? PLANNER_TIMEOUT_MS,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
  } catch (error) {
    throw error instanceof ForcedToolError ? PlanningError.from(error, 'plan the request') : error;
  }
}

/** Schema first (parsePlan), then validation; the plan keeps the user's request, route and pattern. */
function check(input: unknown, options: PlanFeatureOptions, planId: string): Checked {
  const raw = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const candidate = {
    id: planId,
    request: options.request.trim(),
    route: 'complex',
    tasks: raw.tasks,
    ...(options.pattern !== undefined ? { pattern: options.pattern.name } : {}),
  };
  // The same schema parsePlan applies, read issue by issue so each one can be listed for the model.
  const shape = planSchema.safeParse(candidate);
  if (!shape.success) return { ok: false, problems: [invalidAnswerMessage('plan', describeIssues(shape.error))], findings: [] };
  const parsed = parsePlan(candidate);
  if (!parsed.ok) return { ok: false, problems: [invalidAnswerMessage('plan', parsed.error)], findings: [] };
  const findings = validatePlan(parsed.plan, options.workspaceRoot);
  if (hasErrors(findings)) {
    const errors = findings.filter((f) => f.severity === 'error');
    return { ok: false, problems: errors.map((f) => `${f.code}: ${f.message}`), findings: errors };
  }
  return { ok: true, plan: parsed.plan };
}
