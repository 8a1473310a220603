import * as assert from 'node:assert/strict';
import { reply } from '../../fake/messagesServer';
import { ask, messageOf, postRaw, rejects400, send, useHarness } from './strictHarness';

const MODEL = 'claude-opus-5-5';

describe('strict fake Messages API: message content', () => {
  const harness = useHarness();

  it('rejects an empty text block with its index', async () => {
    const { client } = harness();
    const content = (second: string) => [
      { type: 'text' as const, text: 'First part.' },
      { type: 'text' as const, text: second },
    ];
    await rejects400(
      send(client, { ...ask(MODEL), messages: [{ role: 'user', content: content('') }] }),
      'messages.0.content.1: text content blocks must be non-empty',
    );
    await rejects400(send(client, { ...ask(MODEL), messages: [{ role: 'user', content: '' }] }), 'messages.0.content.0: text content blocks must be non-empty');
    await send(client, { ...ask(MODEL), messages: [{ role: 'user', content: content('Second part.') }] });
  });

  it('rejects a whitespace-only text block, in messages and in tool results', async () => {
    const { client } = harness();
    await rejects400(
      send(client, { ...ask(MODEL), messages: [{ role: 'user', content: [{ type: 'text', text: ' \n\t ' }] }] }),
      'messages: text content blocks must contain non-whitespace text',
    );
    await rejects400(
      send(client, {
        ...ask(MODEL),
        messages: [
          { role: 'user', content: 'Read it.' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'read_file', input: { path: 'a.ts' } }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: [{ type: 'text', text: '  ' }] }] },
        ],
      }),
      'messages: text content blocks must contain non-whitespace text',
    );
  });

  it('applies the same text rules to system', async () => {
    const { client } = harness();
    await rejects400(send(client, ask(MODEL, 'hi', { system: '   ' })), 'system: text content blocks must contain non-whitespace text');
    await rejects400(
      send(
        client,
        ask(MODEL, 'hi', {
          system: [
            { type: 'text', text: 'Shared.' },
            { type: 'text', text: '' },
          ],
        }),
      ),
      'system: text content blocks must be non-empty',
    );
    await rejects400(
      send(client, ask(MODEL, 'hi', { system: [{ type: 'text', text: '\n' }] })),
      'system: text content blocks must contain non-whitespace text',
    );
    await send(client, ask(MODEL, 'hi', { system: [{ type: 'text', text: 'Shared.', cache_control: { type: 'ephemeral' } }] }));
  });

  it('requires a non-empty messages list that starts with a user turn', async () => {
    const { client, api } = harness();
    await rejects400(send(client, { ...ask(MODEL), messages: [] }), 'messages: at least one message is required');
    await rejects400(
      send(client, {
        ...ask(MODEL),
        messages: [
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Hi.' },
        ],
      }),
      'messages: first message must use the "user" role',
    );
    const badRole = await postRaw(api, { model: MODEL, max_tokens: 10, messages: [{ role: 'system', content: 'x' }] });
    assert.equal(messageOf(badRole.json), "messages.0.role: Input should be 'user' or 'assistant'");
  });

  it('merges consecutive user turns instead of rejecting them', async () => {
    const { client, api } = harness();
    api.script([{ match: 'second note', turns: [reply(['merged'])] }]);
    const message = await send(client, {
      ...ask(MODEL),
      messages: [
        { role: 'user', content: 'first note' },
        { role: 'user', content: 'second note' },
      ],
    });
    assert.equal(message.content.find((block) => block.type === 'text')?.text, 'merged');
  });

  it('keeps blocks in the role they belong to', async () => {
    const { client } = harness();
    await rejects400(
      send(client, { ...ask(MODEL), messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'toolu_x', name: 'read_file', input: {} }] }] }),
      'messages.0.content.0: `tool_use` blocks are only allowed in `assistant` messages',
    );
  });
});
