/**
 * The demo's test file and README change for the sample workspace (see `files.ts` for the source).
 */
import type { DemoEdit } from './files';

/** test/dueDates.test.ts, new: one test per function the feature adds, and one for the new route. */
export const DUE_DATES_TEST_TS = `import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { byDueDate, isOverdue, todayIso } from '../src/dates.ts';
import { createHandler } from '../src/routes.ts';
import { TodoStore } from '../src/store.ts';
import type { Todo } from '../src/todo.ts';
import { parseNewTodo, parseTodoPatch } from '../src/todo.ts';

const open: Todo = { id: 1, title: 'File taxes', done: false, createdAt: '2025-01-01T09:00:00.000Z' };

test('accepts an optional dueDate and refuses bad ones', () => {
  assert.deepEqual(parseNewTodo({ title: 'Pay rent', dueDate: '2025-05-01' }), { ok: true, value: { title: 'Pay rent', dueDate: '2025-05-01' } });
  assert.equal(parseNewTodo({ title: 'Pay rent', dueDate: '2025-02-30' }).ok, false);
  assert.equal(parseNewTodo({ title: 'Pay rent', dueDate: 'tomorrow' }).ok, false);
  assert.deepEqual(parseTodoPatch({ dueDate: null }), { ok: true, value: { dueDate: null } });
  assert.equal(parseTodoPatch({ dueDate: 20250501 }).ok, false);
});

test('stores, changes and clears a due date', () => {
  const store = new TodoStore();
  const todo = store.create({ title: 'Renew passport', dueDate: '2025-06-01' });
  assert.equal(todo.dueDate, '2025-06-01');
  assert.equal(store.update(todo.id, { dueDate: '2025-07-01' })?.dueDate, '2025-07-01');
  assert.equal(store.update(todo.id, { done: true })?.dueDate, '2025-07-01');
  const cleared = store.update(todo.id, { dueDate: null });
  assert.ok(cleared);
  assert.equal('dueDate' in cleared, false);
});

test('a todo is overdue when it is open and its due date has passed', () => {
  assert.equal(isOverdue({ ...open, dueDate: '2025-04-14' }, '2025-04-15'), true);
  assert.equal(isOverdue({ ...open, dueDate: '2025-04-15' }, '2025-04-15'), false);
  assert.equal(isOverdue({ ...open, done: true, dueDate: '2025-04-14' }, '2025-04-15'), false);
  assert.equal(isOverdue(open, '2025-04-15'), false);
  assert.equal(todayIso(new Date('2025-04-15T10:30:00Z')), '2025-04-15');
  const sorted = [{ ...open, id: 3 }, { ...open, id: 2, dueDate: '2025-05-01' }, { ...open, id: 4, dueDate: '2025-03-01' }].sort(byDueDate);
  assert.deepEqual(sorted.map((todo) => todo.id), [4, 2, 3]);
});

test('GET /todos/overdue lists open todos past their due date, earliest first', async () => {
  const store = new TodoStore();
  store.create({ title: 'Book the venue', dueDate: '2025-05-01' });
  store.create({ title: 'Send invitations', dueDate: '2025-03-01' });
  store.create({ title: 'Choose a theme' });
  const paid = store.create({ title: 'Pay the deposit', dueDate: '2025-02-01' });
  store.update(paid.id, { done: true });
  store.create({ title: 'Order the cake', dueDate: '2025-04-01' });

  const handler = createHandler(store, () => new Date('2025-04-15T12:00:00Z'));
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const base = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;
    const response = await fetch(\`\${base}/todos/overdue\`);
    assert.equal(response.status, 200);
    const titles = ((await response.json()) as Todo[]).map((todo) => todo.title);
    assert.deepEqual(titles, ['Send invitations', 'Order the cake']);
    assert.equal((await fetch(\`\${base}/todos/overdue\`, { method: 'DELETE' })).status, 405);
    const invalid = await fetch(\`\${base}/todos\`, { method: 'POST', body: JSON.stringify({ title: 'Party', dueDate: 'soon' }) });
    assert.equal(invalid.status, 400);
  } finally {
    server.close();
  }
});
`;

/** README.md: the route table with the new route and bodies, and what "overdue" means. */
export const README_EDITS: readonly DemoEdit[] = [
  {
    oldText: `| Method | Path             | Body                        | Result                |
| ------ | ---------------- | --------------------------- | --------------------- |
| GET    | \`/todos\`         |                             | \`200\` all todos       |
| POST   | \`/todos\`         | \`{ "title": "Buy milk" }\`   | \`201\` the new todo    |
| GET    | \`/todos/:id\`     |                             | \`200\` or \`404\`        |
| PATCH  | \`/todos/:id\`     | \`{ "done": true }\`          | \`200\` or \`404\`        |
| DELETE | \`/todos/:id\`     |                             | \`204\` or \`404\`        |
`,
    newText: `| Method | Path             | Body                                               | Result                               |
| ------ | ---------------- | -------------------------------------------------- | ------------------------------------ |
| GET    | \`/todos\`         |                                                    | \`200\` all todos                      |
| GET    | \`/todos/overdue\` |                                                    | \`200\` open todos past their due date |
| POST   | \`/todos\`         | \`{ "title": "Buy milk", "dueDate": "2025-05-01" }\` | \`201\` the new todo                   |
| GET    | \`/todos/:id\`     |                                                    | \`200\` or \`404\`                       |
| PATCH  | \`/todos/:id\`     | \`{ "done": true }\`, \`{ "dueDate": null }\`          | \`200\` or \`404\`                       |
| DELETE | \`/todos/:id\`     |                                                    | \`204\` or \`404\`                       |

\`dueDate\` is optional: a calendar date written \`YYYY-MM-DD\`; \`PATCH\` with \`"dueDate": null\` clears it.
A todo is overdue when it is not done and its due date is before today (UTC). \`GET /todos/overdue\`
lists those, earliest due date first.
`,
  },
  {
    oldText: '- Due dates with an `overdue` filter (`GET /todos?overdue=true`)\n',
    newText: '',
  },
];
