// Scripts for the key-flow end-to-end test: what the fake Messages API answers the router, the
// planner and each agent. Two requests, each planned its own way:
// - PRIORITY_REQUEST: a five-task plan whose store task also owns package.json, so plan lint reports
//   a `hot-spot-owner` warning with a one-click fix (give package.json to the integration task).
//   The implement agents hold their second turn at a gate the test opens, so a fan-out with several
//   agents running at once stays on screen while it is photographed.
// - HEALTH_REQUEST: two agents; `readme` stalls mid-stream on its first turn (the engine's idle
//   watchdog is 90 s, far longer than the test), is cancelled from its card, and finishes when retried.
import { PLANNER_MARKER } from '../../src/core/planning/plannerPrompt';
import { ROUTER_MARKER } from '../../src/core/planning/router';
import type { TaskSpec } from '../../src/core/plan/plan';
import { reply, stallAfter, text, toolUse, type JsonObject, type LoggedRequest, type Route, type Turn, type TurnSource } from '../fake/messagesServer';

export const PRIORITY_REQUEST =
  'Add a priority to todos: low, normal or high, set on create and update, with GET /todos?priority=high to list only the urgent ones.';
export const HEALTH_REQUEST = 'Add a GET /health route that answers with the uptime and the number of todos, and document it in the README.';

export const PRIORITY_RATIONALE = 'Touches the model, the store, the routes and the server wiring, which parallel agents can build against one Priority type.';
export const HEALTH_RATIONALE = 'A new route and its documentation are independent and small enough for two agents side by side.';

/** The hot spot the priority plan has and the fix the review offers for it. */
export const HOT_SPOT_CODE = 'hot-spot-owner';
export const HOT_SPOT_FIX = 'Give package.json to wiring';

const task = (t: Omit<TaskSpec, 'reads'> & { readonly reads?: readonly string[] }): TaskSpec => ({ reads: [], ...t });

export const PRIORITY_TASKS: readonly TaskSpec[] = [
  task({
    id: 'priority-type',
    title: 'Add Priority to the todo model',
    phase: 'contract',
    role: 'Types',
    instructions: [
      "In src/todo.ts add `export type Priority = 'low' | 'normal' | 'high'` and `export function isPriority(value: unknown): value is Priority`.",
      'Todo gains `readonly priority: Priority`; NewTodo and TodoPatch gain `readonly priority?: Priority`.',
      "parseNewTodo(body: unknown) and parseTodoPatch(body: unknown) refuse any other value with the error 'priority must be low, normal or high'.",
    ].join('\n'),
    owns: ['src/todo.ts'],
    dependsOn: [],
  }),
  task({
    id: 'store',
    title: 'Keep priorities in the store',
    phase: 'implement',
    role: 'Store',
    instructions: [
      "In src/store.ts, `create(input: NewTodo, now = new Date()): Todo` sets priority to input.priority or 'normal'; `update(id: number, patch: TodoPatch)` changes it.",
      '`list(filter: { readonly priority?: Priority } = {}): Todo[]` keeps only todos of that priority. Add a "test:store" script to package.json that runs test/ with node --test.',
    ].join('\n'),
    owns: ['src/store.ts', 'package.json'],
    dependsOn: ['priority-type'],
  }),
  task({
    id: 'routes',
    title: 'Filter GET /todos by priority',
    phase: 'implement',
    role: 'API routes',
    instructions: [
      "In src/routes.ts, GET /todos reads the priority query parameter: `url.searchParams.get('priority')`.",
      "A valid one (isPriority(value: unknown)) answers `store.list({ priority })`; any other value answers 400 { error: 'priority must be low, normal or high' }.",
    ].join('\n'),
    owns: ['src/routes.ts'],
    dependsOn: ['priority-type'],
  }),
  task({
    id: 'wiring',
    title: 'Wire priorities into the server',
    phase: 'implement',
    role: 'Integration',
    instructions: [
      'In src/server.ts log the priorities the API accepts at start-up, next to the port: `console.log(`todo-api listening on …, priorities: low, normal, high`)`.',
      'Keep `createHandler(new TodoStore())` exactly as it is; the store and routes tasks change what it does.',
    ].join('\n'),
    owns: ['src/server.ts'],
    dependsOn: ['priority-type'],
  }),
  task({
    id: 'review',
    title: 'Review the priority feature',
    phase: 'validate',
    role: 'Reviewer',
    instructions:
      'Read src/todo.ts, src/store.ts and src/routes.ts against the request. Report each problem with report_finding (severity, path, line, what to change), then call finish.',
    owns: [],
    reads: ['src/todo.ts', 'src/store.ts', 'src/routes.ts'],
    dependsOn: [],
  }),
];

