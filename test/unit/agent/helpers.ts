/**
 * Test fixtures for the agent loop: a tiny in-memory Toolbox and StagingView (the real ones live in
 * src/core/workspace/tools and staging), a plan builder, and an AgentRunContext wired to the fake Messages API
 * through the real SDK, with the SDK's default retry settings (the agent must turn them off per request).
 */
import Anthropic from '@anthropic-ai/sdk';
import { createHash } from 'node:crypto';
import { AgentContext } from '../../../src/core/run/agent/agentContext';
import type { AgentRunContext, RunContext } from '../../../src/core/run/contextTypes';
import type { Budgets, PriceTable, RetryPolicy } from '../../../src/core/run/engineTypes';
import type { FileRead, StagingView } from '../../../src/core/workspace/stagingTypes';
import type { ToolContext, Toolbox, ToolOutcome } from '../../../src/core/workspace/tools/toolTypes';
import type { RunEventBody } from '../../../src/core/run/events';
import { createRequestLimiter, type RunRequestLimiter } from '../../../src/core/run/limiter';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../../../src/core/model/modelTable';
import type { EffortSetting } from '../../../src/core/model/requestShape';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import { createRunBudget, type RunBudgetTracker } from '../../../src/core/run/runBudget';
import { startFakeMessagesApi, type FakeMessagesApi, type FakeMessagesApiOptions, type JsonObject, type LoggedRequest } from '../../fake/messagesServer';

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

/** Staged files of one task, in memory; reads fall back to a fixed "workspace". */
export class MemoryView implements StagingView {
  readonly staged = new Map<string, string | null>();

  constructor(
    readonly taskId: string,
    private readonly workspace: ReadonlyMap<string, string> = new Map(),
  ) {}

  async read(path: string): Promise<FileRead> {
    if (this.staged.has(path)) {
      const content = this.staged.get(path);
      return content === null || content === undefined
        ? { kind: 'deleted', stagedBy: this.taskId }
        : { kind: 'file', content, source: 'staged', stagedBy: this.taskId };
    }
    const content = this.workspace.get(path);
    return content === undefined ? { kind: 'missing' } : { kind: 'file', content, source: 'workspace' };
  }

  stagedPaths(): readonly { readonly path: string; readonly deleted: boolean }[] {
    return [...this.staged].map(([path, content]) => ({ path, deleted: content === null }));
  }

  async write(path: string, content: string | null): Promise<Extract<RunEventBody, { kind: 'file.staged' }>> {
    const existed = this.staged.has(path) || this.workspace.has(path);
    this.staged.set(path, content);
    const hash = (text: string): string => createHash('sha256').update(text).digest('hex');
    const base = this.workspace.get(path);
    return {
      kind: 'file.staged',
      taskId: this.taskId,
      path,
      change: content === null ? 'delete' : existed ? 'modify' : 'create',
      baseHash: base === undefined ? null : hash(base),
      proposedHash: content === null ? null : hash(content),
      bytes: content === null ? 0 : Buffer.byteLength(content),
    };
  }
}

const TOOLS: Anthropic.Tool[] = [
  {
    name: 'read_file',
    description: 'Read a file.',
    input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
  },
  {
    name: 'write_file',
    description: 'Write a file you own.',
    input_schema: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
  },
  {
    name: 'wait',
    description: 'Waits until cancelled (tests cancellation during a tool).',
    input_schema: { type: 'object', properties: {} },
  },
  {
    name: 'finish',
    description: 'Finish the task with a summary.',
    input_schema: { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] },
  },
];

function field(input: unknown, name: string): string | undefined {
  if (typeof input !== 'object' || input === null) {
    return undefined;
  }
  const value: unknown = (input as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** read_file, write_file (owned paths only), wait (until the signal aborts) and finish. */
export class FakeToolbox implements Toolbox {
  readonly calls: { name: string; input: unknown }[] = [];
  /** The context each call got. */
  readonly contexts: ToolContext[] = [];

  definitions(): Anthropic.Tool[] {
    return TOOLS;
  }

  describe(name: string, input: unknown): { readonly summary: string; readonly path?: string } {
    const path = field(input, 'path');
    return path === undefined ? { summary: name } : { summary: `${name} ${path}`, path };
  }

  async execute(name: string, input: unknown, ctx: ToolContext): Promise<ToolOutcome> {
    this.calls.push({ name, input });
    this.contexts.push(ctx);
    const path = field(input, 'path');
    switch (name) {
      case 'read_file': {
        const read = await ctx.view.read(path ?? '');
        return read.kind === 'file' ? { content: read.content, isError: false, path } : { content: `${path} does not exist`, isError: true, path };
      }
      case 'write_file': {
        if (path === undefined || !ctx.task.owns.includes(path)) {
          return { content: `you do not own ${path ?? '(no path)'}`, isError: true, path };
        }
        ctx.emit(await ctx.view.write(path, field(input, 'content') ?? ''));
        return { content: `wrote ${path}`, isError: false, path };
      }
      case 'wait':
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        return { content: 'cancelled', isError: true };
      case 'finish':
        return { content: 'done', isError: false, finished: { summary: field(input, 'summary') ?? '' } };
      default:
        return { content: `unknown tool ${name}`, isError: true };
    }
  }
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

/** The `messages` of a logged request with cache breakpoints removed (they move with the conversation). */
export function messagesOf(request: LoggedRequest): unknown[] {
  const messages = request.body?.messages;
  if (!Array.isArray(messages)) {
    return [];
  }
  return JSON.parse(JSON.stringify(messages), (key, value: unknown) => (key === 'cache_control' ? undefined : value)) as unknown[];
}

export function systemOf(request: LoggedRequest): JsonObject[] {
  const system = request.body?.system;
  return Array.isArray(system) ? (system.filter((block) => typeof block === 'object' && block !== null && !Array.isArray(block)) as JsonObject[]) : [];
}

/** Requests that reached the messages endpoint, in arrival order. */
export function messageRequests(requests: readonly LoggedRequest[]): LoggedRequest[] {
  return requests.filter((request) => request.path === '/v1/messages');
}

/**
 * One fake Messages API for a describe block (started before its tests, closed after them);
 * `logged()` gives the message requests made since the current test began.
 */
export function useFakeMessagesApi(options: FakeMessagesApiOptions = {}): { readonly server: FakeMessagesApi; logged(): LoggedRequest[] } {
  let api: FakeMessagesApi | undefined;
  let mark = 0;
  before(async () => {
    api = await startFakeMessagesApi(options);
  });
  after(async () => {
    await api?.close();
  });
  beforeEach(() => {
    mark = api?.requests.length ?? 0;
  });
  return {
    get server(): FakeMessagesApi {
      if (!api) throw new Error('The fake Messages API is not started yet (use it inside a test).');
      return api;
    },
    logged: () => messageRequests((api?.requests ?? []).slice(mark)),
  };
}
