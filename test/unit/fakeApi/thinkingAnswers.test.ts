import * as assert from 'node:assert/strict';
import type { Anthropic } from '@anthropic-ai/sdk';
import { reply, text, thinking, toolUse, type JsonObject } from '../../fake/messagesServer';
import { GENERATED_THINKING } from '../../../src/fakeApi/answerShape';
import { ask, send, startHarness, type Harness } from './strictHarness';

interface Frame {
  event: string;
  data: JsonObject;
}

/** The answer's blocks as `type:text` strings, e.g. `thinking:`, `text:Done.`, `tool_use:read_file`. */
function shape(message: Anthropic.Message): string[] {
  return message.content.map((block) => {
    switch (block.type) {
      case 'thinking':
        return `thinking:${block.thinking}`;
      case 'text':
        return `text:${block.text}`;
      case 'tool_use':
        return `tool_use:${block.name}`;
      default:
        return block.type;
    }
  });
}

const NARRATED = reply([
  text('Reading the types first.'),
  toolUse('read_file', { path: 'a.ts' }),
  text('Now the tests.'),
  toolUse('read_file', { path: 'b.ts' }),
  text('Both read.'),
]);
const TOOLS = [{ name: 'read_file', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } } }];

describe('strict fake Messages API: answers like the current models', () => {
  let harness: Harness;

  afterEach(async () => {
    await harness.close();
  });

  async function frames(body: JsonObject): Promise<Frame[]> {
    const response = await fetch(`${harness.api.baseURL}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k' },
      body: JSON.stringify({ ...body, stream: true }),
    });
    assert.equal(response.status, 200);
    return (await response.text())
      .split('\n\n')
      .filter((chunk) => chunk.length > 0)
      .map((chunk) => {
        const match = /^event: (.+)\ndata: (.+)$/.exec(chunk);
        assert.ok(match);
        return { event: match[1], data: JSON.parse(match[2]) as JsonObject };
      });
  }

  function describeFrames(all: readonly Frame[]): string[] {
    return all.map((frame) => {
      if (frame.event === 'content_block_start') return `start:${(frame.data.content_block as JsonObject).type as string}`;
      if (frame.event === 'content_block_delta') return `delta:${(frame.data.delta as JsonObject).type as string}`;
      return frame.event;
    });
  }

  it('opens a Sonnet 5.5 answer with an empty, signed thinking block under the default display, streamed without thinking deltas', async () => {
    harness = await startHarness({ fallback: reply(['Done.']), pings: false });
    const message = await send(harness.client, ask('claude-sonnet-5-5'));
    assert.deepEqual(shape(message), ['thinking:', 'text:Done.']);
    const block = message.content[0];
    assert.ok(block.type === 'thinking' && block.signature.length > 20, 'a signature comes with it');

    const streamed = await frames({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(describeFrames(streamed), [
      'message_start',
      'start:thinking',
      'delta:signature_delta',
      'content_block_stop',
      'start:text',
      'delta:text_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    assert.deepEqual(streamed[1].data.content_block, { type: 'thinking', thinking: '', signature: '' });
  });

  it('sends the scripted thinking, or a generated summary, under the summarized display', async () => {
    harness = await startHarness({ deltaChars: 8, pings: false });
    harness.api.script([
      { match: 'scripted', turns: [reply([thinking('Plan: read a.ts first.'), text('Done.')])], onExhausted: 'repeatLast' },
      { match: 'generated', turns: [reply(['Done.'])] },
    ]);
    const summarized = { thinking: { type: 'adaptive', display: 'summarized' } } as const;
    assert.deepEqual(shape(await send(harness.client, ask('claude-opus-5-5', 'scripted', summarized))), ['thinking:Plan: read a.ts first.', 'text:Done.']);
    assert.deepEqual(shape(await send(harness.client, ask('claude-opus-5-5', 'generated', summarized))), [`thinking:${GENERATED_THINKING}`, 'text:Done.']);
    assert.deepEqual(shape(await send(harness.client, ask('claude-opus-5-5', 'scripted'))), ['thinking:', 'text:Done.'], 'omitted by default');

    const streamed = await frames({ model: 'claude-opus-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'scripted' }], ...summarized });
    const deltas = streamed.filter((frame) => frame.event === 'content_block_delta' && frame.data.index === 0).map((frame) => frame.data.delta as JsonObject);
    assert.deepEqual(
      deltas.map((delta) => delta.type),
      ['thinking_delta', 'thinking_delta', 'thinking_delta', 'signature_delta'],
    );
    assert.equal(deltas.map((delta) => delta.thinking ?? '').join(''), 'Plan: read a.ts first.');
  });

  it('moves text written before a tool call into thinking on Sonnet 5.5, and keeps it as text on Haiku 5.5', async () => {
    harness = await startHarness({ fallback: NARRATED });
    const params = ask('claude-sonnet-5-5', 'hi', { tools: TOOLS });
    assert.deepEqual(shape(await send(harness.client, params)), ['thinking:', 'tool_use:read_file', 'thinking:', 'tool_use:read_file', 'text:Both read.']);
    assert.deepEqual(shape(await send(harness.client, { ...params, thinking: { type: 'adaptive', display: 'summarized' } })), [
      'thinking:Reading the types first.',
      'tool_use:read_file',
      'thinking:Now the tests.',
      'tool_use:read_file',
      'text:Both read.',
    ]);
    assert.deepEqual(shape(await send(harness.client, { ...params, model: 'claude-haiku-5-5' })), [
      'thinking:',
      'text:Reading the types first.',
      'tool_use:read_file',
      'text:Now the tests.',
      'tool_use:read_file',
      'text:Both read.',
    ]);
  });

  it('answers a forced tool choice on Haiku 5.5 with the tool call first and no thinking block', async () => {
    harness = await startHarness({ fallback: reply([thinking('never shown'), text('Nor this.'), toolUse('read_file', { path: 'a.ts' })]) });
    const message = await send(harness.client, ask('claude-haiku-5-5', 'hi', { tools: TOOLS, tool_choice: { type: 'tool', name: 'read_file' } }));
    assert.deepEqual(shape(message), ['tool_use:read_file']);
  });

  it('sends no thinking when it is disabled or the model has none', async () => {
    harness = await startHarness({ fallback: reply([thinking('hidden'), text('Done.')]) });
    assert.deepEqual(shape(await send(harness.client, ask('claude-haiku-5-5', 'hi', { thinking: { type: 'disabled' } }))), ['text:Done.']);
    assert.deepEqual(shape(await send(harness.client, ask('some-unknown-model'))), ['text:Done.']);
    assert.deepEqual(shape(await send(harness.client, ask('claude-haiku-4-5'))), ['text:Done.'], 'Haiku 4.5 thinks only when asked');
    assert.deepEqual(
      shape(await send(harness.client, ask('claude-haiku-4-5', 'hi', { thinking: { type: 'enabled', budget_tokens: 1024 } }))),
      ['thinking:hidden', 'text:Done.'],
      'summarized there',
    );
  });

  it('thinks only between tool calls with between_tools, returning the notes as text without a display', async () => {
    harness = await startHarness({ fallback: NARRATED });
    const message = await send(harness.client, ask('claude-sonnet-5-5', 'hi', { tools: TOOLS, thinking: { type: 'between_tools' } }));
    assert.deepEqual(shape(message), [
      'thinking:Reading the types first.',
      'tool_use:read_file',
      'thinking:Now the tests.',
      'tool_use:read_file',
      'text:Both read.',
    ]);
    harness.api.setHandler(reply(['Just text.']));
    assert.deepEqual(shape(await send(harness.client, ask('claude-sonnet-5-5', 'hi', { thinking: { type: 'between_tools' } }))), ['text:Just text.']);
  });
});
