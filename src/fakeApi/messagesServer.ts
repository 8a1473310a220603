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
 *
 * This file holds the server's life (listening, requests in flight, `idle`, `close`); a request's intake
 * and log entry are requestIntake.ts, its answer requestHandler.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MODEL_TABLE, type ModelTable } from '../core/model/modelTable';
import { Exchange } from './exchange';
import { FakeAccountLimits, type FakeRateLimits } from './rateLimits';
import { handleRequest, type ServerState } from './requestHandler';
import { logEntry, readBody } from './requestIntake';
import type { ResponseSettings } from './respond';
import { ScriptRouter } from './routing';
import type { LoggedRequest, Route, TurnSource } from './script';
import { ThinkingBinding } from './strict/binding';

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
  let fallback = options.fallback;
  const settings: ResponseSettings = {
    eventDelayMs: options.eventDelayMs ?? 0,
    deltaChars: options.deltaChars ?? 16,
    pings: options.pings ?? true,
  };
  const account = options.rateLimits !== undefined ? new FakeAccountLimits(options.rateLimits) : undefined;
  const state: ServerState = {
    router,
    table: options.modelTable ?? DEFAULT_MODEL_TABLE,
    binding: new ThinkingBinding(),
    settings,
    account,
    requireApiKey: options.requireApiKey,
    fallback: () => fallback,
  };
  const requests: LoggedRequest[] = [];
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
      handleRequest(state, exchange, req);
    });
  });

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
