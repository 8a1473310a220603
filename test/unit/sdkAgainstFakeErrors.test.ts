/**
 * @anthropic-ai/sdk against the fake Messages API's errors: the SDK retries 429 and 529 after
 * retry-after-ms, and surfaces used-up retries, a wrong key, an exhausted script and a request the
 * model refuses as the matching error classes, without retrying the last three.
 */
import * as assert from 'node:assert/strict';
import { Anthropic, AuthenticationError, BadRequestError, InternalServerError, OverloadedError } from '@anthropic-ai/sdk';
import { httpError, reply } from '../fake/messagesServer';
import { ask, useSdkAgainstFake } from './sdkAgainstFakeFixtures';

describe('@anthropic-ai/sdk against the fake Messages API', () => {
  const suite = useSdkAgainstFake();
  const { start } = suite;

  it('lets the SDK retry a 429 after retry-after-ms, and the retry gets the next turn', async () => {
    const api = await start({
      routes: [{ name: 'T1', match: 'Task T1', turns: [httpError(429, { retryAfterMs: 60 }), reply(['Done after the wait.'])] }],
    });
    const started = Date.now();
    const message = await suite.client.messages.stream(ask('T1')).finalMessage();
    const elapsed = Date.now() - started;

    assert.equal(message.content[0].type === 'text' && message.content[0].text, 'Done after the wait.');
    assert.ok(elapsed >= 60, `waited ${elapsed} ms`);
    // The SDK's own backoff without the header is at least 375 ms, so a quicker retry proves it read retry-after-ms.
    assert.ok(elapsed < 350, `waited ${elapsed} ms`);
    assert.deepEqual(
      api.requests.map((entry) => [entry.route, entry.turnIndex, entry.status]),
      [
        ['T1', 0, 429],
        ['T1', 1, 200],
      ],
    );
    assert.ok(api.requests[1].receivedAt - api.requests[0].receivedAt >= 60);
    assert.equal(api.requests[1].headers['x-stainless-retry-count'], '1', 'the retry came from the SDK');
  });

  it('lets the SDK retry a 529 overloaded answer after retry-after-ms', async () => {
    const api = await start({
      routes: [{ match: 'Task T1', turns: [httpError(529, { retryAfterMs: 30 }), httpError(529, { retryAfterMs: 30 }), reply(['ok'])] }],
    });
    const started = Date.now();
    const message = await suite.client.messages.stream(ask('T1')).finalMessage();
    const elapsed = Date.now() - started;
    assert.equal(message.stop_reason, 'end_turn');
    assert.deepEqual(
      api.requests.map((entry) => entry.status),
      [529, 529, 200],
    );
    assert.ok(elapsed >= 60 && elapsed < 350, `waited ${elapsed} ms`);
  });

  it('surfaces a 529 as OverloadedError once retries are used up', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [httpError(529, { retryAfterMs: 5 })], onExhausted: 'repeatLast' }] });
    await assert.rejects(suite.client.messages.stream(ask('T1')).finalMessage(), (error: unknown) => {
      assert.ok(error instanceof OverloadedError);
      assert.equal(error.type, 'overloaded_error');
      return true;
    });
    assert.equal(api.requests.length, 3, 'first try plus maxRetries');
  });

  it('answers 401 authentication_error to a wrong key when requireApiKey is set, without a retry', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [reply(['ok'])] }], requireApiKey: 'the-right-key' });
    await assert.rejects(suite.client.messages.stream(ask('T1')).finalMessage(), AuthenticationError);
    const good = new Anthropic({ apiKey: 'the-right-key', baseURL: api.baseURL, maxRetries: 0 });
    const message = await good.messages.stream(ask('T1')).finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
    assert.deepEqual(
      api.requests.map((entry) => [entry.status, entry.outcome, entry.turnIndex]),
      [
        [401, 'unauthorized', null],
        [200, 'message', 0],
      ],
    );
  });

  it('fails fast on a script error: the SDK does not retry an exhausted route', async () => {
    const api = await start({ routes: [{ name: 'T1', match: 'Task T1', turns: [] }] });
    await assert.rejects(suite.client.messages.stream(ask('T1')).finalMessage(), (error: unknown) => {
      assert.ok(error instanceof InternalServerError);
      assert.match(error.apiMessage ?? '', /route "T1" script exhausted/);
      return true;
    });
    assert.equal(api.requests.length, 1);
  });

  it('surfaces a request the model refuses as a 400 BadRequestError, without a retry and before any script', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [reply(['never'])] }] });
    const forced: Anthropic.MessageCreateParamsNonStreaming = {
      ...ask('T1'),
      model: 'claude-opus-5-5',
      tools: [{ name: 'submit', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'submit' },
    };
    await assert.rejects(suite.client.messages.stream(forced).finalMessage(), (error: unknown) => {
      assert.ok(error instanceof BadRequestError);
      assert.equal(error.apiMessage, 'tool_choice: type "tool" and "any" are not supported for this model.');
      return true;
    });
    assert.deepEqual(
      api.requests.map((entry) => [entry.status, entry.outcome, entry.route]),
      [[400, 'rejected', null]],
    );
  });
});
