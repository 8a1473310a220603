import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TodoStore } from '../src/store.ts';
import { parseNewTodo, parseTodoPatch } from '../src/todo.ts';

test('creates todos with increasing ids', () => {
  const store = new TodoStore();
  const a = store.create({ title: 'Buy milk' });
  const b = store.create({ title: 'Call the plumber' });
  assert.equal(a.id, 1);
  assert.equal(b.id, 2);
  assert.equal(store.list().length, 2);
});

test('updates and removes a todo', () => {
  const store = new TodoStore();
  const todo = store.create({ title: 'Water the plants' });
  assert.equal(store.update(todo.id, { done: true })?.done, true);
  assert.equal(store.remove(todo.id), true);
  assert.equal(store.get(todo.id), undefined);
});

test('validates input', () => {
  assert.equal(parseNewTodo({ title: '  ' }).ok, false);
  assert.deepEqual(parseNewTodo({ title: ' Read ' }), { ok: true, value: { title: 'Read' } });
  assert.equal(parseTodoPatch({ done: 'yes' }).ok, false);
});
