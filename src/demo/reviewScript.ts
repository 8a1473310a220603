/**
 * The demo's review ("Fanout: Distribute Review", `fanout review`): one scripted reviewer per role of
 * the built-in `review-roles` pattern, each reading the bundled sample project (a small todo API) and
 * reporting one or two true problems about its real lines, whatever change was asked to be reviewed.
 * Security and Architecture & performance both report the unbounded request body, so the synthesis
 * has a duplicate to merge.
 */
import { finish, findingsOf, read, report, step, type AgentScript, type AgentStep, type ScriptedIssue } from './agentScript';

/** The reviewers' task ids: `roleSlug` of each role of `REVIEW_ROLES`, in the pattern's order. */
export const REVIEWER_IDS = {
  architecture: 'architecture-performance',
  security: 'security',
  qa: 'qa-edge-cases',
  ux: 'frontend-ux',
  deployment: 'deployment',
} as const;

const { architecture, security, qa, ux, deployment } = REVIEWER_IDS;

/** What the reviewers find in the sample, most important first (the synthesis keeps this order within a severity). */
export const REVIEW_ISSUES: readonly ScriptedIssue[] = [
  {
    severity: 'warning',
    path: 'src/routes.ts',
    line: 15,
    anchor: 'for await (const chunk of req) chunks.push(chunk as Buffer);',
    message:
      'readJson buffers the whole request body in memory with no size limit, so one large request can exhaust the server (denial of service). ' +
      'Stop reading past a cap (a todo needs far less than 1 MB) and answer 413.',
    reports: {
      [security]:
        "The request body is read to the end with no size limit: a client can send gigabytes and exhaust the server's memory. Stop reading past a limit and answer 413.",
      [architecture]:
        'readJson collects every chunk of the body before parsing, with no bound, so memory per request grows with whatever a client sends. Cap the body size while reading.',
    },
  },
  {
    severity: 'warning',
    path: 'src/routes.ts',
    line: 29,
    anchor: 'body = await readJson(req);',
    message:
      "The body is parsed before the method is known, so a GET or DELETE that carries a malformed body gets 400 'body is not valid JSON' instead of its answer. Read the body only for POST and PATCH.",
    reports: {
      [qa]: "Every request's body is parsed before the method is checked: GET /todos with a stray invalid body answers 400 'body is not valid JSON'. Parse the body only for POST and PATCH.",
    },
  },
  {
    severity: 'warning',
    path: 'test/todos.test.ts',
    line: 3,
    anchor: "import { TodoStore } from '../src/store.ts';",
    message:
      'No test drives src/routes.ts: the status codes (201, 400, 404, 405) and the invalid-JSON path are unchecked, although CLAUDE.md asks for a test per route. Serve createHandler on port 0 and fetch each route.',
    reports: {
      [qa]: 'The tests import only the store and the validators; nothing exercises src/routes.ts, so 201/400/404/405 and the invalid-JSON answer are untested (CLAUDE.md asks for a test per route).',
    },
  },
  {
    severity: 'warning',
    path: 'src/server.ts',
    line: 5,
    anchor: 'const port = Number(process.env.PORT ?? 3000);',
    message:
      'PORT is never checked: PORT=abc gives NaN and listen() throws ERR_SOCKET_BAD_PORT at start-up. Validate it and exit with a message that names the variable.',
    reports: {
      [deployment]:
        'PORT is converted with Number() and not checked: PORT=abc yields NaN and the server dies at start-up with ERR_SOCKET_BAD_PORT. Validate it and say which variable is wrong.',
    },
  },
  {
    severity: 'info',
    path: 'src/store.ts',
    line: 4,
    anchor: 'private readonly todos = new Map<number, Todo>();',
    message:
      'Todos live only in an in-memory Map: a restart or deploy loses them, and two instances would each keep their own list. Persist the store before running it for real.',
    reports: {
      [deployment]:
        'The store is a Map in memory: every restart or deploy loses all todos, and a second instance would have its own list. Persist it (the README lists this as a next feature) before a real rollout.',
    },
  },
  {
    severity: 'info',
    path: 'src/store.ts',
    line: 8,
    anchor: 'return [...this.todos.values()];',
    message:
      'list() copies every todo and GET /todos returns them all at once, with no paging; response size and time grow with the store. Add limit/offset before lists get long.',
    reports: {
      [architecture]:
        'list() copies the whole map and GET /todos (src/routes.ts:35) sends it in one response, with no paging. Fine for a handful of todos; add limit/offset before lists grow.',
    },
  },
  {
    severity: 'info',
    path: 'src/routes.ts',
    line: 53,
    anchor: "if (req.method === 'DELETE') {",
    message:
      'No route checks who is calling: any client that reaches the port can create, change and delete todos. Acceptable while the server listens on 127.0.0.1 only (src/server.ts:8).',
    reports: {
      [security]:
        'Nothing authenticates callers: any process that reaches the port can delete every todo. Acceptable while the server binds 127.0.0.1 (src/server.ts:8); add authentication before exposing it.',
    },
  },
  {
    severity: 'info',
    path: 'README.md',
    line: 18,
    anchor: 'Errors are JSON',
    message:
      'The README shows the error as "title is required", but the API answers "title is required (1-200 characters)" (src/todo.ts:30). Document the shape of errors rather than a literal text.',
    reports: {
      [ux]: 'The README\'s example error is "title is required", but clients get "title is required (1-200 characters)" (src/todo.ts:30); a client matching the documented text breaks. Document the shape, not a literal.',
    },
  },
  {
    severity: 'info',
    path: 'src/routes.ts',
    line: 40,
    anchor: "return send(res, 405, { error: 'method not allowed' });",
    message: '405 answers carry no Allow header (here and at line 56), so clients cannot tell which methods a path takes. Send Allow with each 405.',
    reports: {
      [ux]: 'A 405 carries no Allow header (here and at line 56), so a client cannot discover that /todos takes GET and POST. Send Allow: GET, POST here and GET, PATCH, DELETE for /todos/:id.',
    },
  },
];

