import * as assert from 'node:assert/strict';
import { Anthropic } from '@anthropic-ai/sdk';
import { reply, text, toolUse } from '../../fake/messagesServer';
import { messageOf, postRaw, rejects400, useHarness } from './strictHarness';

type BetaParams = Anthropic.Beta.MessageCreateParamsNonStreaming;
type BetaMessage = Anthropic.Beta.BetaMessage;

const MODEL = 'claude-opus-5-5';
const BETA = 'compact-2026-09-04';

const HISTORY: Anthropic.Beta.BetaMessageParam[] = [
  { role: 'user', content: 'Task T1: plan the parser.' },
  { role: 'assistant', content: [{ type: 'text', text: 'The parser needs a tokenizer and a grammar.' }] },
  { role: 'user', content: 'Summarize before we go on.' },
];

function compactionRequest(extra: Partial<BetaParams> = {}): BetaParams {
  return { model: MODEL, max_tokens: 4096, messages: HISTORY, compaction: { type: 'summarize' }, betas: [BETA], ...extra };
}

function compactionOf(message: BetaMessage): Anthropic.Beta.BetaCompactionBlock {
  const [block] = message.content;
  assert.ok(block.type === 'compaction');
  return block;
}

/** The conversation after compaction: the block first, then the new turn. */
function continued(block: Anthropic.Beta.BetaCompactionBlockParam, extra: Partial<BetaParams> = {}): BetaParams {
  return {
    model: MODEL,
    max_tokens: 4096,
    betas: [BETA],
    messages: [{ role: 'user', content: [block, { type: 'text', text: 'Task T1: continue with the tokenizer.' }] }],
    ...extra,
  };
}

