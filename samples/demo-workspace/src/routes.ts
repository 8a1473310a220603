import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TodoStore } from './store.ts';
import { parseNewTodo, parseTodoPatch } from './todo.ts';

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length === 0 ? undefined : JSON.parse(text);
}

export function createHandler(store: TodoStore) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/todos(?:\/(\d+))?\/?$/.exec(url.pathname);
    if (!match) return send(res, 404, { error: 'not found' });
    const id = match[1] === undefined ? undefined : Number(match[1]);

    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return send(res, 400, { error: 'body is not valid JSON' });
    }

    if (id === undefined) {
      if (req.method === 'GET') return send(res, 200, store.list());
      if (req.method === 'POST') {
        const parsed = parseNewTodo(body);
        return parsed.ok ? send(res, 201, store.create(parsed.value)) : send(res, 400, { error: parsed.error });
      }
      return send(res, 405, { error: 'method not allowed' });
    }

    if (req.method === 'GET') {
      const todo = store.get(id);
      return todo ? send(res, 200, todo) : send(res, 404, { error: `todo ${id} not found` });
    }
    if (req.method === 'PATCH') {
      const parsed = parseTodoPatch(body);
      if (!parsed.ok) return send(res, 400, { error: parsed.error });
      const todo = store.update(id, parsed.value);
      return todo ? send(res, 200, todo) : send(res, 404, { error: `todo ${id} not found` });
    }
    if (req.method === 'DELETE') {
      return store.remove(id) ? send(res, 204) : send(res, 404, { error: `todo ${id} not found` });
    }
    return send(res, 405, { error: 'method not allowed' });
  };
}
