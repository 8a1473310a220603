/** The fake Messages API's streams: frames in the API's order, the delay before each frame, a dropped stream and a stalled one. */
import * as assert from 'node:assert/strict';
import { dropAfter, reply, stallAfter, text, toolUse, type JsonObject } from '../fake/messagesServer';
import { body, parseFrames, post, readAll, useFakeServer } from './fakeServerFixtures';

describe('fake Messages API server', () => {
  const { start, forget } = useFakeServer();

  it('listens on 127.0.0.1 and streams frames in the Messages API order', async () => {
    const api = await start({
      routes: [{ match: 'hi', turns: [reply([text('Hello, world'), toolUse('edit', { path: 'a.ts', text: 'x "quoted"' }, 'tu1')])] }],
      deltaChars: 5,
    });
    assert.match(api.baseURL, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await post(api, body('hi', { stream: true }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const frames = parseFrames(await response.text());

    const names = frames.map((frame) => (frame.event === 'content_block_delta' ? `delta:${(frame.data.delta as JsonObject).type}` : frame.event));
    assert.deepEqual(names, [
      'message_start',
      'ping',
      'content_block_start',
      'delta:text_delta',
      'delta:text_delta',
      'delta:text_delta',
      'content_block_stop',
      'content_block_start',
      ...Array<string>(Math.ceil(JSON.stringify({ path: 'a.ts', text: 'x "quoted"' }).length / 5)).fill('delta:input_json_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    for (const frame of frames) {
      assert.equal(frame.data.type, frame.event, 'data.type names the event');
    }
    const start0 = frames[0].data.message as JsonObject;
    assert.deepEqual(start0.content, []);
    assert.deepEqual(Object.keys(start0.usage as JsonObject).slice(0, 4), [
      'input_tokens',
      'output_tokens',
      'cache_creation_input_tokens',
      'cache_read_input_tokens',
    ]);
    const toolStart = frames[7].data.content_block as JsonObject;
    assert.deepEqual([toolStart.type, toolStart.id, toolStart.input], ['tool_use', 'tu1', {}]);
    const json = frames
      .filter((frame) => frame.data.index === 1 && frame.event === 'content_block_delta')
      .map((frame) => (frame.data.delta as JsonObject).partial_json)
      .join('');
    assert.deepEqual(JSON.parse(json), { path: 'a.ts', text: 'x "quoted"' });
    const delta = frames.at(-2)?.data;
    assert.equal((delta?.delta as JsonObject).stop_reason, 'tool_use');
    assert.ok(typeof (delta?.usage as JsonObject).output_tokens === 'number');
  });

  it('waits eventDelayMs before each streamed frame', async () => {
    const api = await start({ routes: [{ match: 'slow', turns: [reply(['0123456789'], { deltaChars: 5 })] }], eventDelayMs: 25 });
    const started = Date.now();
    const frames = parseFrames(await (await post(api, body('slow', { stream: true }))).text());
    const elapsed = Date.now() - started;
    assert.equal(frames.length, 8);
    assert.ok(elapsed >= 8 * 25 - 5, `took ${elapsed} ms`);
    assert.ok(elapsed < 8 * 25 + 400, `took ${elapsed} ms`);
  });

  it('drops a stream after N frames', async () => {
    const api = await start({ routes: [{ match: 'T', turns: [dropAfter(3)] }] });
    const { text: received, error } = await readAll(await post(api, body('T', { stream: true })));
    assert.ok(error, 'the body ends with an error');
    assert.deepEqual(
      parseFrames(received).map((frame) => frame.event),
      ['message_start', 'ping', 'content_block_start'],
    );
  });

  it('stalls until close(), which ends the stalled stream promptly', async () => {
    const api = await start({ routes: [{ match: 'T', turns: [stallAfter(1)] }] });
    const response = await post(api, body('T', { stream: true }));
    assert.equal(response.status, 200);
    const reading = readAll(response);
    const race = await Promise.race([reading.then(() => 'ended'), new Promise((resolve) => setTimeout(resolve, 150, 'stalled'))]);
    assert.equal(race, 'stalled');
    const closing = Date.now();
    await api.close();
    forget();
    const { text: received, error } = await reading;
    assert.ok(Date.now() - closing < 1000);
    assert.ok(error);
    assert.deepEqual(
      parseFrames(received).map((frame) => frame.event),
      ['message_start'],
    );
    assert.equal(api.requests[0].aborted, false, 'a server-side close is not a client abort');
  });
});