describe('strict fake Messages API: compaction on demand', () => {
  const harness = useHarness();

  it('answers a compaction request itself with one signed compaction block, and takes it back first in a later request', async () => {
    const { client, api } = harness();
    api.script([{ name: 'after', match: 'continue with the tokenizer', turns: [reply(['Tokenizer next.'])] }]);
    const compacted = await client.beta.messages.create(compactionRequest());
    assert.equal(compacted.stop_reason, 'compaction');
    assert.equal(compacted.content.length, 1);
    const block = compactionOf(compacted);
    assert.match(block.content ?? '', /^Summary of 3 messages: Task T1: plan the parser\.\nThe parser needs a tokenizer/);
    assert.ok((block.signature ?? '').length > 20);
    assert.equal(api.requests[0].outcome, 'compaction');
    assert.equal(api.requests[0].route, null, 'no script answered it');

    const next = await client.beta.messages.create(continued({ type: 'compaction', content: block.content, signature: block.signature }));
    assert.equal(next.content.find((item) => item.type === 'text')?.text, 'Tokenizer next.');
    assert.equal(api.requests[1].route, 'after');

    const ownMessage: BetaParams = {
      ...continued({ type: 'compaction', content: block.content, signature: block.signature }),
      messages: [
        { role: 'assistant', content: [{ type: 'compaction', content: block.content, signature: block.signature }] },
        { role: 'user', content: 'Task T1: continue with the tokenizer.' },
      ],
    };
    api.script([{ match: 'continue with the tokenizer', turns: [reply(['Again.'])] }]);
    assert.equal((await client.beta.messages.create(ownMessage)).stop_reason, 'end_turn');
  });

  it('streams the block whole in content_block_start', async () => {
    const message = await harness().client.beta.messages.stream(compactionRequest()).finalMessage();
    assert.equal(message.stop_reason, 'compaction');
    assert.match(compactionOf(message).content ?? '', /^Summary of 3 messages/);
  });

  it('refuses what a compaction request may not carry', async () => {
    const { client, api } = harness();
    const body = { model: MODEL, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], compaction: { type: 'summarize' } };
    assert.equal(messageOf((await postRaw(api, body)).json), 'compaction: requires the `compact-2026-09-04` value in the `anthropic-beta` header.');
    await rejects400(client.beta.messages.create(compactionRequest({ model: 'claude-haiku-5-5' })), 'compaction: compaction is not supported for this model.');
    await rejects400(
      client.beta.messages.create(
        compactionRequest({ output_config: { format: { type: 'json_schema', schema: { type: 'object', additionalProperties: false, properties: {} } } } }),
      ),
      'compaction: `output_config.format` is not supported on a compaction request.',
    );
    await rejects400(
      client.beta.messages.create(
        compactionRequest({ model: 'claude-opus-5', tools: [{ name: 'read_file', input_schema: { type: 'object' } }], tool_choice: { type: 'any' } }),
      ),
      'compaction: `tool_choice` type "tool" and "any" are not supported on a compaction request.',
    );
    await rejects400(
      client.beta.messages.create(compactionRequest({ stop_sequences: ['END'] })),
      'compaction: `stop_sequences` is not supported on a compaction request.',
    );
    await rejects400(
      client.beta.messages.create(compactionRequest({ context_management: { edits: [] } })),
      'compaction: `compaction` cannot be combined with `context_management`.',
    );
    const incomplete = await rejects400(
      client.beta.messages.create(
        compactionRequest({
          tools: [{ name: 'read_file', input_schema: { type: 'object' } }],
          messages: [
            { role: 'user', content: 'Task T1.' },
            { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'read_file', input: {} }] },
          ],
        }),
      ),
      'messages.1: compaction_incomplete_turn: The compaction request ends on an `assistant` turn that is not finished: its tool call has no result.',
    );
    assert.ok(incomplete instanceof Anthropic.Messages.CompactionIncompleteTurnError, 'the SDK maps error.details.error_code');
    assert.equal(incomplete.errorCode, 'compaction_incomplete_turn');
  });

  it('takes one compaction block only, first, unchanged and with the beta header', async () => {
    const { client, api } = harness();
    api.setHandler(reply(['ok']));
    const block = compactionOf(await client.beta.messages.create(compactionRequest()));
    const param: Anthropic.Beta.BetaCompactionBlockParam = { type: 'compaction', content: block.content, signature: block.signature };

    const raw = await postRaw(api, {
      model: MODEL,
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'compaction', content: block.content, signature: block.signature ?? null },
            { type: 'text', text: 'Go.' },
          ],
        },
      ],
    });
    assert.equal(messageOf(raw.json), 'messages.0.content.0: compaction blocks require the `compact-2026-09-04` value in the `anthropic-beta` header.');

    const twice = await rejects400(
      client.beta.messages.create({ ...continued(param), messages: [{ role: 'user', content: [param, param, { type: 'text', text: 'Go.' }] }] }),
      'messages.0.content.1: compaction_block_ambiguous: `messages` holds more than one `compaction` block with content. Send only the block the conversation returned last.',
    );
    assert.ok(twice instanceof Anthropic.Messages.CompactionBlockAmbiguousError);
    const misplaced = await rejects400(
      client.beta.messages.create({ ...continued(param), messages: [{ role: 'user', content: [{ type: 'text', text: 'Earlier.' }, param] }] }),
      'messages.0.content.1: compaction_block_misplaced: The `compaction` block is not the first block of the conversation. Send it first in `messages`, in place of the messages it summarizes.',
    );
    assert.ok(misplaced instanceof Anthropic.Messages.CompactionBlockMisplacedError);
    await rejects400(
      client.beta.messages.create(continued({ ...param, content: `${block.content ?? ''} (edited)` })),
      "messages.0.content.0: compaction_content_mismatch: The `compaction` block's `content` differs from the text its `signature` recorded.",
    );
    await rejects400(
      client.beta.messages.create(continued({ ...param, signature: 'forged' })),
      "messages.0.content.0: compaction_signature_invalid: The `compaction` block's `signature` does not verify.",
    );
  });

  it('keeps thinking valid after a compaction: the prefix is not compared, the signature still is', async () => {
    const { client, api } = harness();
    api.script([
      { match: 'tool said', turns: [reply(['Done.'])], onExhausted: 'repeatLast' },
      { match: 'Task T1', turns: [reply([text('Looking.'), toolUse('read_file', { path: 'a.ts' })])] },
    ]);
    const tools: Anthropic.Beta.BetaTool[] = [{ name: 'read_file', input_schema: { type: 'object' } }];
    const answer = await client.beta.messages.create({ model: MODEL, max_tokens: 4096, tools, messages: [{ role: 'user', content: 'Task T1: read a.ts.' }] });
    assert.deepEqual(
      answer.content.map((item) => item.type),
      ['thinking', 'tool_use'],
    );
    const call = answer.content[1];
    assert.ok(call.type === 'tool_use');
    const block = compactionOf(await client.beta.messages.create(compactionRequest()));
    const after = (content: Anthropic.Beta.BetaContentBlockParam[]): BetaParams => ({
      ...continued({ type: 'compaction', content: block.content, signature: block.signature }),
      tools,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'compaction', content: block.content, signature: block.signature },
            { type: 'text', text: 'Task T1: read a.ts.' },
          ],
        },
        { role: 'assistant', content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'the tool said hi' }] },
      ],
    });
    assert.equal((await client.beta.messages.create(after(answer.content as Anthropic.Beta.BetaContentBlockParam[]))).stop_reason, 'end_turn');
    const thinkingBlock = answer.content[0];
    assert.ok(thinkingBlock.type === 'thinking');
    await rejects400(
      client.beta.messages.create(
        after([{ type: 'thinking', thinking: 'edited', signature: thinkingBlock.signature }, call as Anthropic.Beta.BetaToolUseBlockParam]),
      ),
      'messages.1.content.0: Invalid `signature` in `thinking` block',
    );
  });
});
