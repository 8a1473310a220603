/** Answers one request with one scripted turn, or with the fake's own compaction block. */
import { shapeContent } from './answerShape';
import type { Exchange } from './exchange';
import type { HttpErrorTurn, JsonObject, MessageSpec, Turn } from './script';
import { errorBody, renderMessage, type CompactionBlockSpec, type RenderedMessage, type SseFrame } from './sse';
import type { ThinkingPlan } from './thinkingPlan';

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

/** What the answer depends on besides the script: the request, the model and the server's signing key. */
export interface AnswerContext {
  /** The request's model, used when the turn names none. */
  readonly model: string;
  /** `usage.input_tokens` when the turn gives none. */
  readonly inputTokens: number;
  readonly plan: ThinkingPlan;
  readonly signThinking: (thinking: string) => string;
  /** Told the tool_use ids of every answer sent and whether it carried a thinking block. */
  readonly onIssued: (toolUseIds: readonly string[], hadThinking: boolean) => void;
}

const STATUS_FOR_STREAM_ERROR: Readonly<Record<string, number>> = { overloaded_error: 529, rate_limit_error: 429 };

/** Content streamed before a fault when the turn names none. */
const PARTIAL_CONTENT: MessageSpec['content'] = [{ type: 'text', text: 'Partial answer that never finishes.' }];

export function sendError(
  exchange: Exchange,
  status: number,
  type: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
  details?: { readonly error_code: string },
): void {
  exchange.json(status, errorBody(type, message, exchange.requestId, details === undefined ? undefined : { ...details }), headers);
}

/** An error made by the fake itself (bad script, no route): the SDK is told not to retry it. */
export function sendDiagnostic(exchange: Exchange, outcome: string, status: number, type: string, message: string): void {
  exchange.entry.outcome = outcome;
  sendError(exchange, status, type, `Fanout fake Messages API: ${message}`, { 'x-should-retry': 'false' });
}

export function respondWithTurn(exchange: Exchange, turn: Turn, settings: ResponseSettings, answer: AnswerContext): void {
  exchange.entry.outcome = turn.kind;
  if (turn.kind === 'httpError') {
    sendHttpError(exchange, turn);
    return;
  }
  const { entry } = exchange;
  const spec: MessageSpec = { ...turn, content: shapeContent(turn.content ?? PARTIAL_CONTENT, answer.plan) };
  const delayMs = turn.eventDelayMs ?? settings.eventDelayMs;
  const rendered = renderMessage(spec, {
    messageId: `msg_fake_${entry.seq}`,
    model: answer.model,
    requestBytes: entry.bodyBytes,
    inputTokens: answer.inputTokens,
    toolIdPrefix: `toolu_fake_${entry.seq}`,
    deltaChars: turn.deltaChars ?? settings.deltaChars,
    pings: settings.pings,
    signThinking: answer.signThinking,
  });
  const { frames } = rendered;
  const blocks = rendered.message.content as JsonObject[];
  answer.onIssued(
    blocks.filter((block) => block.type === 'tool_use').map((block) => block.id as string),
    blocks.some((block) => block.type === 'thinking'),
  );
  if (turn.kind === 'message') {
    sendRendered(exchange, rendered, delayMs);
    return;
  }

  if (!entry.stream) {
    const wait = turn.afterFrames * delayMs;
    switch (turn.kind) {
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

/**
 * Answers a compaction request with its block alone and `stop_reason: "compaction"`; streamed, the
 * block arrives whole in `content_block_start`.
 * https://platform.claude.com/docs/en/build-with-claude/compaction-on-demand
 */
export function respondWithCompaction(
  exchange: Exchange,
  settings: ResponseSettings,
  block: CompactionBlockSpec,
  answer: Pick<AnswerContext, 'model' | 'inputTokens'>,
): void {
  const { entry } = exchange;
  entry.outcome = 'compaction';
  const rendered = renderMessage(
    { content: [block], stopReason: 'compaction' },
    {
      messageId: `msg_fake_${entry.seq}`,
      model: answer.model,
      requestBytes: entry.bodyBytes,
      inputTokens: answer.inputTokens,
      toolIdPrefix: `toolu_fake_${entry.seq}`,
      deltaChars: settings.deltaChars,
      pings: settings.pings,
    },
  );
  sendRendered(exchange, rendered, settings.eventDelayMs);
}

/** A complete answer: SSE frames when the request streams, else the Message after as long as the frames would take. */
function sendRendered(exchange: Exchange, { message, frames }: RenderedMessage, delayMs: number): void {
  if (!exchange.entry.stream) {
    exchange.later(frames.length * delayMs, () => exchange.json(200, message));
    return;
  }
  exchange.startStream();
  exchange.writeFrames(frames, delayMs, () => exchange.endStream());
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
