/**
 * The demo's research ("Fanout: Distribute Research", `fanout research`): whatever the user asked, the
 * split call answers three questions about the bundled sample project (how todos are stored, how the
 * routes validate input, what is tested), and says in the first one that the demo asks its own
 * questions. Agents q1..q3 each read a real file, report what they learned with path and line, and
 * finish with the answer to their question.
 */
import type { TurnFunction } from '../fakeApi/script';
import { reply } from '../fakeApi/turns';
import type { ResearchSplit } from '../core/research/researchTypes';
import { researchTaskId } from '../core/research/researchTypes';
import { finish, findingsOf, read, report, step, type AgentScript, type AgentStep, type ScriptedIssue } from './agentScript';
import { paced } from './demoTurns';

/** Said by the first question and by the report: the demo researches its own questions. */
export const DEMO_RESEARCH_NOTE = 'Demo mode answers its own questions about the sample project; set an API key to research yours.';

const [q1, q2, q3] = [1, 2, 3].map(researchTaskId) as [string, string, string];

/** What the split call answers, whatever was asked. */
export const DEMO_RESEARCH_SPLIT: ResearchSplit = {
  questions: [
    {
      title: 'How todos are stored',
      question: `${DEMO_RESEARCH_NOTE} Where and how does the sample todo API keep its todos: the data structure, how ids and timestamps are assigned, and what survives a restart?`,
    },
    {
      title: 'How routes validate input',
      question:
        'How do the HTTP routes of the sample todo API validate what clients send (bodies, ids, methods), and what does a client get back when validation fails?',
    },
    {
      title: 'What is tested',
      question: "What do the sample todo API's tests cover, and which parts of the code have no test?",
    },
  ],
};

/** What each question's agent finds, all `info`: research reports facts, not problems. */
export const RESEARCH_FACTS: readonly ScriptedIssue[] = [
  {
    severity: 'info',
    path: 'src/store.ts',
    line: 4,
    anchor: 'private readonly todos = new Map<number, Todo>();',
    message: 'Todos are kept in memory only, in a Map<number, Todo> inside TodoStore; nothing is written to disk, so a restart starts empty.',
    reports: { [q1]: 'TodoStore keeps todos in a private Map<number, Todo> in memory; nothing is persisted, so a restart loses every todo.' },
  },
  {
    severity: 'info',
    path: 'src/store.ts',
    line: 16,
    anchor: 'id: this.nextId++',
    message: 'create() takes ids from a counter starting at 1 that never reuses a deleted id, and stamps createdAt with the ISO time of creation.',
    reports: { [q1]: 'Ids come from nextId, a counter starting at 1 that never reuses an id; createdAt is now.toISOString(), and done starts false.' },
  },
  {
    severity: 'info',
    path: 'src/routes.ts',
    line: 37,
    anchor: 'const parsed = parseNewTodo(body);',
    message:
      'POST and PATCH bodies go through parseNewTodo and parseTodoPatch (src/todo.ts): a trimmed title of 1-200 characters, done a boolean; failures answer 400 with { error }.',
    reports: {
      [q2]: 'POST hands the body to parseNewTodo (src/todo.ts:27), PATCH to parseTodoPatch: title trimmed to 1-200 characters, done a boolean; a failure answers 400 { error }.',
    },
  },
  {
    severity: 'info',
    path: 'src/routes.ts',
    line: 23,
    anchor: 'const match = /^\\/todos(?:\\/(\\d+))?\\/?$/.exec(url.pathname);',
    message:
      'Ids are validated by the path pattern itself: /todos/:id matches digits only, so /todos/abc is a 404; invalid JSON is a 400 and an unknown method a 405.',
    reports: {
      [q2]: 'The path pattern only matches numeric ids, so /todos/abc answers 404 rather than 400; unparsable JSON answers 400 and other methods 405.',
    },
  },
  {
    severity: 'info',
    path: 'test/todos.test.ts',
    line: 23,
    anchor: "test('validates input'",
    message:
      'The tests cover creating, updating and removing todos and two validation cases (a blank title, a non-boolean done); over-long titles are not tested.',
    reports: { [q3]: "'validates input' checks a blank title and a non-boolean done; titles over 200 characters and non-object bodies have no test." },
  },
  {
    severity: 'info',
    path: 'test/todos.test.ts',
    line: 3,
    anchor: "import { TodoStore } from '../src/store.ts';",
    message: 'No test covers src/routes.ts: the HTTP layer (status codes, invalid JSON, 404 and 405) is untested.',
    reports: { [q3]: 'The tests import only the store and the validators: src/routes.ts, the whole HTTP layer, has no test.' },
  },
];

/** Each question's answer in one sentence, as its agent's summary and in the report's summary. */
export const RESEARCH_ANSWERS: Readonly<Record<string, string>> = {
  [q1]: 'Todos live in memory in a Map inside TodoStore (src/store.ts), with ids from a counter, so nothing survives a restart.',
  [q2]: 'Routes validate bodies with parseNewTodo and parseTodoPatch (src/todo.ts) and ids with the path pattern, answering 400 or 404 with { error }.',
  [q3]: 'The tests cover the store and the validators; the HTTP routes have no test.',
};

function researcher(taskId: string, opening: AgentStep, say: string): AgentScript {
  const answer = RESEARCH_ANSWERS[taskId] ?? 'Answered.';
  return {
    taskId,
    steps: [opening, step(say, ...findingsOf(RESEARCH_FACTS, taskId).map(report)), step('That answers the question.', finish(answer))],
  };
}

/** One scripted agent per question, by task id. */
export const RESEARCH_AGENTS: readonly AgentScript[] = [
  researcher(
    q1,
    step('The store is where todos are kept; reading it.', read('src/store.ts')),
    'Storage is a Map in memory; ids and timestamps are set in create().',
  ),
  researcher(
    q2,
    step('Validation happens between the handler and the model; reading both.', read('src/routes.ts'), read('src/todo.ts')),
    'Bodies are checked by the model module, ids by the route pattern.',
  ),
  researcher(q3, step('Reading the test file to see what it covers.', read('test/todos.test.ts')), 'Three tests, all below the HTTP layer.'),
];

/** The split call's answer: the demo's three questions as JSON text. */
export const researchSplitTurn: TurnFunction = () => paced(reply([JSON.stringify(DEMO_RESEARCH_SPLIT)]));
