/**
 * What the demo's agents write into the sample workspace (`samples/demo-workspace`, a todo API):
 * whole files for `write_file`, and exact `old_text` / `new_text` pairs for `edit_file`, taken from
 * the sample as it is shipped. Together they are a correct, type-checking change in the sample's own
 * style (`.ts` import extensions, `import type`, no enums, no new dependencies).
 */

/** One `edit_file` call: `oldText` occurs exactly once in the file the agent sees. */
export interface DemoEdit {
  readonly oldText: string;
  readonly newText: string;
}

/** src/todo.ts as the contract task leaves it: the model and its validation, with an optional due date. */
export const TODO_TS = `export interface Todo {
  readonly id: number;
  readonly title: string;
  readonly done: boolean;
  readonly createdAt: string;
  /** Calendar date the todo is due, \`YYYY-MM-DD\`; absent when it has none. */
  readonly dueDate?: string;
}

export interface NewTodo {
  readonly title: string;
  readonly dueDate?: string;
}

export interface TodoPatch {
  readonly title?: string;
  readonly done?: boolean;
  /** A new due date, or \`null\` to clear it. */
  readonly dueDate?: string | null;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const MAX_TITLE = 200;
const DUE_DATE = /^\\d{4}-\\d{2}-\\d{2}$/;

function validTitle(title: unknown): string | undefined {
  if (typeof title !== 'string') return undefined;
  const trimmed = title.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_TITLE ? trimmed : undefined;
}

/** A real calendar date written \`YYYY-MM-DD\` (\`2025-02-30\` is not one). */
export function isDueDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DUE_DATE.test(value)) return false;
  const date = new Date(\`\${value}T00:00:00Z\`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function parseNewTodo(body: unknown): Validation<NewTodo> {
  if (typeof body !== 'object' || body === null) return { ok: false, error: 'body must be a JSON object' };
  const raw = body as { title?: unknown; dueDate?: unknown };
  const title = validTitle(raw.title);
  if (title === undefined) return { ok: false, error: \`title is required (1-\${MAX_TITLE} characters)\` };
  if (raw.dueDate === undefined) return { ok: true, value: { title } };
  if (!isDueDate(raw.dueDate)) return { ok: false, error: 'dueDate must be a date written YYYY-MM-DD' };
  return { ok: true, value: { title, dueDate: raw.dueDate } };
}

export function parseTodoPatch(body: unknown): Validation<TodoPatch> {
  if (typeof body !== 'object' || body === null) return { ok: false, error: 'body must be a JSON object' };
  const raw = body as { title?: unknown; done?: unknown; dueDate?: unknown };
  const patch: { title?: string; done?: boolean; dueDate?: string | null } = {};
  if (raw.title !== undefined) {
    const title = validTitle(raw.title);
    if (title === undefined) return { ok: false, error: \`title must be 1-\${MAX_TITLE} characters\` };
    patch.title = title;
  }
  if (raw.done !== undefined) {
    if (typeof raw.done !== 'boolean') return { ok: false, error: 'done must be a boolean' };
    patch.done = raw.done;
  }
  if (raw.dueDate !== undefined) {
    if (raw.dueDate !== null && !isDueDate(raw.dueDate)) {
      return { ok: false, error: 'dueDate must be a date written YYYY-MM-DD, or null to clear it' };
    }
    patch.dueDate = raw.dueDate;
  }
  return { ok: true, value: patch };
}
`;

/** src/dates.ts, new: what "overdue" means and in which order the overdue list comes. */
export const DATES_TS = `import type { Todo } from './todo.ts';

/** Today's calendar date, \`YYYY-MM-DD\`, in UTC like \`createdAt\`. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** True when the todo is still open and its due date is before \`today\` (both \`YYYY-MM-DD\`). */
export function isOverdue(todo: Todo, today: string): boolean {
  return !todo.done && todo.dueDate !== undefined && todo.dueDate < today;
}

/** Sort order for due dates: earliest first, todos without one last, ties by id. */
export function byDueDate(a: Todo, b: Todo): number {
  if (a.dueDate === b.dueDate) return a.id - b.id;
  if (a.dueDate === undefined) return 1;
  if (b.dueDate === undefined) return -1;
  return a.dueDate < b.dueDate ? -1 : 1;
}
`;

/** The line of `todayIso` in src/dates.ts, where the reviewer's finding points. */
export const TODAY_ISO_LINE = DATES_TS.split('\n').findIndex((line) => line.startsWith('export function todayIso')) + 1;

/** src/store.ts: `create` keeps the due date, `update` sets or clears it. */
export const STORE_EDITS: readonly DemoEdit[] = [
  {
    oldText: '    const todo: Todo = { id: this.nextId++, title: input.title, done: false, createdAt: now.toISOString() };\n',
    newText: `    const todo: Todo = {
      id: this.nextId++,
      title: input.title,
      done: false,
      createdAt: now.toISOString(),
      ...(input.dueDate === undefined ? {} : { dueDate: input.dueDate }),
    };
`,
  },
  {
    oldText: '    const next: Todo = { ...current, ...patch };\n',
    newText: '    const { dueDate, ...changes } = patch;\n    const next = withDueDate({ ...current, ...changes }, dueDate);\n',
  },
  {
    oldText: '  remove(id: number): boolean {\n    return this.todos.delete(id);\n  }\n}\n',
    newText: `  remove(id: number): boolean {
    return this.todos.delete(id);
  }
}

/** \`todo\` with its due date set, removed (\`null\`) or left as it is (\`undefined\`). */
function withDueDate(todo: Todo, dueDate: string | null | undefined): Todo {
  if (dueDate === undefined) return todo;
  if (dueDate !== null) return { ...todo, dueDate };
  const { dueDate: _cleared, ...rest } = todo;
  return rest;
}
`,
  },
];

/** What the store agent first tries to add to src/todo.ts, which the contract task owns (refused). */
export const DENIED_TODO_EDIT: DemoEdit = {
  oldText: 'export type Validation<T>',
  newText: `/** The todo without its due date. */
export function withoutDueDate(todo: Todo): Todo {
  const { dueDate: _cleared, ...rest } = todo;
  return rest;
}

export type Validation<T>`,
};

/** src/routes.ts: the dates import, then \`GET /todos/overdue\` ahead of the \`/todos/:id\` pattern. */
export const ROUTES_EDITS: readonly DemoEdit[] = [
  {
    oldText: "import type { TodoStore } from './store.ts';\n",
    newText: "import { byDueDate, isOverdue, todayIso } from './dates.ts';\nimport type { TodoStore } from './store.ts';\n",
  },
  {
    oldText: `export function createHandler(store: TodoStore) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
`,
    newText: `export function createHandler(store: TodoStore, clock: () => Date = () => new Date()) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (/^\\/todos\\/overdue\\/?$/.test(url.pathname)) {
      if (req.method !== 'GET') return send(res, 405, { error: 'method not allowed' });
      const today = todayIso(clock());
      return send(res, 200, store.list().filter((todo) => isOverdue(todo, today)).sort(byDueDate));
    }
`,
  },
];
