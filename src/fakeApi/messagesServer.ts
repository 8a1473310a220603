/**
 * A fake of the Anthropic Messages API on 127.0.0.1 (port 0: the system picks a free port). Fanout's
 * demo mode serves its built-in scenario with it (`src/demo/`); the tests and the benchmark script it.
 * Pure Node (`node:http`), no `vscode`.
 *
 * It is at least as strict as the real API for each model in the model table (`strict/`): a request the
 * model would refuse gets the API's 400 before any script sees it (logged as `rejected`). Answers look
 * like the current models' (thinking blocks, signatures, narration between tool calls inside thinking;
 * see thinkingPlan.ts), and compaction requests are answered by the fake itself.
 *
 * `POST /v1/messages` answers from scripts routed by request content (see `Route`), streaming SSE when
 * the body has `stream: true`; `POST /v1/messages/count_tokens` answers `{input_tokens}` with the same
 * estimate the context-window check and `usage.input_tokens` use. Every request is logged in `requests`.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelSpec } from '../core/model/modelSpec';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../core/model/modelTable';
import { compactionBlock } from './compactionAnswer';
import { Exchange, type Mutable } from './exchange';
import { respondWithCompaction, respondWithTurn, sendDiagnostic, sendError, type AnswerContext, type ResponseSettings } from './respond';
import { matchTextOf, ScriptRouter } from './routing';
import type { JsonObject, JsonValue, LoggedRequest, Route, TurnSource } from './script';
import { prefixHash, ThinkingBinding } from './strict/binding';
import { checkCountTokensRequest, checkMessagesRequest, type RequestRejection } from './strict/checkRequest';
import { inputTokensOf } from './strict/contextWindow';
import { isSet } from './strict/rejection';
import { bindingModel } from './strict/thinkingBlocks';
import { thinkingPlanFor } from './thinkingPlan';
import { FakeAccountLimits, type FakeRateLimits } from './rateLimits';

export type * from './script';
export type { RequestRejection } from './strict/checkRequest';
export { checkCountTokensRequest, checkMessagesRequest } from './strict/checkRequest';
export { ThinkingBinding } from './strict/binding';
export { dropAfter, httpError, reply, stallAfter, streamErrorAfter, text, thinking, toolUse } from './turns';

export interface FakeMessagesApiOptions {
  routes?: readonly Route[];
  /** Answers requests no route matches; by default they get a 500 naming the problem. */
  fallback?: TurnSource;
  /** Delay before each streamed frame (non-streaming answers wait frames × delay). Default 0. */
  eventDelayMs?: number;
  /** Characters of text or tool-input JSON per delta frame. Default 16. */
  deltaChars?: number;
  /** Send a `ping` frame right after `message_start`. Default true. */
  pings?: boolean;
  /** When set, requests whose `x-api-key` / `authorization: Bearer` differ get 401 authentication_error. */
  requireApiKey?: string;
  /** The rules requests are checked against and answers shaped by. Default: the built-in table. */
  modelTable?: ModelTable;
  /** The account's rate limits (requests, input tokens per window); none by default. */
  rateLimits?: FakeRateLimits;
}

export interface FakeMessagesApi {
  /** `http://127.0.0.1:PORT`, without `/v1`: pass it to the SDK as `baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  /** Every request in arrival order; entries are updated in place as responses end. */
  readonly requests: readonly LoggedRequest[];
  /** Replaces all routes and resets their cursors. */
  script(routes: readonly Route[]): void;
  /** Sets the answer for requests no route matches; undefined restores the default 500. */
  setHandler(fallback: TurnSource | undefined): void;
  /** Requests refused with 429 because they were over `rateLimits`. */
  readonly rateLimited: () => number;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
  /** Destroys open connections (stalled streams included) and stops listening. */
  close(): Promise<void>;
}

