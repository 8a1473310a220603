/**
 * Fanout's built-in demo scenario on the bundled sample workspace (`samples/demo-workspace`, a small
 * todo API): the fake Messages API's routes for the router call, the planner call and each agent.
 *
 * Requests are routed by content, never by arrival order: the router's and the planner's requests
 * are the ones whose system prompt begins with their marker (`ROUTER_MARKER`, `PLANNER_MARKER`), and
 * are answered with a text block holding the JSON answer; an agent's carries `Task id: <id>` in its
 * system text. An agent's turn is picked by how many assistant turns its conversation already has,
 * so a retried agent (a fresh conversation) plays its script again.
 *
 * Whatever request the user typed, the demo plans its own `DEMO_REQUEST` (the composer offers it and
 * labels it as the demo's); the router's rationale says so when the text differs.
 */
import { createHash } from 'node:crypto';
import { PLANNER_MARKER } from '../core/planning/plannerPrompt';
import { ROUTER_MARKER } from '../core/planning/router';
import type { TaskSpec } from '../core/plan/plan';
import type { BlockSpec, JsonObject, JsonValue, LoggedRequest, MessageTurn, Route, Turn, TurnFunction, UsageSpec } from '../fakeApi/script';
import { httpError, reply } from '../fakeApi/turns';
import { DEMO_AGENTS, type AgentScript } from './agents';
import { DEMO_TASKS } from './plan';

/** The request the demo always plans. */
export const DEMO_REQUEST = 'Add due dates to todos: an optional dueDate on each todo, a GET /todos/overdue route, and tests';

export const DEMO_ROUTE_RATIONALE =
  'Spans the model and its validation, the store, a new route, date logic, tests and docs, which can be built in parallel against an extended Todo type.';

/** The router's rationale when the user typed another request. */
export const DEMO_OTHER_REQUEST_RATIONALE = 'Demo mode plans its built-in request (due dates for todos) whatever was typed; set an API key to plan your own.';

/** How fast the demo streams. At `DEMO_PACE` the whole run takes about 40 s. */
export interface DemoPace {
  /** Delay before each streamed SSE frame. */
  readonly eventDelayMs: number;
  /** The scripted 429's `retry-after-ms`: every agent waits this long (the retry countdown). */
  readonly retryAfterMs: number;
}

export const DEMO_PACE: DemoPace = { eventDelayMs: 50, retryAfterMs: 3000 };

/** Characters per delta frame; a turn with more content streams bigger pieces so it stays under MAX_FRAMES. */
const DELTA_CHARS = 12;
const MAX_FRAMES = 60;

/** The demo's routes; each call starts fresh (the 429 fires once per set of routes). */
export function demoRoutes(pace: DemoPace = DEMO_PACE): Route[] {
  const cache = new Set<string>();
  const rateLimited = new Set<string>();
  return [
    { name: 'router', match: (request) => systemStartsWith(request, ROUTER_MARKER), onExhausted: 'repeatLast', turns: [routerTurn] },
    { name: 'planner', match: (request) => systemStartsWith(request, PLANNER_MARKER), onExhausted: 'repeatLast', turns: [plannerTurn] },
    ...DEMO_AGENTS.map((script): Route => ({
      name: script.taskId,
      match: `Task id: ${script.taskId}\n`,
      onExhausted: 'repeatLast',
      turns: [agentTurns(script, pace, cache, rateLimited)],
    })),
  ];
}

/** The answer to any request outside the script: an agent of a task the demo does not know ends politely. */
export const outsideScript: TurnFunction = (request) =>
  paced(
    reply([
      offersTool(request, 'finish')
        ? "Fanout's demo scripts only the tasks of its built-in plan (types, dates, store, routes, tests, docs, review), so this task has nothing to do here. Set an API key to run plans of your own."
        : "Fanout's demo answers only its own scenario. Set an API key to use a real model.",
    ]),
  );

