/**
 * Answers one logged request of the fake Messages API: the endpoint and API key first, then the model's
 * rules (`strict/`), the account's rate limits, compaction, and finally the script's turn for the
 * route the request matches (or the fallback).
 */
import type { IncomingMessage } from 'node:http';
import type { ModelSpec } from '../core/model/modelSpec';
import type { ModelTable } from '../core/model/modelTable';
import { compactionBlock } from './compactionAnswer';
import type { Exchange } from './exchange';
import type { FakeAccountLimits } from './rateLimits';
import { apiKeyOf } from './requestIntake';
import { respondWithCompaction, respondWithTurn, sendDiagnostic, sendError, type AnswerContext, type ResponseSettings } from './respond';
import type { ScriptRouter } from './routing';
import type { JsonObject, TurnSource } from './script';
import { prefixHash, type ThinkingBinding } from './strict/binding';
import { checkCountTokensRequest, checkMessagesRequest, type RequestRejection } from './strict/checkRequest';
import { inputTokensOf } from './strict/contextWindow';
import { isSet } from './strict/rejection';
import { bindingModel } from './strict/thinkingBlocks';
import { thinkingPlanFor } from './thinkingPlan';

/** What every request of one server is answered from. */
export interface ServerState {
  readonly router: ScriptRouter;
  readonly table: ModelTable;
  readonly binding: ThinkingBinding;
  readonly settings: ResponseSettings;
  /** The account's rate limits, when the server has any. */
  readonly account: FakeAccountLimits | undefined;
  readonly requireApiKey: string | undefined;
  /** Answers requests no route matches; read per request, so a new fallback applies from the next one. */
  readonly fallback: () => TurnSource | undefined;
}

/** Answers the exchange's request; a turn function that throws becomes a 500 naming its error. */
export function handleRequest(server: ServerState, exchange: Exchange, req: IncomingMessage): void {
  void handle(server, exchange, req).catch((error: unknown) => {
    sendDiagnostic(exchange, 'handler_error', 500, 'api_error', `turn function failed: ${describe(error)}`);
  });
}

async function handle(server: ServerState, exchange: Exchange, req: IncomingMessage): Promise<void> {
  const { entry } = exchange;
  if (entry.method !== 'POST' || (entry.path !== '/v1/messages' && entry.path !== '/v1/messages/count_tokens')) {
    sendDiagnostic(exchange, 'not_found', 404, 'not_found_error', `no endpoint ${entry.method} ${entry.path}`);
    return;
  }
  if (server.requireApiKey !== undefined && apiKeyOf(req) !== server.requireApiKey) {
    entry.outcome = 'unauthorized';
    sendError(exchange, 401, 'authentication_error', 'invalid x-api-key');
    return;
  }
  if (entry.body === null) {
    sendDiagnostic(exchange, 'invalid_json', 400, 'invalid_request_error', 'request body is not a JSON object');
    return;
  }
  if (entry.path === '/v1/messages/count_tokens') {
    countTokens(server, exchange, entry.body);
    return;
  }
  await messages(server, exchange, entry.body);
}

function countTokens(server: ServerState, exchange: Exchange, body: JsonObject): void {
  const { entry } = exchange;
  const rejection = checkCountTokensRequest(body, server.table, entry.headers, { binding: server.binding, bodyBytes: entry.bodyBytes });
  if (rejection !== null) {
    reject(exchange, rejection);
    return;
  }
  entry.outcome = 'count_tokens';
  exchange.json(200, { input_tokens: inputTokensOf(server.table.resolve(body.model as string).spec, entry.bodyBytes) });
}

async function messages(server: ServerState, exchange: Exchange, body: JsonObject): Promise<void> {
  const { entry } = exchange;
  const rejection = checkMessagesRequest(body, server.table, entry.headers, { binding: server.binding, bodyBytes: entry.bodyBytes });
  if (rejection !== null) {
    reject(exchange, rejection);
    return;
  }
  const model = body.model as string;
  const spec = server.table.resolve(model).spec;
  const inputTokens = inputTokensOf(spec, entry.bodyBytes);
  if (server.account !== undefined) {
    const decision = server.account.take(inputTokens);
    exchange.extraHeaders = decision.headers;
    if (!decision.ok) {
      entry.outcome = 'rate_limited';
      sendError(exchange, 429, 'rate_limit_error', decision.message);
      return;
    }
  }
  if (isSet(body.compaction)) {
    respondWithCompaction(exchange, server.settings, compactionBlock(body, server.binding), { model, inputTokens });
    return;
  }
  const source = turnSourceFor(server, exchange);
  if (source === undefined) {
    return;
  }
  const turn = typeof source === 'function' ? await source(entry) : source;
  respondWithTurn(exchange, turn, server.settings, answerContext(server.binding, body, model, spec, inputTokens));
}

/** The script's turn for the request (or the fallback); undefined once the request has been answered with a 500. */
function turnSourceFor(server: ServerState, exchange: Exchange): TurnSource | undefined {
  const { entry } = exchange;
  const routed = server.router.next(entry);
  if (routed.kind === 'turn') {
    entry.route = routed.route;
    entry.turnIndex = routed.turnIndex;
    return routed.source;
  }
  if (routed.kind === 'exhausted') {
    entry.route = routed.route;
    sendDiagnostic(exchange, 'exhausted', 500, 'api_error', `route "${routed.route}" script exhausted after ${routed.turns} turn(s) (request #${entry.seq})`);
    return undefined;
  }
  const fallback = server.fallback();
  if (fallback === undefined) {
    sendDiagnostic(
      exchange,
      'unmatched',
      500,
      'api_error',
      `no route matches request #${entry.seq}; its text begins: ${JSON.stringify(entry.matchText.slice(0, 200))}`,
    );
  }
  return fallback;
}

function answerContext(binding: ThinkingBinding, body: JsonObject, model: string, spec: ModelSpec, inputTokens: number): AnswerContext {
  // Thinking in this answer is bound to the model and to the conversation the request sent.
  const prefix = prefixHash(body, Array.isArray(body.messages) ? body.messages.length : 0);
  const boundTo = bindingModel({ spec });
  return {
    model,
    inputTokens,
    plan: thinkingPlanFor(body, spec),
    signThinking: (thinking) => binding.signThinking(boundTo, prefix, thinking),
    onIssued: (toolUseIds, hadThinking) => binding.recordAnswer(toolUseIds, hadThinking),
  };
}

/** The API's 400 for a request the model would refuse; a 400 is not retried by the SDK. */
function reject(exchange: Exchange, rejection: RequestRejection): void {
  exchange.entry.outcome = 'rejected';
  exchange.entry.rejection = rejection.message;
  sendError(exchange, rejection.status, rejection.type, rejection.message, {}, rejection.details);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
