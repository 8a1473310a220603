/**
 * Runs the real engine (staging, tools, agent loop, scheduler) against the fake Messages API with
 * the real SDK, in a temp workspace. Each task's script is routed by its task id.
 */
import { definedFields } from '../../../src/core/definedFields';
import Anthropic from '@anthropic-ai/sdk';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { startRun } from '../../../src/core/run/engine';
import type { Budgets, ModelDefaults, RetryPolicy, RunHandle, RunOptions } from '../../../src/core/run/engineTypes';
import type { ModelTable } from '../../../src/core/model/modelTable';
import type { RunEvent } from '../../../src/core/run/events';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import { startFakeMessagesApi, type FakeMessagesApi, type Route } from '../../fake/messagesServer';
import { requireValidPlan } from '../../../src/core/plan/planCheck';
import type { FakeRateLimits } from '../../../src/fakeApi/rateLimits';

export function implement(id: string, overrides: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id,
    title: `Task ${id}`,
    phase: 'implement',
    role: 'Component',
    instructions: `Write src/${id}.ts.`,
    owns: [`src/${id}.ts`],
    reads: [],
    dependsOn: [],
    ...overrides,
  };
}

export function makePlan(tasks: readonly TaskSpec[]): Plan {
  return { id: 'plan-test', request: 'Build the feature', route: 'complex', tasks, lint: [] };
}

export { routeFor } from '../../fake/routes';

export interface StartOptions extends Partial<
  Pick<RunOptions, 'modelTable' | 'effort' | 'fallbackModel' | 'maxOutputTokens' | 'signal' | 'checks' | 'checksSkipped' | 'synthesis' | 'toolbox'>
> {
  maxConcurrency?: number;
  budgets?: Partial<Budgets>;
  retry?: Partial<RetryPolicy>;
  /** Default: unknown ids (`claude-test`), which the fake and Fanout treat conservatively. */
  models?: ModelDefaults;
}

export interface Harness {
  readonly root: string;
  readonly runDir: string;
  readonly api: FakeMessagesApi;
  write(path: string, content: string): void;
  start(
    plan: Plan,
    options?: StartOptions,
  ): {
    handle: RunHandle;
    events: RunEvent[];
  };
  dispose(): Promise<void>;
}

export async function createHarness(
  routes: readonly Route[],
  options: { eventDelayMs?: number; modelTable?: ModelTable; rateLimits?: FakeRateLimits } = {},
): Promise<Harness> {
  const api = await startFakeMessagesApi({
    routes,
    eventDelayMs: options.eventDelayMs ?? 0,
    ...(options.modelTable !== undefined ? { modelTable: options.modelTable } : {}),
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
  });
  const root = mkdtempSync(join(tmpdir(), 'fanout-ws-'));
  const runDir = mkdtempSync(join(tmpdir(), 'fanout-run-'));
  const client = new Anthropic({ apiKey: 'test-key', baseURL: api.baseURL });
  const handles: RunHandle[] = [];
  return {
    root,
    runDir,
    api,
    write(path, content) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
    start(plan, opts = {}) {
      const events: RunEvent[] = [];
      const handle = startRun({
        plan: requireValidPlan(plan, root),
        workspaceRoot: root,
        client,
        models: opts.models ?? { agent: 'claude-test', validator: 'claude-test-validator' },
        maxConcurrency: opts.maxConcurrency ?? 8,
        budgets: { ...DEFAULT_BUDGETS, ...opts.budgets },
        prices: { 'claude-test': { input: 3, output: 15 } },
        retry: { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 200, idleTimeoutMs: 400, ...opts.retry },
        runDir,
        onEvent: (e) => events.push(e),
        ...definedFields({
          modelTable: opts.modelTable,
          effort: opts.effort,
          fallbackModel: opts.fallbackModel,
          maxOutputTokens: opts.maxOutputTokens,
          signal: opts.signal,
          checks: opts.checks,
          checksSkipped: opts.checksSkipped,
          synthesis: opts.synthesis,
          toolbox: opts.toolbox,
        }),
      });
      handles.push(handle);
      return { handle, events };
    },
    async dispose() {
      for (const h of handles) h.cancel();
      await Promise.all(handles.map((h) => h.settled()));
      await api.close();
      rmSync(root, { recursive: true, force: true });
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
