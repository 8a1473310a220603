import * as assert from 'node:assert/strict';
import type { JsonObject } from '../../fake/messagesServer';
import { ask, messageOf, postRaw, rejects400, send, useHarness } from './strictHarness';

const TOOLS = [{ name: 'read_file', description: 'Reads a file.', input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } } }];

describe('strict fake Messages API: request parameters', () => {
  const harness = useHarness();

  it('requires model to be a string', async () => {
    const missing = await postRaw(harness().api, { max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(missing.status, 400);
    assert.equal(messageOf(missing.json), 'model: Field required');
    const wrong = await postRaw(harness().api, { model: 5, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(messageOf(wrong.json), 'model: Input should be a valid string');
    assert.deepEqual(
      harness().api.requests.map((entry) => [entry.outcome, entry.status]),
      [
        ['rejected', 400],
        ['rejected', 400],
      ],
    );
    assert.equal(harness().api.requests[0].rejection, 'model: Field required');
  });

  it("caps max_tokens at the model's output limit and requires a positive integer", async () => {
    const { client, api } = harness();
    await rejects400(
      send(client, ask('claude-opus-5-5', 'hi', { max_tokens: 200_000 })),
      'max_tokens: 200000 > 128000, which is the maximum allowed number of output tokens for claude-opus-5-5',
    );
    await rejects400(
      send(client, ask('claude-haiku-4-5', 'hi', { max_tokens: 64_001 })),
      'max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5',
    );
    assert.equal((await send(client, ask('claude-opus-5-5', 'hi', { max_tokens: 128_000 }))).stop_reason, 'end_turn');
    assert.equal(
      messageOf((await postRaw(api, { model: 'claude-opus-5-5', max_tokens: 0, messages: [{ role: 'user', content: 'x' }] })).json),
      'max_tokens: Input should be greater than or equal to 1',
    );
    assert.equal(
      messageOf((await postRaw(api, { model: 'claude-opus-5-5', max_tokens: 1.5, messages: [{ role: 'user', content: 'x' }] })).json),
      'max_tokens: Input should be a valid integer',
    );
    assert.equal(messageOf((await postRaw(api, { model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'x' }] })).json), 'max_tokens: Field required');
  });

  it('rejects a forced tool_choice on Opus 5.5, Sonnet 5.5 and Fable 5.1, on messages and count_tokens alike', async () => {
    const { client } = harness();
    const message = 'tool_choice: type "tool" and "any" are not supported for this model.';
    for (const model of ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-fable-5-1']) {
      await rejects400(send(client, ask(model, 'hi', { tools: TOOLS, tool_choice: { type: 'any' } })), message);
      await rejects400(send(client, ask(model, 'hi', { tools: TOOLS, tool_choice: { type: 'tool', name: 'read_file' } })), message);
      await rejects400(
        client.messages.countTokens({ model, messages: [{ role: 'user', content: 'hi' }], tools: TOOLS, tool_choice: { type: 'any' } }),
        message,
      );
      await send(client, ask(model, 'hi', { tools: TOOLS, tool_choice: { type: 'auto' } }));
      await send(client, ask(model, 'hi', { tools: TOOLS, tool_choice: { type: 'none' } }));
      assert.ok((await client.messages.countTokens({ model, messages: [{ role: 'user', content: 'hi' }], tools: TOOLS })).input_tokens > 0);
    }
    await send(client, ask('claude-haiku-5-5', 'hi', { tools: TOOLS, tool_choice: { type: 'tool', name: 'read_file' } }));
  });

  it('rejects non-default temperature, top_p and top_k on the current models, and takes them on Haiku 4.5', async () => {
    // SDK 1.14 has no sampling fields at all, so these requests are written by hand.
    const { api } = harness();
    const sampled = async (model: string, fields: JsonObject): Promise<{ status: number; message: string | undefined }> => {
      const { status, json } = await postRaw(api, { model, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...fields });
      return { status, message: status === 200 ? undefined : messageOf(json) };
    };
    assert.deepEqual(await sampled('claude-sonnet-5-5', { temperature: 0.5 }), {
      status: 400,
      message: 'temperature: non-default sampling parameters are not supported for this model.',
    });
    assert.deepEqual(await sampled('claude-opus-5-5', { top_p: 0.9 }), {
      status: 400,
      message: 'top_p: non-default sampling parameters are not supported for this model.',
    });
    assert.deepEqual(await sampled('claude-haiku-5-5', { top_k: 5 }), {
      status: 400,
      message: 'top_k: non-default sampling parameters are not supported for this model.',
    });
    assert.deepEqual(await sampled('claude-sonnet-5-5', { temperature: 1 }), { status: 200, message: undefined });
    assert.deepEqual(await sampled('claude-haiku-4-5', { temperature: 0.2, top_k: 5 }), { status: 200, message: undefined });
  });

  it('rejects an assistant prefill on the 5.x models and takes it on Haiku 4.5', async () => {
    const { client } = harness();
    const prefilled = {
      messages: [
        { role: 'user' as const, content: 'Name a colour.' },
        { role: 'assistant' as const, content: 'The colour is' },
      ],
    };
    for (const model of ['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5']) {
      await rejects400(
        send(client, { ...ask(model), ...prefilled }),
        'messages.1: this model does not support assistant message prefill; the final message must have the "user" role.',
      );
    }
    await send(client, { ...ask('claude-haiku-4-5'), ...prefilled });
    await send(client, { ...ask('claude-opus-5-5'), messages: [...prefilled.messages, { role: 'user', content: 'Go on.' }] });
  });

  it("takes only the model's effort levels, and no effort on a model without it", async () => {
    const { client, api } = harness();
    await rejects400(
      send(client, ask('claude-haiku-4-5', 'hi', { output_config: { effort: 'low' } })),
      'output_config.effort: effort is not supported for this model.',
    );
    const adaptive = await postRaw(api, {
      model: 'claude-opus-5-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x' }],
      output_config: { effort: 'adaptive' },
    });
    assert.equal(messageOf(adaptive.json), "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
    for (const effort of ['low', 'medium', 'high', 'xhigh', 'max'] as const) {
      await send(client, ask('claude-opus-5-5', 'hi', { output_config: { effort } }));
    }
  });
});
