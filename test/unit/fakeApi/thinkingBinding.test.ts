import * as assert from 'node:assert/strict';
import type { Anthropic } from '@anthropic-ai/sdk';
import { reply, text, toolUse } from '../../fake/messagesServer';
import { rejects400, send, startHarness, type Harness } from './strictHarness';

const MODEL = 'claude-sonnet-5-5';
const SYSTEM = 'Shared instructions for every agent.';
const TOOLS: Anthropic.Tool[] = [{ name: 'read_file', input_schema: { type: 'object', properties: { path: { type: 'string' } } } }];
const BOUND =
  'messages.1.content.0: Invalid `signature` in `thinking` block. The block is bound to a different conversation. Remove the block, or set `thinking.block_binding.prefix_mismatch_behavior` to "drop_block".';
const BETA_SENTENCE = ' That setting requires the `thinking-binding-controls-2026-08-01` value in the `anthropic-beta` header.';

function first(model = MODEL, system = SYSTEM): Anthropic.MessageStreamParams {
  return {
    model,
    max_tokens: 4096,
    system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }],
    tools: TOOLS,
    messages: [{ role: 'user', content: 'Task T1: read a.ts.' }],
  };
}

/** The second request of the tool loop: the answer sent back as it came, then the tool result. */
function followUp(
  answer: Anthropic.Message,
  change: { model?: string; system?: string; content?: Anthropic.ContentBlockParam[] } = {},
): Anthropic.MessageStreamParams {
  const call = answer.content.find((block) => block.type === 'tool_use');
  assert.ok(call);
  const base = first(change.model, change.system);
  return {
    ...base,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Task T1: read a.ts.' }] },
      { role: 'assistant', content: change.content ?? answer.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'export const a = 1;', cache_control: { type: 'ephemeral' } }] },
    ],
  };
}

/** The same request for count_tokens, which takes no max_tokens. */
function countParams(params: Anthropic.MessageStreamParams): Anthropic.MessageCountTokensParams {
  const { max_tokens: _maxTokens, ...rest } = params;
  return rest as Anthropic.MessageCountTokensParams;
}

describe('strict fake Messages API: thinking blocks bound to the model and the conversation', () => {
  let harness: Harness;
  let answer: Anthropic.Message;

  beforeEach(async () => {
    harness = await startHarness();
    harness.api.script([
      { match: 'export const a', turns: [reply(['a.ts exports a.'])], onExhausted: 'repeatLast' },
      { match: 'Task T1', turns: [reply([text('Reading a.ts first.'), toolUse('read_file', { path: 'a.ts' })])], onExhausted: 'repeatLast' },
    ]);
    answer = await send(harness.client, first());
    assert.deepEqual(
      answer.content.map((block) => block.type),
      ['thinking', 'tool_use'],
    );
  });

  afterEach(async () => {
    await harness.close();
  });

  it('takes the blocks back verbatim, whatever moved the cache breakpoint', async () => {
    const message = await send(harness.client, followUp(answer));
    assert.equal(message.content.find((block) => block.type === 'text')?.text, 'a.ts exports a.');
    const counted = await harness.client.messages.countTokens(countParams(followUp(answer)));
    assert.ok(counted.input_tokens > 0);
  });

  it('refuses a thinking block whose text or signature was changed', async () => {
    const [block, call] = answer.content;
    assert.ok(block.type === 'thinking');
    await rejects400(
      send(
        harness.client,
        followUp(answer, { content: [{ type: 'thinking', thinking: 'I edited this.', signature: block.signature }, call as Anthropic.ToolUseBlockParam] }),
      ),
      'messages.1.content.0: Invalid `signature` in `thinking` block',
    );
    await rejects400(
      send(
        harness.client,
        followUp(answer, { content: [{ type: 'thinking', thinking: '', signature: 'not-a-signature' }, call as Anthropic.ToolUseBlockParam] }),
      ),
      'messages.1.content.0: Invalid `signature` in `thinking` block',
    );
  });

  it('refuses a block whose conversation prefix changed, on messages and count_tokens, unless told to drop it', async () => {
    const changed = followUp(answer, { system: 'Different instructions.' });
    await rejects400(send(harness.client, changed), BOUND + BETA_SENTENCE);
    await rejects400(harness.client.messages.countTokens(countParams(changed)), BOUND + BETA_SENTENCE);
    const withBeta = { headers: { 'anthropic-beta': 'thinking-binding-controls-2026-08-01' } };
    await rejects400(harness.client.messages.stream(changed, withBeta).finalMessage(), BOUND);
    const dropping = {
      ...changed,
      thinking: { type: 'adaptive', block_binding: { prefix_mismatch_behavior: 'drop_block' } },
    } as unknown as Anthropic.MessageStreamParams;
    const message = await harness.client.messages.stream(dropping, withBeta).finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
  });

  it("drops another model's blocks silently: the request succeeds", async () => {
    const message = await send(harness.client, followUp(answer, { model: 'claude-opus-5-5' }));
    assert.equal(message.stop_reason, 'end_turn');
  });

  it('refuses a final assistant turn that lost the thinking its tool call came with', async () => {
    const withoutThinking = answer.content.filter((block) => block.type !== 'thinking') as Anthropic.ContentBlockParam[];
    await rejects400(
      send(harness.client, followUp(answer, { content: withoutThinking })),
      'messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block.',
    );
  });
});