export const HEALTH_TASKS: readonly TaskSpec[] = [
  task({
    id: 'health',
    title: 'GET /health',
    phase: 'implement',
    role: 'API routes',
    instructions: [
      'In src/routes.ts answer GET /health before the /todos pattern with 200 `{ uptimeSeconds: number, todos: number }`: `Math.round(process.uptime())` and `store.list().length`.',
      "Any other method on /health answers 405 { error: 'method not allowed' }.",
    ].join('\n'),
    owns: ['src/routes.ts'],
    dependsOn: [],
  }),
  task({
    id: 'readme',
    title: 'Document GET /health',
    phase: 'implement',
    role: 'Docs',
    instructions:
      'In README.md add GET /health to the route table with an example answer `{ "uptimeSeconds": 42, "todos": 3 }` and one sentence on what a monitor should check.',
    owns: ['README.md'],
    dependsOn: [],
  }),
];

/** The agents that must be running at once before the fan-out is photographed. */
export const GATED_AGENTS: readonly string[] = ['store', 'routes', 'wiring'];

/** The router's and the planner's requests: their system prompt begins with the marker. */
function systemStartsWith(request: LoggedRequest, marker: string): boolean {
  const system = request.body?.system;
  const first = Array.isArray(system) ? system[0] : system;
  const text = typeof first === 'string' ? first : first !== null && typeof first === 'object' && !Array.isArray(first) ? first.text : undefined;
  return typeof text === 'string' && text.startsWith(marker);
}

function taskJson(t: TaskSpec): JsonObject {
  return {
    id: t.id,
    title: t.title,
    phase: t.phase,
    role: t.role,
    instructions: t.instructions,
    owns: [...t.owns],
    reads: [...t.reads],
    dependsOn: [...t.dependsOn],
  };
}

const finish = (summary: string): Turn => reply([toolUse('finish', { summary })]);
const write = (say: string, path: string, content: string): Turn => reply([say, toolUse('write_file', { path, content })]);

/** A promise the test resolves to let the gated agents go on. */
export interface Gate {
  readonly opened: Promise<void>;
  open(): void;
}

