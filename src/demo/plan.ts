/**
 * The plan the demo's planner submits for `DEMO_REQUEST` (scenario.ts): a contract task that
 * extends the todo model, five implementers (dates, store, routes, tests, docs) and one reviewer,
 * with the exact instructions, ownership and dependencies a good plan has (it passes plan lint with
 * no finding).
 */
import type { TaskSpec } from '../core/plan/plan';

const types: TaskSpec = {
  id: 'types',
  title: 'Add dueDate to the todo model',
  phase: 'contract',
  role: 'Types',
  instructions: [
    'Extend src/todo.ts, which stays the one file for the model and its validation (CLAUDE.md). A due date is a calendar date written YYYY-MM-DD:',
    '- `export interface Todo` gains `readonly dueDate?: string` (absent when the todo has none).',
    '- `export interface NewTodo { readonly title: string; readonly dueDate?: string }`',
    '- `export interface TodoPatch { readonly title?: string; readonly done?: boolean; readonly dueDate?: string | null }` (null clears the date).',
    '- `export function isDueDate(value: unknown): value is string`: true only for a real calendar date (2025-02-30 is refused).',
    "- `parseNewTodo(body: unknown): Validation<NewTodo>` accepts an optional dueDate and refuses a bad one with the error 'dueDate must be a date written YYYY-MM-DD'; `parseTodoPatch(body: unknown): Validation<TodoPatch>` accepts such a date or null.",
    'Keep every existing name and behaviour: a body without dueDate parses exactly as before. TodoStore (src/store.ts), the routes and the tests build on these types as written here.',
  ].join('\n'),
  owns: ['src/todo.ts'],
  reads: ['src/todo.ts', 'CLAUDE.md'],
  dependsOn: [],
};

const dates: TaskSpec = {
  id: 'dates',
  title: 'Date helpers: today, overdue, order',
  phase: 'implement',
  role: 'Domain logic',
  instructions: [
    'Create src/dates.ts with the date logic of the feature, and change no other file:',
    '- `export function todayIso(now: Date = new Date()): string`: the date part of `now.toISOString()` (UTC, like createdAt).',
    '- `export function isOverdue(todo: Todo, today: string): boolean`: the todo is not done, has a dueDate, and the dueDate is before `today` (both YYYY-MM-DD, so string order is date order).',
    '- `export function byDueDate(a: Todo, b: Todo): number`: a sort comparator, earliest dueDate first, todos without one last, ties by id.',
    "Import the type with `import type { Todo } from './todo.ts'`.",
  ].join('\n'),
  owns: ['src/dates.ts'],
  reads: ['src/todo.ts'],
  dependsOn: ['types'],
};

const store: TaskSpec = {
  id: 'store',
  title: 'Keep due dates in the store',
  phase: 'implement',
  role: 'Store',
  instructions: [
    'In src/store.ts (class TodoStore keeps its method signatures):',
    '- `create(input: NewTodo, now = new Date()): Todo` copies input.dueDate onto the new todo when it is given and leaves the property out otherwise.',
    '- `update(id: number, patch: TodoPatch): Todo | undefined` sets dueDate from the patch, removes it when the patch has `dueDate: null`, and leaves it as it is when the patch has none.',
    'Write the setting and clearing as a module-private `function withDueDate(todo: Todo, dueDate: string | null | undefined): Todo` in src/store.ts.',
  ].join('\n'),
  owns: ['src/store.ts'],
  reads: ['src/store.ts', 'src/todo.ts'],
  dependsOn: ['types'],
};

const routes: TaskSpec = {
  id: 'routes',
  title: 'GET /todos/overdue',
  phase: 'implement',
  role: 'API routes',
  instructions: [
    'Add the route GET /todos/overdue in src/routes.ts:',
    '- Change the factory to `export function createHandler(store: TodoStore, clock: () => Date = () => new Date())`; src/server.ts keeps calling `createHandler(store)`, tests pass a fixed clock.',
    "- GET /todos/overdue answers 200 with `store.list().filter((todo) => isOverdue(todo, todayIso(clock()))).sort(byDueDate)`; any other method on that path answers 405 `{ error: 'method not allowed' }`. Match it before the /todos/:id pattern.",
    "- Import byDueDate, isOverdue and todayIso from './dates.ts' (task dates). POST and PATCH already validate dueDate through parseNewTodo and parseTodoPatch.",
  ].join('\n'),
  owns: ['src/routes.ts'],
  reads: ['src/routes.ts', 'src/dates.ts'],
  dependsOn: ['types', 'dates'],
};

const tests: TaskSpec = {
  id: 'tests',
  title: 'Tests for due dates and the overdue route',
  phase: 'implement',
  role: 'Tests',
  instructions: [
    'Write test/dueDates.test.ts with node:test and node:assert/strict, like test/todos.test.ts (leave that file as it is). Tests, by name:',
    "- 'accepts an optional dueDate and refuses bad ones': parseNewTodo and parseTodoPatch from src/todo.ts, including 2025-02-30 and `dueDate: null` in a patch.",
    "- 'stores, changes and clears a due date': TodoStore.create and update from src/store.ts.",
    "- 'a todo is overdue when it is open and its due date has passed': isOverdue(todo: Todo, today: string), todayIso(now: Date) and byDueDate from src/dates.ts.",
    "- 'GET /todos/overdue lists open todos past their due date, earliest first': serve `createHandler(store, () => new Date('2025-04-15T12:00:00Z'))` with node:http on 127.0.0.1, port 0, and fetch the route.",
  ].join('\n'),
  owns: ['test/dueDates.test.ts'],
  reads: ['test/todos.test.ts'],
  dependsOn: ['types', 'dates', 'store', 'routes'],
};

const docs: TaskSpec = {
  id: 'docs',
  title: 'Document due dates in the README',
  phase: 'implement',
  role: 'Docs',
  instructions: [
    'Update README.md:',
    '- Add GET /todos/overdue to the route table; show dueDate in the POST body (`{ "title": "Buy milk", "dueDate": "2025-05-01" }`) and `{ "dueDate": null }` (clears it) in the PATCH row.',
    '- Add a short paragraph under the table: dueDate is optional and written YYYY-MM-DD; a todo is overdue when it is not done and its due date is before today (UTC); the overdue list is sorted earliest first.',
    "- Remove the due dates line from 'Ideas for the next feature'.",
  ].join('\n'),
  owns: ['README.md'],
  reads: ['README.md'],
  dependsOn: ['types'],
};

const review: TaskSpec = {
  id: 'review',
  title: 'Review the due dates feature',
  phase: 'validate',
  role: 'Reviewer',
  instructions: [
    'Review the combined staged changes against the request: dueDate validated in src/todo.ts and kept by src/store.ts; GET /todos/overdue in src/routes.ts built on src/dates.ts; test/dueDates.test.ts covering each new function and the route; README.md up to date; the conventions in CLAUDE.md (.ts import extensions, import type, no new dependencies).',
    'Report each problem with report_finding (severity, path, line, what to change) and nothing that is fine, then call finish with a one-line verdict.',
  ].join('\n'),
  owns: [],
  reads: ['src/dates.ts', 'src/routes.ts', 'test/dueDates.test.ts'],
  dependsOn: [],
};

/** The tasks in plan order: contract first, then implementers, then the reviewer. */
export const DEMO_TASKS: readonly TaskSpec[] = [types, dates, store, routes, tests, docs, review];
