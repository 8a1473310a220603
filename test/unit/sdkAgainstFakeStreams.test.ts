/**
 * @anthropic-ai/sdk streaming from the fake Messages API: deltas, tool_use input and usage, aborts,
 * concurrent streams routed by content, dropped, failed and stalled streams, non-streaming create(),
 * and what the fake logs of each request.
 */
import * as assert from 'node:assert/strict';
import { AnthropicError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { dropAfter, reply, stallAfter, streamErrorAfter, text, toolUse } from '../fake/messagesServer';
import { DEFAULT_MODEL_TABLE } from '../../src/core/model/modelTable';
import { estimateTokensOfBytes } from '../../src/core/model/requestShape';
import { ask, MODEL, useSdkAgainstFake } from './sdkAgainstFakeFixtures';

describe('@anthropic-ai/sdk against the fake Messages API', () => {
  const suite = useSdkAgainstFake();
  const { start } = suite;

  it('streams a tool_use turn: text deltas, parsed input, stop_reason and usage', async () => {
    const api = await start({
      routes: [
        {
          name: 'T1',
          match: 'Task T1',
          turns: [
            reply([text('Reading the types file first.'), toolUse('read_file', { path: 'src/types.ts', lines: [1, 40] }, 'toolu_1')], {
              usage: { input_tokens: 1200, output_tokens: 37, cache_read_input_tokens: 900 },
            }),
          ],
        },
      ],
      deltaChars: 5,
    });
    const deltas: string[] = [];
    const stream = suite.client.messages.stream(ask('T1'));
    stream.on('text', (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    assert.ok(deltas.length > 1, 'text arrives as several deltas');
    assert.equal(deltas.join(''), 'Reading the types file first.');
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.model, MODEL);
    assert.equal(message.content.length, 2);
    const [first, second] = message.content;
    assert.equal(first.type === 'text' && first.text, 'Reading the types file first.');
    assert.ok(second.type === 'tool_use');
    assert.deepEqual(
      { id: second.id, name: second.name, input: second.input },
      {
        id: 'toolu_1',
        name: 'read_file',
        input: { path: 'src/types.ts', lines: [1, 40] },
      },
    );
    assert.equal(message.usage.input_tokens, 1200);
    assert.equal(message.usage.output_tokens, 37);
    assert.equal(message.usage.cache_read_input_tokens, 900);
    assert.equal(message.usage.cache_creation_input_tokens, 0);
    assert.equal(api.requests.length, 1);
    assert.equal(api.requests[0].stream, true);
  });

  it('rejects with APIUserAbortError when aborted mid-stream, and logs the request as aborted', async () => {
    const api = await start({
      routes: [{ match: 'Task T1', turns: [reply(['one two three four five six seven eight nine ten'])] }],
      eventDelayMs: 20,
      deltaChars: 4,
    });
    const controller = new AbortController();
    const stream = suite.client.messages.stream(ask('T1'), { signal: controller.signal });
    const deltas: string[] = [];
    stream.on('text', (delta) => {
      deltas.push(delta);
      controller.abort();
    });
    await assert.rejects(stream.finalMessage(), APIUserAbortError);
    await api.idle();

    assert.deepEqual(deltas, ['one ']);
    assert.equal(api.requests.length, 1);
    assert.equal(api.requests[0].aborted, true);
    assert.notEqual(api.requests[0].endedAt, undefined);
  });

  it('routes two interleaved concurrent streams to their own scripts by content', async () => {
    const turnsFor = (task: string) => [reply([toolUse('read_file', { path: `${task}.ts` })]), reply([`${task} finished`])];
    const api = await start({
      routes: [
        { name: 'A', match: 'Task A', turns: turnsFor('A') },
        { name: 'B', match: 'Task B', turns: turnsFor('B') },
      ],
      eventDelayMs: 3,
    });
    const runAgent = async (task: string): Promise<string> => {
      const first = await suite.client.messages.stream(ask(task)).finalMessage();
      const call = first.content.find((block) => block.type === 'tool_use');
      assert.ok(call);
      const second = await suite.client.messages
        .stream({
          ...ask(task),
          messages: [
            ...ask(task).messages,
            { role: 'assistant', content: first.content },
            { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: `contents of ${JSON.stringify(call.input)}` }] },
          ],
        })
        .finalMessage();
      return second.content[0].type === 'text' ? second.content[0].text : '';
    };

    const results = await Promise.all([runAgent('A'), runAgent('B')]);

    assert.deepEqual(results, ['A finished', 'B finished']);
    const byRoute = (name: string) => api.requests.filter((entry) => entry.route === name).map((entry) => entry.turnIndex);
    assert.deepEqual(byRoute('A'), [0, 1]);
    assert.deepEqual(byRoute('B'), [0, 1]);
    const order = api.requests.map((entry) => entry.route);
    assert.notDeepEqual(order, ['A', 'A', 'B', 'B'], 'requests interleaved');
  });

  it('surfaces a stream dropped mid-way as an error from finalMessage(), without an SDK retry', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [dropAfter(4, { content: [text('half an answer that stops')] }), reply(['never'])] }] });
    const deltas: string[] = [];
    const stream = suite.client.messages.stream(ask('T1'));
    stream.on('text', (delta) => deltas.push(delta));
    await assert.rejects(stream.finalMessage(), (error: unknown) => {
      assert.ok(error instanceof AnthropicError);
      assert.ok(!(error instanceof APIUserAbortError));
      return true;
    });
    await api.idle();
    assert.deepEqual(deltas, ['half an answer t']);
    assert.equal(api.requests.length, 1);
    assert.equal(api.requests[0].outcome, 'drop');
    assert.equal(api.requests[0].aborted, false);
  });

  it('surfaces an in-stream overloaded_error frame as an APIError from finalMessage()', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [streamErrorAfter(3)] }] });
    await assert.rejects(suite.client.messages.stream(ask('T1')).finalMessage(), (error: unknown) => {
      assert.ok(error instanceof APIError);
      assert.equal(error.type, 'overloaded_error');
      assert.equal(error.status, undefined);
      return true;
    });
    assert.equal(api.requests.length, 1, 'an in-stream error is not retried by the SDK');
  });

  it('stalls a stream after its headers until the client aborts', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [stallAfter(4)] }] });
    const controller = new AbortController();
    const stream = suite.client.messages.stream(ask('T1'), { signal: controller.signal });
    const deltas: string[] = [];
    stream.on('text', (delta) => deltas.push(delta));
    let settled = false;
    const final = stream.finalMessage().finally(() => {
      settled = true;
    });
    final.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));

    assert.equal(settled, false, 'still waiting after 300 ms');
    assert.deepEqual(deltas, ['Partial answer t']);
    controller.abort();
    await assert.rejects(final, APIUserAbortError);
    await api.idle();
    assert.equal(api.requests[0].aborted, true);
  });

  it('answers a non-streaming create() with the same message', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [reply([text('Plan ready.'), toolUse('submit_plan', { tasks: ['a', 'b'] })])] }] });
    const message = await suite.client.messages.create(ask('T1'));
    assert.equal(message.type, 'message');
    assert.equal(message.stop_reason, 'tool_use');
    assert.equal(message.content[0].type === 'text' && message.content[0].text, 'Plan ready.');
    const call = message.content[1];
    assert.ok(call.type === 'tool_use');
    assert.deepEqual(call.input, { tasks: ['a', 'b'] });
    assert.match(call.id, /^toolu_/);
    assert.equal(api.requests[0].stream, false);
    assert.equal(message.usage.input_tokens, estimateTokensOfBytes(DEFAULT_MODEL_TABLE.resolve(MODEL).spec, api.requests[0].bodyBytes));
  });

  it('logs method, path, lower-cased headers and the parsed body', async () => {
    const api = await start({ routes: [{ match: 'Task T1', turns: [reply(['ok'])] }] });
    await suite.client.messages.stream(ask('T1')).finalMessage();
    const [entry] = api.requests;
    assert.equal(entry.method, 'POST');
    assert.equal(entry.path, '/v1/messages');
    // SDK 1.14 sends the key as a bearer token; the fake accepts it there or in x-api-key.
    assert.equal(entry.headers.authorization, 'Bearer test-key');
    assert.equal(entry.headers['x-api-key'], undefined);
    assert.ok(entry.headers['anthropic-version']);
    assert.match(entry.headers['content-type'], /application\/json/);
    assert.equal(entry.body?.model, MODEL);
    assert.equal(entry.body?.stream, true);
    assert.match(entry.matchText, /Shared instructions for every agent\.\nTask T1: Go\./);
  });
});