export function createGate(): Gate {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** An agent that reads a file, writes one (after `gate` when given) and finishes. */
function agent(id: string, read: string, say: string, path: string, content: string, gate?: Gate): Route {
  const writeTurn: TurnSource = gate ? async () => gate.opened.then(() => write(say, path, content)) : write(say, path, content);
  return {
    name: id,
    match: `Task id: ${id}\n`,
    turns: [reply([`Reading ${read} first.`, toolUse('read_file', { path: read })]), writeTurn, finish(`${path} written.`)],
  };
}

/** Every route of both requests; `gate` holds the priority plan's implement agents before they write. */
/** The router and the planner: the health request plans HEALTH_TASKS, any other PRIORITY_TASKS. */
function planningRoutes(): Route[] {
  return [
    {
      name: 'router',
      match: (request) => systemStartsWith(request, ROUTER_MARKER),
      onExhausted: 'repeatLast',
      turns: [
        (request) =>
          reply([
            JSON.stringify({
              route: 'complex',
              rationale: request.matchText.includes(HEALTH_REQUEST) ? HEALTH_RATIONALE : PRIORITY_RATIONALE,
              files: [],
            }),
          ]),
      ],
    },
    {
      name: 'planner',
      match: (request) => systemStartsWith(request, PLANNER_MARKER),
      onExhausted: 'repeatLast',
      turns: [(request) => reply([JSON.stringify({ tasks: (request.matchText.includes(HEALTH_REQUEST) ? HEALTH_TASKS : PRIORITY_TASKS).map(taskJson) })])],
    },
  ];
}

/** The check the checks flow runs: it fails, pointing at src/routes.ts, while the file has a BUG marker. */
export const CHECKS_FLOW_COMMAND = 'node verify.mjs';
export const CHECKS_FLOW_SCRIPT = [
  "import { readFileSync } from 'node:fs';",
  "const lines = readFileSync('src/routes.ts', 'utf8').split('\\n');",
  "const at = lines.findIndex((line) => line.includes('BUG'));",
  'if (at !== -1) {',
  '  console.error(`src/routes.ts:${at + 1}:1: error: GET /health still answers with the BUG placeholder`);',
  '  process.exit(1);',
  '}',
  "console.log('routes verified');",
  '',
].join('\n');

/**
 * The health request for the checks flow: `health` first stages src/routes.ts with a BUG marker the
 * check rejects, and fixes it in the fix-up round it is sent, once `gate` opens (so the round stays
 * on screen while it is looked at); `readme` writes the README once.
 */
export function checksFlowRoutes(gate: Gate): Route[] {
  return [
    ...planningRoutes(),
    {
      name: 'health',
      match: 'Task id: health\n',
      turns: [
        write('GET /health answers uptime and the todo count.', 'src/routes.ts', '// routes with /health\n// BUG: placeholder answer\n'),
        finish('src/routes.ts answers GET /health.'),
        async () => gate.opened.then(() => write('The check points at the placeholder: replacing it.', 'src/routes.ts', '// routes with /health\n')),
        finish('Removed the placeholder the check reported.'),
      ],
    },
    {
      name: 'readme',
      match: 'Task id: readme\n',
      turns: [write('Adding GET /health.', 'README.md', '# todo-api\n\nGET /health\n'), finish('README.md documents GET /health.')],
    },
  ];
}

export function keyFlowRoutes(gate: Gate): Route[] {
  return [
    ...planningRoutes(),
    agent(
      'priority-type',
      'src/todo.ts',
      'Priority is a closed union; isPriority guards input.',
      'src/todo.ts',
      "export type Priority = 'low' | 'normal' | 'high';\n",
    ),
    agent('store', 'src/store.ts', 'The store keeps the priority and filters by it.', 'src/store.ts', '// store with priorities\n', gate),
    agent('routes', 'src/routes.ts', 'GET /todos takes ?priority=.', 'src/routes.ts', '// routes with a priority filter\n', gate),
    agent('wiring', 'src/server.ts', 'The server logs the accepted priorities.', 'src/server.ts', '// server wiring\n', gate),
    { name: 'review', match: 'Task id: review\n', turns: [finish('The priority feature matches the request.')] },
    agent('health', 'src/routes.ts', 'GET /health answers uptime and the todo count.', 'src/routes.ts', '// routes with /health\n'),
    {
      name: 'readme',
      match: 'Task id: readme\n',
      // First attempt: a few frames of text, then nothing until it is cancelled. The retry (a fresh
      // conversation on the same route) writes the README and finishes.
      turns: [
        stallAfter(4, { content: [text('Looking at the README route table to add GET /health…')] }),
        write('Adding GET /health to the route table.', 'README.md', '# todo-api\n\nGET /health\n'),
        finish('README.md documents GET /health.'),
      ],
    },
  ];
}
