/** Shared helpers for the fake Messages API server tests: request bodies, posting, reading SSE frames, and a server closed after each test. */
import * as assert from 'node:assert/strict';
import { startFakeMessagesApi, type FakeMessagesApi, type FakeMessagesApiOptions, type JsonObject } from '../fake/messagesServer';
import { DEFAULT_MODEL_TABLE } from '../../src/core/model/modelTable';
import { estimateTokensOfBytes } from '../../src/core/model/requestShape';

/** The fake's input estimate for a body sent to model `m` (unknown: the conservative rules' tokenizer). */
export function tokensOf(bytes: number): number {
  return estimateTokensOfBytes(DEFAULT_MODEL_TABLE.resolve('m').spec, bytes);
}

interface Frame {
  event: string;
  data: JsonObject;
}

export function body(content: string, extra: JsonObject = {}): JsonObject {
  return { model: 'm', max_tokens: 100, messages: [{ role: 'user', content }], ...extra };
}

export async function post(api: FakeMessagesApi, payload: JsonObject | string, headers: Record<string, string> = {}, path = '/v1/messages'): Promise<Response> {
  return fetch(`${api.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

export function parseFrames(raw: string): Frame[] {
  return raw
    .split('\n\n')
    .filter((chunk) => chunk.length > 0)
    .map((chunk) => {
      const match = /^event: (.+)\ndata: (.+)$/.exec(chunk);
      assert.ok(match, `malformed frame ${JSON.stringify(chunk)}`);
      return { event: match[1], data: JSON.parse(match[2]) as JsonObject };
    });
}

/** Reads a body as far as it gets; `error` is set when the connection broke before the end. */
export async function readAll(response: Response): Promise<{ text: string; error: unknown }> {
  const reader = response.body?.getReader();
  assert.ok(reader);
  const decoder = new TextDecoder();
  let received = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        return { text: received, error: undefined };
      }
      received += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text: received, error };
  }
}

export interface FakeServerSuite {
  /** Starts the fake for this test; it is closed after the test. */
  readonly start: (options?: FakeMessagesApiOptions) => Promise<FakeMessagesApi>;
  /** For a test that closed the fake itself: nothing is left to close after it. */
  readonly forget: () => void;
}

/** Registers the hook in the calling `describe` that closes the fake a test started. */
export function useFakeServer(): FakeServerSuite {
  let fake: FakeMessagesApi | undefined;

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  return {
    start: async (options = {}) => {
      fake = await startFakeMessagesApi(options);
      return fake;
    },
    forget: () => {
      fake = undefined;
    },
  };
}
