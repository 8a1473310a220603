/** Starts the strict fake with an SDK client and checks its 400s the way Fanout sees them: through the SDK. */
import * as assert from 'node:assert/strict';
import { Anthropic, APIError } from '@anthropic-ai/sdk';
import { reply, startFakeMessagesApi, type FakeMessagesApi, type FakeMessagesApiOptions, type JsonObject } from '../../fake/messagesServer';

export interface Harness {
  readonly api: FakeMessagesApi;
  readonly client: Anthropic;
  close(): Promise<void>;
}

/** A fake whose every request gets `fallback` (default: one text answer), and a client that never retries. */
export async function startHarness(options: FakeMessagesApiOptions = {}): Promise<Harness> {
  const api = await startFakeMessagesApi({ fallback: reply(['ok']), ...options });
  const client = new Anthropic({ apiKey: 'test-key', baseURL: api.baseURL, maxRetries: 0 });
  return { api, client, close: () => api.close() };
}

/** Registers a fresh harness before each test of the enclosing block and closes it after; call the result inside a test. */
export function useHarness(options: FakeMessagesApiOptions = {}): () => Harness {
  let harness: Harness | undefined;
  beforeEach(async () => {
    harness = await startHarness(options);
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  return () => {
    if (harness === undefined) throw new Error('useHarness: call the getter inside a test');
    return harness;
  };
}

/** Streams the request, as Fanout does for every model call. */
export function send(client: Anthropic, params: Anthropic.MessageStreamParams): Promise<Anthropic.Message> {
  return client.messages.stream(params).finalMessage();
}

/** The request is refused with the API's 400 `invalid_request_error` and exactly this message. */
export async function rejects400(pending: Promise<unknown>, message: string | RegExp): Promise<APIError> {
  let caught: APIError | undefined;
  await assert.rejects(pending, (error: unknown) => {
    assert.ok(error instanceof APIError, `expected an APIError, got ${String(error)}`);
    assert.equal(error.status, 400);
    assert.equal(error.type, 'invalid_request_error');
    if (typeof message === 'string') assert.equal(error.apiMessage, message);
    else assert.match(error.apiMessage ?? '', message);
    caught = error;
    return true;
  });
  assert.ok(caught);
  return caught;
}

/** A plain request to `model`: one user turn. */
export function ask(model: string, prompt = 'Task T1: go.', extra: Partial<Anthropic.MessageStreamParams> = {}): Anthropic.MessageStreamParams {
  return { model, max_tokens: 4096, messages: [{ role: 'user', content: prompt }], ...extra };
}

/** POSTs a raw JSON body (for bodies the SDK's types do not allow). */
export async function postRaw(
  api: FakeMessagesApi,
  body: JsonObject,
  headers: Record<string, string> = {},
  path = '/v1/messages',
): Promise<{ status: number; json: JsonObject }> {
  const response = await fetch(`${api.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as JsonObject };
}

/** The `error.message` of a raw 400 answer. */
export function messageOf(json: JsonObject): string {
  const error = json.error as JsonObject;
  return error.message as string;
}
