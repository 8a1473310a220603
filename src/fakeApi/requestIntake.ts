/**
 * Request intake for the fake Messages API: reads a request's body and turns it into its entry in the
 * server's request log (the body parsed when it is a JSON object, headers lower-cased, the text routes
 * match against), and reads the API key the request carries.
 */
import type { IncomingMessage } from 'node:http';
import type { Mutable } from './exchange';
import { matchTextOf } from './routing';
import type { JsonObject, JsonValue, LoggedRequest } from './script';

export function readBody(req: IncomingMessage, done: (raw: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (piece: Buffer) => chunks.push(piece));
  req.on('end', () => done(Buffer.concat(chunks)));
  req.on('error', () => undefined);
}

export function logEntry(seq: number, req: IncomingMessage, raw: Buffer): Mutable<LoggedRequest> {
  const body = parseObject(raw);
  return {
    seq,
    method: req.method ?? 'GET',
    path: (req.url ?? '/').split('?')[0],
    headers: headersOf(req),
    body,
    bodyBytes: raw.length,
    stream: body?.stream === true,
    matchText: matchTextOf(body),
    route: null,
    turnIndex: null,
    outcome: 'pending',
    rejection: undefined,
    receivedAt: Date.now(),
    status: undefined,
    aborted: false,
    endedAt: undefined,
  };
}

/** The key from `x-api-key`, else from `authorization: Bearer`. */
export function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') {
    return header;
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1];
}

function parseObject(raw: Buffer): JsonObject | null {
  if (raw.length === 0) {
    return null;
  }
  try {
    const value = JSON.parse(raw.toString('utf8')) as JsonValue;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}
