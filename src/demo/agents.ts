/**
 * What each of the demo's agents says and does, turn by turn: a short explanation, then the tool
 * calls. One agent is rate-limited once (`rateLimitedAt`), the store agent tries to edit a file the
 * contract task owns and recovers, and the reviewer reports one warning.
 */
import type { JsonObject, ToolUseBlockSpec } from '../fakeApi/script';
import { toolUse } from '../fakeApi/turns';
import { finish, read, step, type AgentScript } from './agentScript';
import { DATES_TS, DENIED_TODO_EDIT, ROUTES_EDITS, STORE_EDITS, TODAY_ISO_LINE, TODO_TS, type DemoEdit } from './files';
import { DUE_DATES_TEST_TS, README_EDITS } from './testAndDocs';

const write = (path: string, content: string): ToolUseBlockSpec => toolUse('write_file', { path, content });
const edit = (path: string, change: DemoEdit): ToolUseBlockSpec => toolUse('edit_file', { path, old_text: change.oldText, new_text: change.newText });

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`demo script: no item ${index}`);
  return item;
}

const types: AgentScript = {
  taskId: 'types',
  steps: [
    step('I will start from the current model and its validation in src/todo.ts.', read('src/todo.ts')),
    step(
      'Todo and NewTodo get an optional `dueDate` (YYYY-MM-DD), and `TodoPatch.dueDate` may be null to clear it. ' +
        'An exported `isDueDate` checks for a real calendar date, so 2025-02-30 is refused; bodies without a due date parse exactly as before.',
      write('src/todo.ts', TODO_TS),
    ),
    step(
      'The contract is in place.',
      finish(
        'Extended src/todo.ts: Todo.dueDate?: string, NewTodo.dueDate?: string, TodoPatch.dueDate?: string | null (null clears it), ' +
          'isDueDate(value: unknown): value is string. parseNewTodo and parseTodoPatch validate dueDate; bodies without one parse as before.',
      ),
    ),
  ],
};

const dates: AgentScript = {
  taskId: 'dates',
  rateLimitedAt: 1,
  steps: [
    step('I need the Todo type from the contract; let me see it as the types task left it.', read('src/todo.ts')),
    step(
      'dueDate is a YYYY-MM-DD string, so string order is date order and no date library is needed. ' +
        'Writing src/dates.ts with todayIso, isOverdue and the byDueDate comparator.',
      write('src/dates.ts', DATES_TS),
    ),
    step(
      'Done.',
      finish(
        'Created src/dates.ts: todayIso(now?: Date): string (UTC), isOverdue(todo: Todo, today: string): boolean, byDueDate(a: Todo, b: Todo): number (earliest first, undated last).',
      ),
    ),
  ],
};

const store: AgentScript = {
  taskId: 'store',
  steps: [
    step('Reading the store and the model the contract task extended.', read('src/store.ts'), read('src/todo.ts')),
    step('`create` copies the due date onto the new todo when one is given.', edit('src/store.ts', at(STORE_EDITS, 0))),
    step(
      'Clearing means removing the property when the patch has `dueDate: null`. A `withoutDueDate` helper would sit well next to the model, so I will add it to src/todo.ts.',
      edit('src/todo.ts', DENIED_TODO_EDIT),
    ),
    step(
      'src/todo.ts belongs to the types task, so I leave it alone and keep the helper private to the store instead.',
      edit('src/store.ts', at(STORE_EDITS, 1)),
      edit('src/store.ts', at(STORE_EDITS, 2)),
    ),
    step(
      'The store keeps, changes and clears due dates.',
      finish(
        'src/store.ts: create() keeps input.dueDate, update() sets it, clears it on dueDate: null and leaves it otherwise, through a private withDueDate(). ' +
          'My first try put a helper in src/todo.ts, which the types task owns; it stays private in the store, so nothing is needed there.',
      ),
    ),
  ],
};

const routes: AgentScript = {
  taskId: 'routes',
  steps: [
    step('Let me look at the handler and at the date helpers the dates task wrote.', read('src/routes.ts'), read('src/dates.ts')),
    step(
      'Today /todos/overdue would fall through to a 404, since the /todos/:id pattern only takes digits. First the imports.',
      edit('src/routes.ts', at(ROUTES_EDITS, 0)),
    ),
    step('Now the route, matched before the id pattern, with an injectable clock so tests can fix today.', edit('src/routes.ts', at(ROUTES_EDITS, 1))),
    step(
      'The route is in.',
      finish(
        'src/routes.ts: createHandler(store, clock = () => new Date()); GET /todos/overdue returns open todos due before today, earliest first; other methods on it get 405. server.ts needs no change.',
      ),
    ),
  ],
};

const tests: AgentScript = {
  taskId: 'tests',
  steps: [
    step(
      'Reading the existing tests for their style, and checking what the feature exports.',
      read('test/todos.test.ts'),
      toolUse('search_text', { query: 'export function', glob: 'src/**/*.ts' }),
    ),
    step(
      'Same style: node:test and assert/strict, one test per new function and one for the route, served on port 0 with a fixed clock.',
      write('test/dueDates.test.ts', DUE_DATES_TEST_TS),
    ),
    step(
      'Tests written.',
      finish(
        'Created test/dueDates.test.ts: parsing and validation, store create/update/clear, isOverdue/todayIso/byDueDate, and GET /todos/overdue over HTTP (plus 405 and a 400 for a bad dueDate).',
      ),
    ),
  ],
};

const docs: AgentScript = {
  taskId: 'docs',
  steps: [
    step('Reading the README to see how routes are documented.', read('README.md')),
    step(
      'The README should say exactly what the API accepts, so let me check how dueDate is validated.',
      toolUse('search_text', { query: 'dueDate', glob: 'src/todo.ts' }),
    ),
    step('Adding the overdue route and the dueDate bodies to the table, with a short note on what overdue means.', edit('README.md', at(README_EDITS, 0))),
    step('Due dates are no longer an idea for later, so that line goes.', edit('README.md', at(README_EDITS, 1))),
    step(
      'README updated.',
      finish(
        'README.md: GET /todos/overdue in the route table, dueDate in the POST and PATCH bodies, a paragraph on the date format and on overdue; removed the due dates idea.',
      ),
    ),
  ],
};

const FINDING: JsonObject = {
  severity: 'warning',
  path: 'src/dates.ts',
  line: TODAY_ISO_LINE,
  message:
    'todayIso() takes today in UTC, so west of UTC a todo due today counts as overdue from the evening on. ' +
    'Fine for a server that runs in UTC; otherwise compute the local date or let clients pass a time zone.',
};

const review: AgentScript = {
  taskId: 'review',
  steps: [
    step('Reading the staged changes, starting with the new logic and the route.', read('src/dates.ts'), read('src/routes.ts'), read('src/store.ts')),
    step(
      'Checking that every use of dueDate goes through the contract, and reading the tests and README.',
      toolUse('search_text', { query: 'dueDate', glob: 'src/**/*.ts' }),
      read('test/dueDates.test.ts'),
      read('README.md'),
    ),
    step(
      'The code follows the plan and CLAUDE.md: .ts imports, import type, no new dependencies, a test per function and for the route. One thing is worth a look: what "today" means.',
      toolUse('report_finding', FINDING),
    ),
    step(
      'Review complete.',
      finish('Due dates are complete and consistent across model, store, route, tests and README. One warning: todayIso() uses UTC (src/dates.ts).'),
    ),
  ],
};

/** Every agent of the demo plan, by task id. */
export const DEMO_AGENTS: readonly AgentScript[] = [types, dates, store, routes, tests, docs, review];
