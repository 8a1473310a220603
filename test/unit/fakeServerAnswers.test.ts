/**
 * The fake Messages API's answers: non-streaming messages with usage estimates, routing by
 * conversation text, script errors, dynamic handlers, HTTP error turns, count_tokens, the API key
 * check, and requests the model refuses.
 */
import * as assert from 'node:assert/strict';
import { httpError, reply, type JsonObject, type LoggedRequest } from '../fake/messagesServer';
import { body, post, tokensOf, useFakeServer } from './fakeServerFixtures';

describe('fake Messages API server', () => {
  const { start } = useFakeServer();

  it('answers a non-streaming request with the equivalent Message and default usage estimates', async () => {
    const api = await start({ routes: [{ match: 'hi', turns: [reply(['abcdefgh'])] }] });
    const response = await post(api, body('hi'));
    const message = (await response.json()) as JsonObject;
    assert.equal(response.headers.get('request-id'), 'req_fake_0');
    assert.deepEqual(message.content, [{ type: 'text', text: 'abcdefgh', citations: null }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.model, 'm');
    const usage = message.usage as JsonObject;
    assert.equal(usage.input_tokens, tokensOf(api.requests[0].bodyBytes));
    assert.equal(usage.output_tokens, 2);
    assert.equal(usage.cache_read_input_tokens, 0);
  });

  it('routes by content with one cursor per route, whatever the arrival order', async () => {
    const api = await start({
      routes: [
        { name: 'alpha', match: 'Task ALPHA', turns: [reply(['a0']), reply(['a1'])] },
        { name: 'beta', match: { regex: 'task\\s+beta', flags: 'i' }, turns: [reply(['b0']), reply(['b1'])] },
        { name: 'gamma', match: (request: LoggedRequest) => request.body?.model === 'gamma-model', turns: [reply(['g0'])], onExhausted: 'repeatLast' },
      ],
    });
    const answer = async (payload: JsonObject): Promise<string> => {
      const message = (await (await post(api, payload)).json()) as { content: Array<{ text: string }> };
      return message.content[0].text;
    };
    const order = [
      body('Task BETA'),
      body('Task ALPHA'),
      body('x', { model: 'gamma-model' }),
      body('TASK beta'),
      body('Task ALPHA'),
      body('y', { model: 'gamma-model' }),
    ];
    const texts: string[] = [];
    for (const payload of order) {
      texts.push(await answer(payload));
    }
    assert.deepEqual(texts, ['b0', 'a0', 'g0', 'b1', 'a1', 'g0']);
    assert.deepEqual(
      api.requests.map((entry) => `${entry.route}#${entry.turnIndex}`),
      ['beta#0', 'alpha#0', 'gamma#0', 'beta#1', 'alpha#1', 'gamma#0'],
    );
  });

  it('matches against conversation text only, not roles, block types or JSON escaping', async () => {
    const api = await start({
      routes: [
        { match: 'say "hi"\nplease', turns: [reply(['ok'])] },
        { match: 'user', turns: [reply(['role matched'])] },
      ],
    });
    const response = await post(api, body('say "hi"\nplease'));
    assert.equal(response.status, 200);
    assert.equal(api.requests[0].route, 'route0');
    const other = await post(api, body('nothing here'));
    assert.equal(other.status, 500, 'the role "user" is not conversation text');
  });

  it('answers 500 with x-should-retry: false for an exhausted route or an unmatched request', async () => {
    const api = await start({ routes: [{ name: 'only', match: 'T1', turns: [reply(['once'])] }] });
    assert.equal((await post(api, body('T1'))).status, 200);
    const exhausted = await post(api, body('T1'));
    assert.equal(exhausted.status, 500);
    assert.equal(exhausted.headers.get('x-should-retry'), 'false');
    assert.match(JSON.stringify(await exhausted.json()), /route \\"only\\" script exhausted after 1 turn/);
    const unmatched = await post(api, body('T9 is unknown'));
    assert.equal(unmatched.status, 500);
    assert.match(JSON.stringify(await unmatched.json()), /no route matches request #2.*T9 is unknown/);
    assert.deepEqual(
      api.requests.map((entry) => entry.outcome),
      ['message', 'exhausted', 'unmatched'],
    );
  });

  it('uses setHandler() and turn functions for dynamic answers', async () => {
    const api = await start();
    api.setHandler((request) => reply([`you said ${request.matchText}`]));
    const message = (await (await post(api, body('ping?'))).json()) as { content: Array<{ text: string }> };
    assert.equal(message.content[0].text, 'you said ping?');
    api.script([{ match: 'x', turns: [() => httpError(418, { message: 'teapot' })] }]);
    const error = await post(api, body('x'));
    assert.equal(error.status, 418);
    assert.deepEqual(await error.json(), { type: 'error', error: { type: 'invalid_request_error', message: 'teapot' }, request_id: 'req_fake_1' });
    api.setHandler(undefined);
    assert.equal((await post(api, body('y'))).status, 500);
  });

  it('sends retry headers on HTTP error turns, and each error uses up a cursor position', async () => {
    const api = await start({ routes: [{ match: 'T', turns: [httpError(429, { retryAfterMs: 50, retryAfter: 1 }), reply(['after'])] }] });
    const limited = await post(api, body('T'));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after-ms'), '50');
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal(((await limited.json()) as { error: { type: string } }).error.type, 'rate_limit_error');
    assert.equal((await post(api, body('T'))).status, 200);
  });

  it("estimates count_tokens with the model's tokenizer factor, as usage does, and 404s other paths", async () => {
    const api = await start();
    const payload = JSON.stringify(body('count me'));
    const counted = await post(api, payload, {}, '/v1/messages/count_tokens');
    assert.deepEqual(await counted.json(), { input_tokens: tokensOf(Buffer.byteLength(payload)) });
    assert.equal((await post(api, body('x'), {}, '/v1/complete')).status, 404);
    assert.equal((await post(api, '{not json')).status, 400);
  });

  it('checks the key in x-api-key or authorization: Bearer when requireApiKey is set', async () => {
    const api = await start({ requireApiKey: 'sekret', fallback: reply(['ok']) });
    assert.equal((await post(api, body('a'), { 'x-api-key': 'sekret' })).status, 200);
    const bearer = await fetch(`${api.baseURL}/v1/messages`, { method: 'POST', headers: { authorization: 'Bearer sekret' }, body: JSON.stringify(body('b')) });
    assert.equal(bearer.status, 200);
    const wrong = await post(api, body('c'), { 'x-api-key': 'nope' });
    assert.equal(wrong.status, 401);
    assert.equal(((await wrong.json()) as { error: { type: string } }).error.type, 'authentication_error');
    const missing = await fetch(`${api.baseURL}/v1/messages`, { method: 'POST', body: JSON.stringify(body('d')) });
    assert.equal(missing.status, 401);
    assert.equal(api.requests[0].headers['x-api-key'], 'sekret');
  });

  it('answers a request the model refuses with the API error JSON and logs it as rejected', async () => {
    const api = await start({ fallback: reply(['never']) });
    const response = await post(api, body('hi', { model: 'claude-opus-5-5', thinking: { type: 'disabled' } }));
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('x-should-retry'), null);
    const message =
      '"thinking.type.disabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.';
    assert.deepEqual(await response.json(), { type: 'error', error: { type: 'invalid_request_error', message }, request_id: 'req_fake_0' });
    assert.deepEqual(
      api.requests.map((entry) => [entry.outcome, entry.rejection, entry.route]),
      [['rejected', message, null]],
    );
  });
});
