/**
 * Fanout's built-in demo scenario on the bundled sample workspace (`samples/demo-workspace`, a small
 * todo API): the fake Messages API's routes for the router call, the planner call and each agent of the
 * feature run, and for the read-only fan-outs: the research split call, the synthesis, each reviewer
 * (`reviewScript.ts`) and each research question (`researchScript.ts`).
 *
 * Requests are routed by content, never by arrival order: the router's, the planner's, the split's
 * and the synthesis's requests are the ones whose system prompt begins with their marker
 * (`ROUTER_MARKER`, `PLANNER_MARKER`, `RESEARCH_SPLIT_MARKER`, `SYNTHESIS_MARKER`), and are answered
 * with a text block holding the JSON answer; an agent's carries `Task id: <id>` in its system prompt.
 * Those four come first, so a synthesis input that names agent ids never reaches an agent's script.
 * The feature tasks (types, dates, store, routes, tests, docs, review), the reviewer roles
 * (architecture-performance, security, qa-edge-cases, frontend-ux, deployment) and the questions
 * (q1, q2, …) have distinct ids. An agent's turn is picked by how many assistant turns its conversation
 * already has, so a retried agent (a fresh conversation) plays its script again.
 *
 * Whatever request the user typed, the demo plans its own `DEMO_REQUEST` (the composer offers it and
 * labels it as the demo's); the router's rationale says so when the text differs. A review reviews the
 * sample and a research run asks the sample its own three questions, and their reports say so.
 */
import { PLANNER_MARKER } from '../core/planning/plannerPrompt';
import { ROUTER_MARKER } from '../core/planning/router';
import type { TaskSpec } from '../core/plan/plan';
import { RESEARCH_SPLIT_MARKER } from '../core/research/researchTypes';
import { SYNTHESIS_MARKER } from '../core/run/synthesis';
import type { JsonObject, Route, Turn, TurnFunction } from '../fakeApi/script';
import { httpError, reply } from '../fakeApi/turns';
import type { AgentScript } from './agentScript';
import { DEMO_AGENTS } from './agents';
import { assistantTurns, cachedUsage, isAgentOfTask, offersTool, paced, systemStartsWith } from './demoTurns';
import { DEMO_TASKS } from './plan';
import { RESEARCH_AGENTS, researchSplitTurn } from './researchScript';
import { REVIEW_AGENTS } from './reviewScript';
import { synthesisTurn } from './synthesisScript';

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

/** Every scripted agent: the feature plan's, the reviewers', the research questions'. */
const SCRIPTED_AGENTS: readonly AgentScript[] = [...DEMO_AGENTS, ...REVIEW_AGENTS, ...RESEARCH_AGENTS];

/** The demo's routes; each call starts fresh (the 429 fires once per set of routes). */
export function demoRoutes(pace: DemoPace = DEMO_PACE): Route[] {
  const cache = new Set<string>();
  const rateLimited = new Set<string>();
  return [
    { name: 'router', match: (request) => systemStartsWith(request, ROUTER_MARKER), onExhausted: 'repeatLast', turns: [routerTurn] },
    { name: 'planner', match: (request) => systemStartsWith(request, PLANNER_MARKER), onExhausted: 'repeatLast', turns: [plannerTurn] },
    { name: 'research-split', match: (request) => systemStartsWith(request, RESEARCH_SPLIT_MARKER), onExhausted: 'repeatLast', turns: [researchSplitTurn] },
    { name: 'synthesis', match: (request) => systemStartsWith(request, SYNTHESIS_MARKER), onExhausted: 'repeatLast', turns: [synthesisTurn] },
    ...SCRIPTED_AGENTS.map((script): Route => ({
      name: script.taskId,
      match: (request) => isAgentOfTask(request, script.taskId),
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
        ? "Fanout's demo scripts only the tasks of its built-in plan (types, dates, store, routes, tests, docs, review), the five review roles and research questions q1 to q3, so this task has nothing to do here. Set an API key to run plans of your own."
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