function reviewer(taskId: string, opening: AgentStep, say: string, summary: string): AgentScript {
  return {
    taskId,
    steps: [opening, step(say, ...findingsOf(REVIEW_ISSUES, taskId).map(report)), step('Review complete.', finish(summary))],
  };
}

/** One scripted reviewer per review role, by task id. */
export const REVIEW_AGENTS: readonly AgentScript[] = [
  reviewer(
    architecture,
    step('Following a request from the handler to the store to see where it costs time and memory.', read('src/routes.ts'), read('src/store.ts')),
    'The split into model, store and routes is clean; two things grow with the input: the request body and the list.',
    'The structure follows CLAUDE.md; the body read without a bound and the unpaged list are the scaling risks.',
  ),
  reviewer(
    security,
    step('Checking what the server accepts from the network and where it listens.', read('src/routes.ts'), read('src/server.ts')),
    'Input is validated before use and errors leak nothing, but the body size is unbounded and nobody is authenticated.',
    'One denial-of-service risk (the unbounded request body) and no authentication, which is acceptable only while the server stays on 127.0.0.1.',
  ),
  reviewer(
    qa,
    step('Reading the handler for edge cases and the tests for what they cover.', read('src/routes.ts'), read('test/todos.test.ts')),
    'Validation of titles and flags is solid; the gaps are in the HTTP layer.',
    'Malformed bodies break GET and DELETE, and no test covers the routes.',
  ),
  reviewer(
    ux,
    step('The sample has no UI: its clients see the README and the HTTP answers, so those are what I check.', read('README.md'), read('src/routes.ts')),
    'Answers are consistent JSON with clear messages; two details mislead clients.',
    'Errors are consistent JSON; the README misquotes the title error and 405 answers lack an Allow header.',
  ),
  reviewer(
    deployment,
    step('Looking at how the server starts and what it needs from its environment.', read('src/server.ts'), read('package.json')),
    'No migrations or flags to worry about; start-up and state are the risks.',
    'A bad PORT crashes the server at start-up, and todos do not survive a restart.',
  ),
];
