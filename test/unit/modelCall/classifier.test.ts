/**
 * The one classifier of model-request failures: one case per kind, through the real SDK and the one
 * streaming wrapper against the fake Messages API wherever the fake can produce the failure.
 */
import Anthropic from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { classifyModelFailure, kindOfStatus, type ModelFailure } from '../../../src/core/model/call/failure';
import { currentRetryCause, MODEL_FAILURE_KINDS } from '../../../src/core/model/call/kinds';
import { streamMessage, type StreamSettings } from '../../../src/core/model/call/streamMessage';
import { dropAfter, httpError, reply, stallAfter, startFakeMessagesApi, streamErrorAfter, text, type TurnSource } from '../../fake/messagesServer';
import { useFakeMessagesApi } from '../agent/messagesApiRequests';

const PARAMS: Anthropic.MessageStreamParams = { model: 'claude-test-1', max_tokens: 256, messages: [{ role: 'user', content: 'classify me' }] };

describe('model calls: one classifier, one vocabulary', () => {
  const fake = useFakeMessagesApi();
  const client = (options: Partial<ConstructorParameters<typeof Anthropic>[0]> = {}) =>
    new Anthropic({ apiKey: 'test', baseURL: fake.server.baseURL, ...options });

  /** One request answered by `turn`; resolves with its failure (fails the test on a success). */
  async function failureOf(turn: TurnSource, settings: Partial<StreamSettings> = {}): Promise<ModelFailure> {
    fake.server.script([{ match: 'classify me', turns: [turn] }]);
    const outcome = await streamMessage({ client: client(), params: PARAMS, sdkRetries: 0, ...settings });
    assert.ok(!outcome.ok, 'the request should have failed');
    return outcome.failure;
  }

  it('auth: 401, not retryable', async () => {
    const failure = await failureOf(httpError(401));
    assert.deepEqual([failure.kind, failure.retryable, failure.status, failure.origin], ['auth', false, 401, 'http']);
  });

  it('permission: 403', async () => {
    const failure = await failureOf(httpError(403, { message: 'not for this key' }));
    assert.deepEqual([failure.kind, failure.retryable, failure.detail], ['permission', false, 'not for this key']);
  });

  it('not-found: 404', async () => {
    const failure = await failureOf(httpError(404));
    assert.deepEqual([failure.kind, failure.retryable], ['not-found', false]);
  });

  it('rate-limited: 429 with the wait it asks for; also a rate_limit_error inside the stream', async () => {
    const failure = await failureOf(httpError(429, { retryAfterMs: 1234, message: 'slow down' }));
    assert.deepEqual([failure.kind, failure.retryable, failure.retryAfterMs, failure.detail], ['rate-limited', true, 1234, 'slow down']);
    const inStream = await failureOf(streamErrorAfter(2, { errorType: 'rate_limit_error' }));
    assert.deepEqual([inStream.kind, inStream.retryable, inStream.origin, inStream.status], ['rate-limited', true, 'stream', undefined]);
  });

  it('overloaded: 529, and an overloaded_error inside a 200 stream', async () => {
    const http = await failureOf(httpError(529));
    assert.deepEqual([http.kind, http.retryable, http.status], ['overloaded', true, 529]);
    const inStream = await failureOf(streamErrorAfter(3));
    assert.deepEqual([inStream.kind, inStream.retryable, inStream.origin, inStream.errorType], ['overloaded', true, 'stream', 'overloaded_error']);
  });

  it('server-error: 5xx and an in-stream api_error are retryable; 501 and x-should-retry: false are not', async () => {
    assert.deepEqual(pick(await failureOf(httpError(503))), ['server-error', true]);
    assert.deepEqual(pick(await failureOf(streamErrorAfter(2, { errorType: 'api_error', message: 'Internal server error' }))), ['server-error', true]);
    assert.deepEqual(pick(await failureOf(httpError(501))), ['server-error', false]);
    const refused = await failureOf(httpError(500, { shouldRetry: false }));
    assert.deepEqual([...pick(refused), refused.doNotRetry], ['server-error', false, true]);
  });

  it('bad-request: 400 and 413 are not retryable, unless the API says to retry', async () => {
    assert.deepEqual(pick(await failureOf(httpError(400, { message: 'max_tokens: too large' }))), ['bad-request', false]);
    assert.deepEqual(pick(await failureOf(httpError(413))), ['bad-request', false]);
    assert.deepEqual(pick(await failureOf(httpError(409, { shouldRetry: true }))), ['bad-request', true]);
  });

  it('connection: nothing listens at the address', async () => {
    const closed = await startFakeMessagesApi();
    await closed.close();
    const outcome = await streamMessage({ client: new Anthropic({ apiKey: 'test', baseURL: closed.baseURL }), params: PARAMS, sdkRetries: 0 });
    assert.ok(!outcome.ok);
    assert.deepEqual([outcome.failure.kind, outcome.failure.retryable, outcome.failure.origin], ['connection', true, 'network']);
    assert.match(outcome.failure.detail, /Connection error/);
  });

  it("timeout: the call's total timeout, the SDK's wait for headers, and 408", async () => {
    const total = await failureOf(stallAfter(2), { totalTimeoutMs: 200 });
    assert.deepEqual([total.kind, total.retryable, total.origin], ['timeout', true, 'local']);

    fake.server.script([{ match: 'classify me', turns: [() => new Promise(() => undefined)] }]);
    const outcome = await streamMessage({ client: client({ timeout: 150 }), params: PARAMS, sdkRetries: 0 });
    assert.ok(!outcome.ok);
    assert.deepEqual([outcome.failure.kind, outcome.failure.origin], ['timeout', 'network']);

    assert.deepEqual(pick(await failureOf(httpError(408))), ['timeout', true]);
  });

  it('stalled: the idle watchdog abandons a stream that goes quiet', async () => {
    const started = Date.now();
    const failure = await failureOf(stallAfter(3), { idleTimeoutMs: 200 });
    assert.deepEqual([failure.kind, failure.retryable, failure.origin], ['stalled', true, 'local']);
    assert.match(failure.detail, /No data from the API for 200 ms/);
    assert.ok(Date.now() - started < 2_000);
    await fake.server.idle();
    assert.equal(fake.logged()[0]?.aborted, true, 'the stalled request was abandoned');
  });

  it('dropped: the stream breaks off after it began', async () => {
    const failure = await failureOf(dropAfter(4, { content: [text('This answer breaks off half way')] }));
    assert.deepEqual([failure.kind, failure.retryable, failure.origin], ['dropped', true, 'network']);
  });

  it('cancelled: the caller aborts mid-stream, or before the request', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const failure = await failureOf(stallAfter(2), { signal: controller.signal, idleTimeoutMs: 5_000, totalTimeoutMs: 5_000 });
    assert.deepEqual([failure.kind, failure.retryable], ['cancelled', false]);
    const before = await failureOf(reply(['never sent']), { signal: controller.signal });
    assert.equal(before.kind, 'cancelled');
    assert.equal(fake.logged().length, 1, 'an aborted signal sends nothing');
  });

  it('errors the fake cannot produce: a body that breaks before or after headers, in-stream types by name', () => {
    const broken = new TypeError('terminated');
    assert.deepEqual(pick(classifyModelFailure(broken, { cancelled: false, connected: true })), ['dropped', true]);
    assert.deepEqual(pick(classifyModelFailure(broken, { cancelled: false, connected: false })), ['connection', true]);
    // How the SDK surfaces an `event: error` frame: an APIError without a status.
    const inStream = (type: string) => new Anthropic.APIError(undefined, { type: 'error', error: { type, message: 'no' } }, undefined, new Headers());
    const denied = inStream('permission_error');
    assert.deepEqual(pick(classifyModelFailure(denied, { cancelled: false, connected: true })), ['permission', false]);
    const odd = inStream('mystery_error');
    assert.deepEqual(pick(classifyModelFailure(odd, { cancelled: false, connected: true })), ['server-error', false]);
  });

  it("maps every status to a kind, and old logs' retry causes to the vocabulary", () => {
    assert.deepEqual([401, 403, 404, 408, 429, 529, 500, 400, 422].map(kindOfStatus), [
      'auth',
      'permission',
      'not-found',
      'timeout',
      'rate-limited',
      'overloaded',
      'server-error',
      'bad-request',
      'bad-request',
    ]);
    assert.equal(currentRetryCause('stream-dropped'), 'dropped');
    assert.equal(currentRetryCause('stream-stalled'), 'stalled');
    assert.equal(currentRetryCause('overloaded'), 'overloaded');
    assert.equal(MODEL_FAILURE_KINDS.length, 12);
  });
});

function pick(failure: ModelFailure): [string, boolean] {
  return [failure.kind, failure.retryable];
}
