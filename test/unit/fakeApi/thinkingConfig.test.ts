import * as assert from 'node:assert/strict';
import { ask, messageOf, postRaw, rejects400, send, useHarness } from './strictHarness';

const TOOLS = [{ name: 'read_file', input_schema: { type: 'object' as const, properties: {} } }];

describe('strict fake Messages API: thinking and effort settings', () => {
  const harness = useHarness();

  it('rejects disabled and enabled thinking on Opus 5.5 and Fable 5.1 with the documented messages', async () => {
    const { client } = harness();
    for (const model of ['claude-opus-5-5', 'claude-fable-5-1']) {
      await rejects400(
        send(client, ask(model, 'hi', { thinking: { type: 'disabled' } })),
        '"thinking.type.disabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
      );
      await rejects400(
        send(client, ask(model, 'hi', { thinking: { type: 'enabled', budget_tokens: 2048 } })),
        '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
      );
      await send(client, ask(model, 'hi', { thinking: { type: 'adaptive' } }));
    }
  });

  it('points Sonnet 5.5 from disabled to between_tools, which it takes at low/medium/high effort and alone', async () => {
    const { client, api } = harness();
    await rejects400(
      send(client, ask('claude-sonnet-5-5', 'hi', { thinking: { type: 'disabled' } })),
      '"thinking.type.disabled" is not supported for this model. Use "thinking.type.between_tools" for the lowest thinking setting, or "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
    );
    await rejects400(
      send(client, ask('claude-sonnet-5-5', 'hi', { thinking: { type: 'between_tools' }, output_config: { effort: 'xhigh' } })),
      `"thinking.type.between_tools" is not supported at effort "xhigh". Use an effort of 'low', 'medium' or 'high', or "thinking.type.adaptive".`,
    );
    const withDisplay = await postRaw(api, {
      model: 'claude-sonnet-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'between_tools', display: 'summarized' },
    });
    assert.equal(withDisplay.status, 400);
    assert.equal(messageOf(withDisplay.json), 'thinking.between_tools.display: "thinking.type.between_tools" takes no other field.');
    await send(client, ask('claude-sonnet-5-5', 'hi', { thinking: { type: 'between_tools' } }));
    await send(client, ask('claude-sonnet-5-5', 'hi', { thinking: { type: 'between_tools' }, output_config: { effort: 'low' } }));
  });

  it('takes disabled thinking on Haiku 5.5 at high effort or below only', async () => {
    const { client } = harness();
    await rejects400(
      send(client, ask('claude-haiku-5-5', 'hi', { thinking: { type: 'disabled' }, output_config: { effort: 'xhigh' } })),
      `"thinking.type.disabled" is not supported at effort "xhigh" for this model. Use an effort of 'low', 'medium' or 'high', or "thinking.type.adaptive".`,
    );
    await send(client, ask('claude-haiku-5-5', 'hi', { thinking: { type: 'disabled' } }));
    await send(client, ask('claude-haiku-5-5', 'hi', { thinking: { type: 'disabled' }, output_config: { effort: 'high' } }));
  });

  it('takes only the displays the model lists', async () => {
    const { client, api } = harness();
    const updates = await postRaw(api, {
      model: 'claude-opus-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'adaptive', display: 'updates' },
    });
    assert.equal(messageOf(updates.json), "thinking.adaptive.display: Input should be 'omitted' or 'summarized'");
    await send(client, ask('claude-opus-5-5', 'hi', { thinking: { type: 'adaptive', display: 'summarized' } }));
    await send(client, ask('claude-opus-5-5', 'hi', { thinking: { type: 'adaptive', display: 'omitted' } }));
  });

  it('checks extended thinking where it is the only mode (Haiku 4.5): budget, max_tokens, forced tools; no adaptive', async () => {
    const { client } = harness();
    await rejects400(send(client, ask('claude-haiku-4-5', 'hi', { thinking: { type: 'adaptive' } })), 'adaptive thinking is not supported on this model');
    await rejects400(
      send(client, ask('claude-haiku-4-5', 'hi', { thinking: { type: 'enabled', budget_tokens: 512 } })),
      'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024',
    );
    await rejects400(
      send(client, ask('claude-haiku-4-5', 'hi', { max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 } })),
      '`max_tokens` must be greater than `thinking.budget_tokens`.',
    );
    await rejects400(
      send(client, ask('claude-haiku-4-5', 'hi', { tools: TOOLS, tool_choice: { type: 'any' }, thinking: { type: 'enabled', budget_tokens: 1024 } })),
      'Thinking may not be enabled when tool_choice forces tool use.',
    );
    await send(client, ask('claude-haiku-4-5', 'hi', { thinking: { type: 'enabled', budget_tokens: 1024 } }));
  });

  it('asks for the beta header before taking block_binding', async () => {
    const { api } = harness();
    const body = {
      model: 'claude-opus-5-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
      thinking: { type: 'adaptive', block_binding: { prefix_mismatch_behavior: 'drop_block' } },
    };
    const without = await postRaw(api, body);
    assert.equal(
      messageOf(without.json),
      'thinking.adaptive.block_binding: requires the `thinking-binding-controls-2026-08-01` value in the `anthropic-beta` header.',
    );
    const withBeta = await postRaw(api, body, { 'anthropic-beta': 'thinking-binding-controls-2026-08-01' });
    assert.equal(withBeta.status, 200);
  });
});
