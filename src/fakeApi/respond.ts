/** Answers one request with one scripted turn. */
import type { Exchange } from './exchange';
import type { HttpErrorTurn, MessageSpec, Turn } from './script';
import { errorBody, renderMessage, type SseFrame } from './sse';

export interface ResponseSettings {
  readonly eventDelayMs: number;
  readonly deltaChars: number;
  readonly pings: boolean;
}

const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Readonly<Record<string, string>> = {
  overloaded_error: 'Overloaded',
  rate_limit_error: 'Rate limited',
  api_error: 'Internal server error',
  authentication_error: 'invalid x-api-key',
};

const STATUS_FOR_STREAM_ERROR: Readonly<Record<string, number>> = { overloaded_error: 529, rate_limit_error: 429 };

/** Content streamed before a fault when the turn names none. */
const PARTIAL_CONTENT: MessageSpec['content'] = [{ type: 'text', text: 'Partial answer that never finishes.' }];

export function sendError(exchange: Exchange, status: number, type: string, message: string, headers: Readonly<Record<string, string>> = {}): void {
  exchange.json(status, errorBody(type, message, exchange.requestId), headers);
}

/** An error made by the fake itself (bad script, no route): the SDK is told not to retry it. */
export function sendDiagnostic(exchange: Exchange, outcome: string, status: number, type: string, message: string): void {
  exchange.entry.outcome = outcome;
  sendError(exchange, status, type, `Fanout fake Messages API: ${message}`, { 'x-should-retry': 'false' });
}

export function respondWithTurn(exchange: Exchange, turn: Turn, settings: ResponseSettings): void {
  exchange.entry.outcome = turn.kind;
  if (turn.kind === 'httpError') {
    sendHttpError(exchange, turn);
    return;
  }
  const { entry } = exchange;
  const spec: MessageSpec = { ...turn, content: turn.content ?? PARTIAL_CONTENT };
  const delayMs = turn.eventDelayMs ?? settings.eventDelayMs;
  const { message, frames } = renderMessage(spec, {
    messageId: `msg_fake_${entry.seq}`,
    model: typeof entry.body?.model === 'string' ? entry.body.model : 'claude-fake',
    requestBytes: entry.bodyBytes,
    toolIdPrefix: `toolu_fake_${entry.seq}`,
    deltaChars: turn.deltaChars ?? settings.deltaChars,
    pings: settings.pings,
  });

  if (!entry.stream) {
    const afterFrames = turn.kind === 'message' ? frames.length : turn.afterFrames;
    const wait = afterFrames * delayMs;
    switch (turn.kind) {
      case 'message':
        exchange.later(wait, () => exchange.json(200, message));
        return;
      case 'drop':
        exchange.later(wait, () => exchange.hangUp());
        return;
      case 'stall':
        return;
      case 'streamError': {
        const type = turn.errorType ?? 'overloaded_error';
        exchange.later(wait, () => sendError(exchange, STATUS_FOR_STREAM_ERROR[type] ?? 500, type, turn.message ?? defaultMessage(type)));
        return;
      }
    }
  }

  exchange.startStream();
  switch (turn.kind) {
    case 'message':
      exchange.writeFrames(frames, delayMs, () => exchange.endStream());
      return;
    case 'drop':
      exchange.writeFrames(frames.slice(0, turn.afterFrames), delayMs, () => exchange.hangUp());
      return;
    case 'stall':
      exchange.writeFrames(frames.slice(0, turn.afterFrames), delayMs, () => undefined);
      return;
    case 'streamError': {
      const type = turn.errorType ?? 'overloaded_error';
      const errorFrame: SseFrame = { event: 'error', data: errorBody(type, turn.message ?? defaultMessage(type), exchange.requestId) };
      exchange.writeFrames([...frames.slice(0, turn.afterFrames), errorFrame], delayMs, () => exchange.endStream());
      return;
    }
  }
}

function sendHttpError(exchange: Exchange, turn: HttpErrorTurn): void {
  const type = turn.errorType ?? ERROR_TYPES[turn.status] ?? (turn.status >= 500 ? 'api_error' : 'invalid_request_error');
  const headers: Record<string, string> = {};
  if (turn.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(turn.retryAfterMs);
  }
  if (turn.retryAfter !== undefined) {
    headers['retry-after'] = String(turn.retryAfter);
  }
  if (turn.shouldRetry !== undefined) {
    headers['x-should-retry'] = String(turn.shouldRetry);
  }
  sendError(exchange, turn.status, type, turn.message ?? defaultMessage(type), headers);
}

function defaultMessage(type: string): string {
  return ERROR_MESSAGES[type] ?? type.replace(/_/g, ' ');
}
