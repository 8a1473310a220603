/**
 * An AgentRunContext for the agent-loop tests, wired to the fake Messages API through the real SDK with the
 * SDK's default retry settings (the agent must turn them off per request): the model ids, a task and plan
 * builder, budgets and retry policy, and helpers that pick events out of what the run emitted.
 */
import Anthropic from '@anthropic-ai/sdk';
import { AgentContext } from '../../../src/core/run/agent/agentContext';
import type { AgentRunContext, RunContext } from '../../../src/core/run/contextTypes';
import type { Budgets, PriceTable, RetryPolicy } from '../../../src/core/run/engineTypes';
import type { RunEventBody } from '../../../src/core/run/events';
import { createRequestLimiter, type RunRequestLimiter } from '../../../src/core/run/limiter';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../../../src/core/model/modelTable';
import type { EffortSetting } from '../../../src/core/model/requestShape';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import { createRunBudget, type RunBudgetTracker } from '../../../src/core/run/runBudget';
import { FakeToolbox, MemoryView } from './memoryTools';

/** A model id the table does not know: the fake and Fanout treat it conservatively (no thinking, no effort). */
export const MODEL = 'claude-test-1';
/** The agents' default model, for the tests about how the current models behave. */
export const SONNET = 'claude-sonnet-5-5';
export const SHARED_SYSTEM = 'You are a Fanout agent. Project rules: keep it small.\n\n# Contract\nexport interface User { id: string }';

export function task(id: string, overrides: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id,
    title: `Task ${id}`,
    phase: 'implement',
    role: 'Component',
    instructions: `Write src/${id}.ts exporting ${id}().`,
    owns: [`src/${id}.ts`],
    reads: ['src/types.ts'],
    dependsOn: [],
    ...overrides,
  };
}

export function plan(tasks: readonly TaskSpec[]): Plan {
  return { id: 'plan-1', request: 'Add things', route: 'complex', tasks, lint: [] };
}

export const NO_LIMITS: Budgets = {
  maxTurnsPerAgent: 0,
  maxTokensPerAgent: 0,
  maxCostUsdPerAgent: 0,
  maxWallMsPerAgent: 0,
  maxTokensPerRun: 0,
  maxCostUsdPerRun: 0,
  maxWallMsPerRun: 0,
};

export const FAST_RETRY: RetryPolicy = {
  maxAttemptsPerTurn: 4,
  idleTimeoutMs: 2_000,
  maxRetryAfterMs: 1_000,
  baseDelayMs: 5,
  maxDelayMs: 20,
};

export interface Harness {
  readonly ctx: AgentRunContext;
  /** The run-wide part of `ctx`, as a run would build it once for all its agents. */
  readonly run: RunContext;
  readonly events: RunEventBody[];
  readonly limiter: RunRequestLimiter;
  readonly runBudget: RunBudgetTracker;
  readonly toolbox: FakeToolbox;
  readonly view: MemoryView;
  readonly controller: AbortController;
}

export interface HarnessOptions {
  readonly task?: TaskSpec;
  readonly plan?: Plan;
  readonly budgets?: Partial<Budgets>;
  readonly retry?: Partial<RetryPolicy>;
  readonly prices?: PriceTable;
  readonly model?: string;
  /** Resolves `model` and `fallbackModel`; DEFAULT_MODEL_TABLE when absent. */
  readonly modelTable?: ModelTable;
  readonly fallbackModel?: string;
  readonly effort?: EffortSetting;
  readonly maxOutputTokens?: number;
  /** More workspace files besides src/types.ts. */
  readonly workspace?: Readonly<Record<string, string>>;
  readonly limiter?: RunRequestLimiter;
  readonly apiKey?: string;
  readonly onEvent?: (body: RunEventBody) => void;
  /** The run's clock (default Date.now). */
  readonly now?: () => number;
}

export function harness(baseURL: string, options: HarnessOptions = {}): Harness {
  const spec = options.task ?? task('alpha');
  const retry = { ...FAST_RETRY, ...options.retry };
  const budgets = { ...NO_LIMITS, ...options.budgets };
  const events: RunEventBody[] = [];
  const limiter = options.limiter ?? createRequestLimiter(retry);
  const runBudget = createRunBudget(budgets);
  const toolbox = new FakeToolbox();
  const view = new MemoryView(spec.id, new Map([['src/types.ts', 'export interface User { id: string }\n'], ...Object.entries(options.workspace ?? {})]));
  const controller = new AbortController();
  const table = options.modelTable ?? DEFAULT_MODEL_TABLE;
  const model = options.model ?? MODEL;
  const run: RunContext = {
    runId: 'run-test',
    plan: options.plan ?? plan([spec]),
    workspaceRoot: '/workspace',
    client: new Anthropic({ apiKey: options.apiKey ?? 'test', baseURL }),
    toolbox,
    limiter,
    runBudget,
    budgets,
    retry,
    prices: options.prices ?? { [MODEL]: { input: 3, output: 15 } },
    modelTable: table,
    sharedSystem: SHARED_SYSTEM,
    maxOutputTokens: options.maxOutputTokens ?? 1024,
    staging: { entries: () => [], entry: () => undefined },
    emit: (body) => {
      events.push(body);
      options.onEvent?.(body);
    },
    now: options.now ?? Date.now,
    signal: new AbortController().signal,
  };
  const ctx = new AgentContext(run, {
    task: spec,
    view,
    signal: controller.signal,
    model: table.resolve(model),
    effort: options.effort ?? 'medium',
    fallbackModel: options.fallbackModel !== undefined ? table.resolve(options.fallbackModel) : undefined,
  });
  return { ctx, run, events, limiter, runBudget, toolbox, view, controller };
}

export function kinds(events: readonly RunEventBody[]): string[] {
  return events.map((event) => event.kind);
}

export function ofKind<K extends RunEventBody['kind']>(events: readonly RunEventBody[], kind: K): Extract<RunEventBody, { kind: K }>[] {
  return events.filter((event): event is Extract<RunEventBody, { kind: K }> => event.kind === kind);
}