const routerTurn: TurnFunction = (request) => {
  const rationale = request.matchText.includes(DEMO_REQUEST) ? DEMO_ROUTE_RATIONALE : DEMO_OTHER_REQUEST_RATIONALE;
  return paced(reply([JSON.stringify({ route: 'complex', rationale, files: [] })]));
};

const plannerTurn: TurnFunction = () => paced(reply([JSON.stringify({ tasks: DEMO_TASKS.map(taskJson) })]));

function agentTurns(script: AgentScript, pace: DemoPace, cache: Set<string>, rateLimited: Set<string>): TurnFunction {
  return (request): Turn => {
    const index = assistantTurns(request.body);
    if (index === script.rateLimitedAt && !rateLimited.has(script.taskId)) {
      rateLimited.add(script.taskId);
      return httpError(429, {
        retryAfterMs: pace.retryAfterMs,
        message: 'Rate limit reached (a scripted 429 in the demo: every agent waits for retry-after, then this one retries).',
      });
    }
    const step = script.steps[Math.min(index, script.steps.length - 1)];
    if (step === undefined) return reply(['Nothing to do.']);
    return paced(reply([step.say, ...step.calls], { usage: cachedUsage(request, cache) }));
  };
}

/** Bigger delta pieces for long turns (a whole file in write_file) so every turn streams in a few seconds at most. */
function paced(turn: MessageTurn): MessageTurn {
  const chars = turn.content.reduce((sum, block) => sum + blockChars(block), 0);
  return { ...turn, deltaChars: Math.max(DELTA_CHARS, Math.ceil(chars / MAX_FRAMES)) };
}

function blockChars(block: BlockSpec): number {
  if (block.type === 'text') return block.text.length;
  if (block.type === 'thinking') return block.thinking.length;
  return JSON.stringify(block.input).length;
}

/**
 * Usage as the prompt cache would report it: the shared prefix (tools and the first system block) is
 * written by the first request that sends it and read by every later one.
 */
function cachedUsage(request: LoggedRequest, cache: Set<string>): UsageSpec {
  const body = request.body ?? {};
  const prefix = JSON.stringify([body.tools ?? null, firstSystemText(body.system ?? null)]);
  const total = Math.ceil(request.bodyBytes / 4);
  const cached = Math.min(total, Math.ceil(Buffer.byteLength(prefix) / 4));
  const key = createHash('sha256').update(prefix).digest('hex');
  const hit = cache.has(key);
  cache.add(key);
  return hit
    ? { input_tokens: total - cached, cache_read_input_tokens: cached, cache_creation_input_tokens: 0 }
    : { input_tokens: total - cached, cache_read_input_tokens: 0, cache_creation_input_tokens: cached };
}

function firstSystemText(system: JsonValue): string {
  if (typeof system === 'string') return system;
  const first = Array.isArray(system) ? system[0] : undefined;
  return first !== undefined && first !== null && typeof first === 'object' && !Array.isArray(first) && typeof first.text === 'string' ? first.text : '';
}

/** The router's and the planner's requests: recognised by the first line of their system prompt. */
function systemStartsWith(request: LoggedRequest, marker: string): boolean {
  return firstSystemText(request.body?.system ?? null).startsWith(marker);
}

function offersTool(request: LoggedRequest, name: string): boolean {
  const tools = request.body?.tools;
  return Array.isArray(tools) && tools.some((tool) => tool !== null && typeof tool === 'object' && !Array.isArray(tool) && tool.name === name);
}

function assistantTurns(body: JsonObject | null): number {
  const messages = body?.messages;
  if (!Array.isArray(messages)) return 0;
  return messages.filter((m) => m !== null && typeof m === 'object' && !Array.isArray(m) && m.role === 'assistant').length;
}

function taskJson(task: TaskSpec): JsonObject {
  return {
    id: task.id,
    title: task.title,
    phase: task.phase,
    role: task.role,
    instructions: task.instructions,
    owns: [...task.owns],
    reads: [...task.reads],
    dependsOn: [...task.dependsOn],
  };
}
