import type { NewTodo, Todo, TodoPatch } from './todo.ts';

export class TodoStore {
  private readonly todos = new Map<number, Todo>();
  private nextId = 1;

  list(): Todo[] {
    return [...this.todos.values()];
  }

  get(id: number): Todo | undefined {
    return this.todos.get(id);
  }

  create(input: NewTodo, now = new Date()): Todo {
    const todo: Todo = { id: this.nextId++, title: input.title, done: false, createdAt: now.toISOString() };
    this.todos.set(todo.id, todo);
    return todo;
  }

  update(id: number, patch: TodoPatch): Todo | undefined {
    const current = this.todos.get(id);
    if (!current) return undefined;
    const next: Todo = { ...current, ...patch };
    this.todos.set(id, next);
    return next;
  }

  remove(id: number): boolean {
    return this.todos.delete(id);
  }
}
