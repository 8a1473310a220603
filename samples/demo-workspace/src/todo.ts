export interface Todo {
  readonly id: number;
  readonly title: string;
  readonly done: boolean;
  readonly createdAt: string;
}

export interface NewTodo {
  readonly title: string;
}

export interface TodoPatch {
  readonly title?: string;
  readonly done?: boolean;
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const MAX_TITLE = 200;

function validTitle(title: unknown): string | undefined {
  if (typeof title !== 'string') return undefined;
  const trimmed = title.trim();
  return trimmed.length > 0 && trimmed.length <= MAX_TITLE ? trimmed : undefined;
}

export function parseNewTodo(body: unknown): Validation<NewTodo> {
  if (typeof body !== 'object' || body === null) return { ok: false, error: 'body must be a JSON object' };
  const title = validTitle((body as { title?: unknown }).title);
  if (title === undefined) return { ok: false, error: `title is required (1-${MAX_TITLE} characters)` };
  return { ok: true, value: { title } };
}

export function parseTodoPatch(body: unknown): Validation<TodoPatch> {
  if (typeof body !== 'object' || body === null) return { ok: false, error: 'body must be a JSON object' };
  const raw = body as { title?: unknown; done?: unknown };
  const patch: { title?: string; done?: boolean } = {};
  if (raw.title !== undefined) {
    const title = validTitle(raw.title);
    if (title === undefined) return { ok: false, error: `title must be 1-${MAX_TITLE} characters` };
    patch.title = title;
  }
  if (raw.done !== undefined) {
    if (typeof raw.done !== 'boolean') return { ok: false, error: 'done must be a boolean' };
    patch.done = raw.done;
  }
  return { ok: true, value: patch };
}
