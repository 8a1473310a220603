/**
 * A tool_use whose streamed input is not valid JSON: the SDK's MessageStream throws when it parses
 * the input at the block's end (an AnthropicError caused by a SyntaxError) and loses the answer. The
 * streaming wrapper keeps the whole answer and names the call instead.
 */
import Anthropic from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { streamMessage } from '../../../src/core/model/call/streamMessage';
import { INVALID_INPUT_EXCERPT_CHARS } from '../../../src/core/model/call/toolInputs';
import { reply, text, toolUse } from '../../fake/messagesServer';
import { useFakeMessagesApi } from '../agent/messagesApiRequests';

const TOOLS: Anthropic.Tool[] = [{ name: 'write_file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];
const PARAMS: Anthropic.MessageStreamParams = { model: 'claude-test-1', max_tokens: 256, tools: TOOLS, messages: [{ role: 'user', content: 'write it' }] };

describe('model calls: tool input that is not valid JSON', () => {
  const fake = useFakeMessagesApi();

  it('the SDK alone rejects the whole answer with an AnthropicError caused by a SyntaxError', async () => {
    fake.server.script([{ match: 'write it', turns: [reply([{ ...toolUse('write_file', {}, 'toolu_bad'), rawInput: '{"path": nope}' }])] }]);
    const client = new Anthropic({ apiKey: 'test', baseURL: fake.server.baseURL, maxRetries: 0 });
    const error = await client.messages
      .stream(PARAMS)
      .finalMessage()
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    assert.ok(error instanceof Anthropic.AnthropicError && !(error instanceof Anthropic.APIError));
    assert.ok((error as Error & { cause?: unknown }).cause instanceof SyntaxError);
  });

  it('keeps the whole answer (the blocks after the call, the stop reason, the usage) and names the call with its parse error and the start of its text', async () => {
    const raw = `{"path": "a.ts", "content": ${'y'.repeat(5_000)}}`;
    fake.server.script([
      {
        match: 'write it',
        turns: [
          reply([text('Writing.'), { ...toolUse('write_file', {}, 'toolu_bad'), rawInput: raw }, toolUse('write_file', { path: 'b.ts' }, 'toolu_good')], {
            usage: { output_tokens: 1234 },
          }),
        ],
      },
    ]);
    const client = new Anthropic({ apiKey: 'test', baseURL: fake.server.baseURL, maxRetries: 0 });
    const outcome = await streamMessage({ client, params: PARAMS, sdkRetries: 0 });
    assert.ok(outcome.ok);
    assert.deepEqual(
      outcome.message.content.map((block) => (block.type === 'tool_use' ? [block.id, block.input] : block.type)),
      ['text', ['toolu_bad', {}], ['toolu_good', { path: 'b.ts' }]],
    );
    assert.equal(outcome.message.stop_reason, 'tool_use');
    assert.equal(outcome.message.usage.output_tokens, 1234);
    const bad = outcome.invalidToolInputs?.get('toolu_bad');
    assert.deepEqual([bad?.name, bad?.chars, bad?.excerpt], ['write_file', raw.length, raw.slice(0, INVALID_INPUT_EXCERPT_CHARS)]);
    assert.match(bad?.error ?? '', /not valid JSON/);
    assert.deepEqual([...(outcome.invalidToolInputs?.keys() ?? [])], ['toolu_bad']);
  });

  it('names nothing for an answer whose inputs parse', async () => {
    fake.server.script([{ match: 'write it', turns: [reply([toolUse('write_file', { path: 'b.ts' })])] }]);
    const client = new Anthropic({ apiKey: 'test', baseURL: fake.server.baseURL, maxRetries: 0 });
    const outcome = await streamMessage({ client, params: PARAMS, sdkRetries: 0 });
    assert.ok(outcome.ok);
    assert.equal(outcome.invalidToolInputs, undefined);
  });
});
