/**
 * Helpers for the router, planner, propose and CLI tests: the fake Messages API with routes for the
 * router and the planner (matched on their system prompts), forced-tool answers, the todo-app fixture
 * copied to a temp folder, and request-log lookups.
 */
import Anthropic from '@anthropic-ai/sdk';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_BUDGETS } from '../../../src/core/defaults';
import type { TaskSpec } from '../../../src/core/plan';
import type { LintOptions } from '../../../src/core/planning/types';
import {
  reply,
  startFakeMessagesApi,
  toolUse,
  type FakeMessagesApi,
  type JsonObject,
  type JsonValue,
  type LoggedRequest,
  type MessageTurn,
  type Route,
  type TurnSource,
} from '../../fake/messagesServer';

export const TODO_APP = resolve(__dirname, '../../fixtures/repos/todo-app');

/** Matches router requests (its system prompt) and planner requests (its system prompt). */
export const ROUTER_MATCH = 'You route feature requests for Fanout';
export const PLANNER_MATCH = "You are Fanout's planner";

export function routerRoute(turns: readonly TurnSource[]): Route {
  return { name: 'router', match: ROUTER_MATCH, turns };
}

export function plannerRoute(turns: readonly TurnSource[]): Route {
  return { name: 'planner', match: PLANNER_MATCH, turns };
}

export function classify(route: string, rationale: string, files: readonly string[] = []): MessageTurn {
  return reply([toolUse('classify_request', { route, rationale, files: [...files] })]);
}

export function submitPlan(tasks: readonly (TaskSpec | JsonObject)[]): MessageTurn {
  return reply([toolUse('submit_plan', { tasks: tasks.map((t) => JSON.parse(JSON.stringify(t)) as JsonValue) })]);
}

export interface PlanningFake {
  readonly api: FakeMessagesApi;
  readonly client: Anthropic;
  /** Model requests (count_tokens excluded), in arrival order. */
  messages(): LoggedRequest[];
  close(): Promise<void>;
}

export async function startPlanningFake(routes: readonly Route[]): Promise<PlanningFake> {
  const api = await startFakeMessagesApi({ routes });
  return {
    api,
    client: new Anthropic({ apiKey: 'test-key', baseURL: api.baseURL }),
    messages: () => api.requests.filter((r) => r.path === '/v1/messages'),
    close: () => api.close(),
  };
}

export interface TempRepo {
  readonly root: string;
  remove(): Promise<void>;
}

/** A fresh copy of the todo-app fixture repository. */
export async function copyTodoApp(): Promise<TempRepo> {
  const root = await mkdtemp(join(tmpdir(), 'fanout-todo-'));
  await cp(TODO_APP, root, { recursive: true });
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

export function lintOptionsFor(root: string, overrides: Partial<Pick<LintOptions, 'prices' | 'budgets'>> = {}): LintOptions {
  return {
    workspaceRoot: root,
    maxConcurrency: 8,
    budgets: overrides.budgets ?? DEFAULT_BUDGETS,
    prices: overrides.prices ?? {},
    models: { agent: 'claude-sonnet-5-5', validator: 'claude-sonnet-5-5' },
  };
}

/** The body of a logged request as a plain object (throws when it had none). */
export function bodyOf(request: LoggedRequest | undefined): JsonObject {
  if (request?.body == null) throw new Error('the request has no JSON body');
  return request.body;
}

/** The messages array of a request body. */
export function messagesOf(request: LoggedRequest | undefined): JsonObject[] {
  return (bodyOf(request).messages ?? []) as JsonObject[];
}
