/**
 * Helpers for the router, planner, propose and CLI tests: the fake Messages API with routes for the
 * router and the planner (matched on the first line of their system prompts), their JSON answers as
 * text blocks, the todo-app fixture copied to a temp folder, and request-log lookups.
 */
import Anthropic from '@anthropic-ai/sdk';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_BUDGETS } from '../../../src/core/defaults';
import type { TaskSpec } from '../../../src/core/plan/plan';
import { PLANNER_MARKER } from '../../../src/core/planning/plannerPrompt';
import { ROUTER_MARKER } from '../../../src/core/planning/router';
import type { LintOptions } from '../../../src/core/planning/types';
import {
  reply,
  startFakeMessagesApi,
  type FakeMessagesApi,
  type JsonObject,
  type JsonValue,
  type LoggedRequest,
  type MessageSpec,
  type MessageTurn,
  type Route,
  type TurnSource,
} from '../../fake/messagesServer';

export const TODO_APP = resolve(__dirname, '../../fixtures/repos/todo-app');

/** The system prompt's first text: a string, or the first block's text. */
export function systemText(request: LoggedRequest | undefined): string {
  const system = request?.body?.system;
  const first = Array.isArray(system) ? system[0] : system;
  if (typeof first === 'string') return first;
  return first !== null && typeof first === 'object' && !Array.isArray(first) && typeof first.text === 'string' ? first.text : '';
}

export function routerRoute(turns: readonly TurnSource[]): Route {
  return { name: 'router', match: (request) => systemText(request).startsWith(ROUTER_MARKER), turns };
}

export function plannerRoute(turns: readonly TurnSource[]): Route {
  return { name: 'planner', match: (request) => systemText(request).startsWith(PLANNER_MARKER), turns };
}

/** An answer as structured outputs give it: one text block holding the JSON. */
export function answer(value: JsonValue, options: Omit<MessageSpec, 'content'> = {}): MessageTurn {
  return reply([JSON.stringify(value)], options);
}

export function classify(route: string, rationale: string, files: readonly string[] = []): MessageTurn {
  return answer({ route, rationale, files: [...files] });
}

export function tasksJson(tasks: readonly (TaskSpec | JsonObject)[]): JsonValue[] {
  return tasks.map((t) => JSON.parse(JSON.stringify(t)) as JsonValue);
}

export function submitPlan(tasks: readonly (TaskSpec | JsonObject)[]): MessageTurn {
  return answer({ tasks: tasksJson(tasks) });
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
