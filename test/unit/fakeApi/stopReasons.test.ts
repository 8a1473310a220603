import * as assert from 'node:assert/strict';
import type { Anthropic } from '@anthropic-ai/sdk';
import { reply, type JsonObject } from '../../fake/messagesServer';
import { ask, send, startHarness, type Harness } from './strictHarness';

describe('strict fake Messages API: stop reasons', () => {
  let harness: Harness;

  afterEach(async () => {
    await harness.close();
  });

  it('sends stop_details with a refusal, shaped as SDK 1.14 RefusalStopDetails, streamed or not', async () => {
    harness = await startHarness({ fallback: reply(['I cannot help with that.'], { stopReason: 'refusal' }) });
    const streamed = await send(harness.client, ask('claude-opus-5-5'));
    assert.equal(streamed.stop_reason, 'refusal');
    const details: Anthropic.RefusalStopDetails | null = streamed.stop_details;
    assert.ok(details !== null);
    assert.equal(details.type, 'refusal');
    assert.equal(details.category, 'cyber');
    assert.equal(typeof details.explanation, 'string');

    harness.api.setHandler(reply(['No.'], { stopReason: 'refusal', stopDetails: { category: 'bio', explanation: null } }));
    const created = await harness.client.messages.create({ model: 'claude-opus-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    assert.deepEqual(created.stop_details, { type: 'refusal', category: 'bio', explanation: null });

    harness.api.setHandler(reply(['Fine.']));
    assert.equal((await send(harness.client, ask('claude-opus-5-5'))).stop_details, null);
  });

  it('passes the other scripted stop reasons through, model_context_window_exceeded included', async () => {
    harness = await startHarness();
    for (const stopReason of ['model_context_window_exceeded', 'max_tokens', 'pause_turn'] as const) {
      harness.api.setHandler(reply(['Cut short'], { stopReason }));
      const message = await send(harness.client, ask('claude-sonnet-5-5'));
      assert.equal(message.stop_reason, stopReason);
      assert.equal(message.stop_details, null);
    }
    const raw = await fetch(`${harness.api.baseURL}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'k' },
      body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(((await raw.json()) as JsonObject).stop_reason, 'pause_turn');
  });
});
