import * as assert from 'node:assert/strict';
import { ModelTable } from '../../../src/core/model/modelTable';
import { estimateTokensOfBytes } from '../../../src/core/model/requestShape';
import { ask, rejects400, send, useHarness } from './strictHarness';

const TABLE = new ModelTable({ 'claude-tiny': { contextWindow: 2000 } });

describe('strict fake Messages API: context window', () => {
  const harness = useHarness({ modelTable: TABLE });

  it("refuses a prompt over the model's window, from the table the server was given", async () => {
    const { client, api } = harness();
    const spec = TABLE.resolve('claude-tiny').spec;
    const long = `Task T1: ${'x'.repeat(7000)}`;
    const pending = send(client, ask('claude-tiny', long, { max_tokens: 100 }));
    await pending.catch(() => undefined);
    const tokens = estimateTokensOfBytes(spec, api.requests[0].bodyBytes);
    assert.ok(tokens > 2000);
    await rejects400(pending, `prompt is too long: ${tokens} tokens > 2000 maximum`);
    // The same prompt fits the built-in models' 1M window.
    await send(client, ask('claude-sonnet-5-5', long));
  });

  it('reports the same input estimate in usage and count_tokens, for a prompt that fits', async () => {
    const { client, api } = harness();
    const params = ask('claude-tiny', `Task T1: ${'y'.repeat(4000)}`, { max_tokens: 100 });
    const message = await send(client, params);
    const expected = estimateTokensOfBytes(TABLE.resolve('claude-tiny').spec, api.requests[0].bodyBytes);
    assert.equal(message.usage.input_tokens, expected);
    const counted = await client.messages.countTokens({ model: 'claude-tiny', messages: params.messages });
    assert.equal(counted.input_tokens, estimateTokensOfBytes(TABLE.resolve('claude-tiny').spec, api.requests[1].bodyBytes));
    assert.ok(counted.input_tokens <= 2000);
  });
});
