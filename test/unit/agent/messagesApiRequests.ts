/**
 * The fake Messages API as the agent-loop tests use it: one server per describe block, and the requests it
 * logged, read back without the parts that move with the conversation.
 */
import { startFakeMessagesApi, type FakeMessagesApi, type FakeMessagesApiOptions, type JsonObject, type LoggedRequest } from '../../fake/messagesServer';

/** The `messages` of a logged request with cache breakpoints removed (they move with the conversation). */
export function messagesOf(request: LoggedRequest): unknown[] {
  const messages = request.body?.messages;
  if (!Array.isArray(messages)) {
    return [];
  }
  return JSON.parse(JSON.stringify(messages), (key, value: unknown) => (key === 'cache_control' ? undefined : value)) as unknown[];
}

export function systemOf(request: LoggedRequest): JsonObject[] {
  const system = request.body?.system;
  return Array.isArray(system) ? (system.filter((block) => typeof block === 'object' && block !== null && !Array.isArray(block)) as JsonObject[]) : [];
}

/** Requests that reached the messages endpoint, in arrival order. */
export function messageRequests(requests: readonly LoggedRequest[]): LoggedRequest[] {
  return requests.filter((request) => request.path === '/v1/messages');
}

/**
 * One fake Messages API for a describe block (started before its tests, closed after them);
 * `logged()` gives the message requests made since the current test began.
 */
export function useFakeMessagesApi(options: FakeMessagesApiOptions = {}): { readonly server: FakeMessagesApi; logged(): LoggedRequest[] } {
  let api: FakeMessagesApi | undefined;
  let mark = 0;
  before(async () => {
    api = await startFakeMessagesApi(options);
  });
  after(async () => {
    await api?.close();
  });
  beforeEach(() => {
    mark = api?.requests.length ?? 0;
  });
  return {
    get server(): FakeMessagesApi {
      if (!api) throw new Error('The fake Messages API is not started yet (use it inside a test).');
      return api;
    },
    logged: () => messageRequests((api?.requests ?? []).slice(mark)),
  };
}
