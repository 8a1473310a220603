import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  dropAfter,
  httpError,
  reply,
  stallAfter,
  startFakeMessagesApi,
  text,
  thinking,
  toolUse,
  type FakeMessagesApi,
  type FakeMessagesApiOptions,
  type JsonObject,
  type LoggedRequest,
} from '../fake/messagesServer';
import { parseScriptFile, type ScriptFile } from '../fake/scriptFile';
import { DEFAULT_MODEL_TABLE } from '../../src/core/model/modelTable';
import { estimateTokensOfBytes } from '../../src/core/model/requestShape';

/** The fake's input estimate for a body sent to model `m` (unknown: the conservative rules' tokenizer). */
function tokensOf(bytes: number): number {
  return estimateTokensOfBytes(DEFAULT_MODEL_TABLE.resolve('m').spec, bytes);
}

interface Frame {
  event: string;
  data: JsonObject;
}

function body(content: string, extra: JsonObject = {}): JsonObject {
  return { model: 'm', max_tokens: 100, messages: [{ role: 'user', content }], ...extra };
}

async function post(api: FakeMessagesApi, payload: JsonObject | string, headers: Record<string, string> = {}, path = '/v1/messages'): Promise<Response> {
  return fetch(`${api.baseURL}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'k', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

function parseFrames(raw: string): Frame[] {
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
async function readAll(response: Response): Promise<{ text: string; error: unknown }> {
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

describe('fake Messages API server', () => {
  let fake: FakeMessagesApi | undefined;

  async function start(options: FakeMessagesApiOptions = {}): Promise<FakeMessagesApi> {
    fake = await startFakeMessagesApi(options);
    return fake;
  }

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

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
    fake = undefined;
    const { text: received, error } = await reading;
    assert.ok(Date.now() - closing < 1000);
    assert.ok(error);
    assert.deepEqual(
      parseFrames(received).map((frame) => frame.event),
      ['message_start'],
    );
    assert.equal(api.requests[0].aborted, false, 'a server-side close is not a client abort');
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

  it('validates JSON script files and names what is wrong', () => {
    const valid: ScriptFile = {
      eventDelayMs: 10,
      modelOverrides: { 'claude-tiny': { contextWindow: 2000 } },
      routes: [
        {
          name: 'T1',
          match: { regex: 'T1\\b' },
          turns: [
            httpError(529, { retryAfterMs: 10 }),
            reply([thinking('Checking a first.'), toolUse('read_file', { path: 'a' })]),
            reply(['No.'], { stopReason: 'refusal', stopDetails: { category: 'cyber', explanation: null } }),
            reply(['Cut.'], { stopReason: 'model_context_window_exceeded' }),
            stallAfter(2),
          ],
        },
      ],
    };
    assert.deepEqual(parseScriptFile(JSON.parse(JSON.stringify(valid))), valid);
    assert.throws(() => parseScriptFile({ routes: [{ match: 'x', turns: [{ kind: 'explode' }] }] }), /invalid fake Messages API script[\s\S]*kind/);
    assert.throws(() => parseScriptFile({ routes: [{ match: 'x', turns: [{ kind: 'drop' }] }] }), /afterFrames/);
  });

  it('runs as its own process from a script file and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fanout-fake-'));
    const script: ScriptFile = { routes: [{ match: 'T1', turns: [reply(['from the other process'])] }], modelOverrides: { m: { contextWindow: 10 } } };
    await writeFile(join(dir, 'script.json'), JSON.stringify(script));
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../fake/serve.ts'), join(dir, 'script.json'), '--log', join(dir, 'log.json')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await lines[Symbol.asyncIterator]().next();
      assert.equal(first.done, false, 'serve.ts printed a line');
      const { baseURL } = JSON.parse(String(first.value)) as { baseURL: string };
      assert.match(baseURL, /^http:\/\/127\.0\.0\.1:\d+$/);
      const tooLong = await fetch(`${baseURL}/v1/messages`, { method: 'POST', body: JSON.stringify(body('T1')) });
      assert.match(JSON.stringify(await tooLong.json()), /prompt is too long: \d+ tokens > 10 maximum/, 'the script file overrides the model table');
      const response = await fetch(`${baseURL}/v1/messages`, { method: 'POST', body: JSON.stringify(body('T1', { model: 'n' })) });
      assert.equal(((await response.json()) as { content: Array<{ text: string }> }).content[0].text, 'from the other process');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const log = JSON.parse(await readFile(join(dir, 'log.json'), 'utf8')) as LoggedRequest[];
      assert.deepEqual(
        log.map((entry) => [entry.route, entry.status]),
        [
          [null, 400],
          ['route0', 200],
        ],
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops the separate process when its stdin closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fanout-fake-'));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ routes: [] }));
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../fake/serve.ts'), join(dir, 'script.json')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
      assert.match(String(first.value), /"baseURL":"http:\/\/127\.0\.0\.1:\d+"/);
      child.stdin.end();
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });
});