export async function startFakeMessagesApi(options: FakeMessagesApiOptions = {}): Promise<FakeMessagesApi> {
  const router = new ScriptRouter(options.routes);
  const table = options.modelTable ?? DEFAULT_MODEL_TABLE;
  const binding = new ThinkingBinding();
  let fallback = options.fallback;
  const settings: ResponseSettings = {
    eventDelayMs: options.eventDelayMs ?? 0,
    deltaChars: options.deltaChars ?? 16,
    pings: options.pings ?? true,
  };
  const requests: LoggedRequest[] = [];
  const account = options.rateLimits !== undefined ? new FakeAccountLimits(options.rateLimits) : undefined;
  const live = new Set<Exchange>();
  let inFlight = 0;
  let idleWaiters: Array<() => void> = [];

  const settle = (): void => {
    inFlight -= 1;
    if (inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      waiters.forEach((resolve) => resolve());
    }
  };

  const server = createServer((req, res) => {
    inFlight += 1;
    let settled = false;
    res.on('close', () => {
      if (!settled) {
        settled = true;
        settle();
      }
    });
    readBody(req, (raw) => {
      const entry = logEntry(requests.length, req, raw);
      requests.push(entry);
      const exchange = new Exchange(entry, res, (ended) => live.delete(ended));
      live.add(exchange);
      void handle(exchange, req).catch((error: unknown) => {
        sendDiagnostic(exchange, 'handler_error', 500, 'api_error', `turn function failed: ${describe(error)}`);
      });
    });
  });

  const handle = async (exchange: Exchange, req: IncomingMessage): Promise<void> => {
    const { entry } = exchange;
    if (entry.method !== 'POST' || (entry.path !== '/v1/messages' && entry.path !== '/v1/messages/count_tokens')) {
      sendDiagnostic(exchange, 'not_found', 404, 'not_found_error', `no endpoint ${entry.method} ${entry.path}`);
      return;
    }
    if (options.requireApiKey !== undefined && apiKeyOf(req) !== options.requireApiKey) {
      entry.outcome = 'unauthorized';
      sendError(exchange, 401, 'authentication_error', 'invalid x-api-key');
      return;
    }
    if (entry.body === null) {
      sendDiagnostic(exchange, 'invalid_json', 400, 'invalid_request_error', 'request body is not a JSON object');
      return;
    }
    const body = entry.body;
    const state = { binding, bodyBytes: entry.bodyBytes };
    if (entry.path === '/v1/messages/count_tokens') {
      const rejection = checkCountTokensRequest(body, table, entry.headers, state);
      if (rejection !== null) {
        reject(exchange, rejection);
        return;
      }
      entry.outcome = 'count_tokens';
      exchange.json(200, { input_tokens: inputTokensOf(table.resolve(body.model as string).spec, entry.bodyBytes) });
      return;
    }
    const rejection = checkMessagesRequest(body, table, entry.headers, state);
    if (rejection !== null) {
      reject(exchange, rejection);
      return;
    }
    const model = body.model as string;
    const spec = table.resolve(model).spec;
    if (account !== undefined) {
      const decision = account.take(inputTokensOf(spec, entry.bodyBytes));
      exchange.extraHeaders = decision.headers;
      if (!decision.ok) {
        entry.outcome = 'rate_limited';
        sendError(exchange, 429, 'rate_limit_error', decision.message);
        return;
      }
    }
    if (isSet(body.compaction)) {
      respondWithCompaction(exchange, settings, compactionBlock(body, binding), { model, inputTokens: inputTokensOf(spec, entry.bodyBytes) });
      return;
    }
    const routed = router.next(entry);
    let source: TurnSource;
    if (routed.kind === 'turn') {
      entry.route = routed.route;
      entry.turnIndex = routed.turnIndex;
      source = routed.source;
    } else if (routed.kind === 'exhausted') {
      entry.route = routed.route;
      sendDiagnostic(exchange, 'exhausted', 500, 'api_error', `route "${routed.route}" script exhausted after ${routed.turns} turn(s) (request #${entry.seq})`);
      return;
    } else if (fallback !== undefined) {
      source = fallback;
    } else {
      sendDiagnostic(
        exchange,
        'unmatched',
        500,
        'api_error',
        `no route matches request #${entry.seq}; its text begins: ${JSON.stringify(entry.matchText.slice(0, 200))}`,
      );
      return;
    }
    const turn = typeof source === 'function' ? await source(entry) : source;
    respondWithTurn(exchange, turn, settings, answerContext(body, model, spec, entry.bodyBytes));
  };

  const answerContext = (body: JsonObject, model: string, spec: ModelSpec, bodyBytes: number): AnswerContext => {
    // Thinking in this answer is bound to the model and to the conversation the request sent.
    const prefix = prefixHash(body, Array.isArray(body.messages) ? body.messages.length : 0);
    const boundTo = bindingModel({ spec });
    return {
      model,
      inputTokens: inputTokensOf(spec, bodyBytes),
      plan: thinkingPlanFor(body, spec),
      signThinking: (thinking) => binding.signThinking(boundTo, prefix, thinking),
      onIssued: (toolUseIds, hadThinking) => binding.recordAnswer(toolUseIds, hadThinking),
    };
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    rateLimited: () => account?.refused ?? 0,
    baseURL: `http://127.0.0.1:${port}`,
    port,
    requests,
    script: (routes) => router.replace(routes),
    setHandler: (next) => {
      fallback = next;
    },
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    close: () =>
      new Promise<void>((resolve) => {
        live.forEach((exchange) => exchange.destroy());
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The API's 400 for a request the model would refuse; a 400 is not retried by the SDK. */
function reject(exchange: Exchange, rejection: RequestRejection): void {
  exchange.entry.outcome = 'rejected';
  exchange.entry.rejection = rejection.message;
  sendError(exchange, rejection.status, rejection.type, rejection.message, {}, rejection.details);
}

function readBody(req: IncomingMessage, done: (raw: Buffer) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (piece: Buffer) => chunks.push(piece));
  req.on('end', () => done(Buffer.concat(chunks)));
  req.on('error', () => undefined);
}

function logEntry(seq: number, req: IncomingMessage, raw: Buffer): Mutable<LoggedRequest> {
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

function apiKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') {
    return header;
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return bearer?.[1];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
