/**
 * The planner: one structured call to a strong model for a JSON plan, checked against the plan schema
 * (`parsePlan`) and the plan check (`checkPlan`). A plan that fails either gets exactly one repair
 * turn: the model's answer goes back unchanged (its thinking blocks are bound to the conversation),
 * then a user message lists every problem and asks for the complete corrected plan. A plan still
 * invalid after that is a `PlanningError` with the problems; Fanout never runs, or silently patches,
 * a plan the planner could not get right.
 */
import { applyClaudeAgentRoles } from './patterns/claudeAgentPlan';
import type Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../model/modelTable';
import type { EffortSetting } from '../model/requestShape';
import type { PlanFinding } from '../plan/plan';
import { checkPlan, type ValidatedPlan } from '../plan/planCheck';
import { parsePlan } from '../plan/planSchema';
import { PlanningError, StructuredCallError } from './errors';
import { lintPlan } from './lint/lintPlan';
import { describePatternForPlanner } from './patterns/loadPatterns';
import { PLANNER_SYSTEM, planAnswerSchema, plannerUserMessage, repairMessage } from './plannerPrompt';
import { assistantTurn, describeIssues, invalidAnswerMessage, requestStructured, type StructuredReply } from './structuredCall';
import type { LintOptions, Pattern, ProjectInstructions, RepoMap } from './types';
import { definedFields } from '../definedFields';

export const PLANNER_TIMEOUT_MS = 300_000;
/** Thinking counts against the output cap, so it leaves room for both (the model's maximum caps it). */
export const PLANNER_MAX_TOKENS = 32_000;

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
  /** Shapes the request for the model (default: the built-in table). */
  readonly modelTable?: ModelTable;
  /** Default `default`: the model's own effort. */
  readonly effort?: EffortSetting;
  /** With them, a repair turn also lists the plan's lint findings. */
  readonly lintOptions?: LintOptions;
  readonly signal?: AbortSignal;
  /** Cap on each planner call (the repair turn gets its own). */
  readonly timeoutMs?: number;
  readonly maxTokens?: number;
  /** Called before the repair turn with the problems sent back. */
  readonly onRepair?: (problems: readonly string[]) => void;
  /** Told when the model id is unknown to the table or a setting cannot be honoured for it. */
  readonly onWarning?: (warning: string) => void;
}

type Checked =
  | { readonly ok: true; readonly plan: ValidatedPlan }
  | { readonly ok: false; readonly problems: string[]; readonly findings: PlanFinding[]; readonly lint: PlanFinding[] };

/** Plans a complex request; throws `PlanningError` when no valid plan comes back after one repair turn. */
export async function planFeature(options: PlanFeatureOptions): Promise<ValidatedPlan> {
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
  const checked = check(first.json, options, planId);
  if (checked.ok) return checked.plan;

  options.onRepair?.(checked.problems);
  // Append-only: the answer exactly as it came, then the problems as the new (final) user turn.
  messages.push(assistantTurn(first.message), { role: 'user', content: repairMessage(checked.problems, checked.lint) });
  const second = await ask(options, messages);
  const rechecked = check(second.json, options, planId);
  if (rechecked.ok) return rechecked.plan;
  throw new PlanningError(
    'invalid-plan',
    `The planner's plan was still invalid after one repair turn:\n${rechecked.problems.map((p) => `  - ${p}`).join('\n')}\nTry again, rephrase the request more precisely, or choose the moderate route to give it to one agent.`,
    rechecked.problems,
    rechecked.findings,
  );
}

async function ask(options: PlanFeatureOptions, messages: readonly Anthropic.MessageParam[]): Promise<StructuredReply> {
  try {
    return await requestStructured({
      client: options.client,
      model: (options.modelTable ?? DEFAULT_MODEL_TABLE).resolve(options.model),
      modelSetting: 'fanout.models.planner',
      role: 'planner',
      effort: options.effort ?? 'default',
      system: PLANNER_SYSTEM,
      messages,
      schema: planAnswerSchema,
      thing: 'plan',
      maxTokens: options.maxTokens ?? PLANNER_MAX_TOKENS,
      timeoutMs: options.timeoutMs ?? PLANNER_TIMEOUT_MS,
      ...definedFields({ signal: options.signal, onWarning: options.onWarning }),
    });
  } catch (error) {
    throw error instanceof StructuredCallError ? PlanningError.from(error, 'plan the request') : error;
  }
}

/** Schema first (parsePlan), then the check; the plan keeps the user's request, route and pattern. */
function check(answer: Record<string, unknown>, options: PlanFeatureOptions, planId: string): Checked {
  const candidate = {
    id: planId,
    request: options.request.trim(),
    route: 'complex',
    tasks: answer.tasks,
    ...(options.pattern !== undefined ? { pattern: options.pattern.name } : {}),
  };
  // The schema's issues are listed one by one, for the model to fix each.
  const parsed = parsePlan(candidate);
  if (!parsed.ok) return { ok: false, problems: [invalidAnswerMessage('plan', describeIssues(parsed.issues))], findings: [], lint: [] };
  // A task planned from a `.claude/agents/*.md` role carries that agent's whole prompt.
  const checked = checkPlan(options.pattern !== undefined ? applyClaudeAgentRoles(parsed.plan, options.pattern) : parsed.plan, options.workspaceRoot);
  if (checked.ok) return { ok: true, plan: checked.plan };
  const errors = checked.findings.filter((f) => f.severity === 'error');
  const lint =
    options.lintOptions === undefined
      ? []
      : lintPlan(checked.plan, options.lintOptions).filter((f) => !errors.some((e) => e.code === f.code && e.message === f.message));
  return { ok: false, problems: errors.map((f) => `${f.code}: ${f.message}`), findings: errors, lint };
}
