import type { Anthropic } from '@anthropic-ai/sdk';
import { ask, rejects400, send, useHarness } from './strictHarness';

const MODEL = 'claude-opus-5-5';

function call(id: string): Anthropic.ToolUseBlockParam {
  return { type: 'tool_use', id, name: 'read_file', input: { path: `${id}.ts` } };
}

function result(id: string): Anthropic.ToolResultBlockParam {
  return { type: 'tool_result', tool_use_id: id, content: `contents of ${id}` };
}

function conversation(...turns: Anthropic.MessageParam[]): Anthropic.MessageStreamParams {
  return { ...ask(MODEL), messages: [{ role: 'user', content: 'Task T1: read the files.' }, ...turns] };
}

describe('strict fake Messages API: tool_use / tool_result pairing', () => {
  const harness = useHarness();

  it('rejects a tool_use without its tool_result in the next message', async () => {
    await rejects400(
      send(
        harness().client,
        conversation(
          { role: 'assistant', content: [call('toolu_a'), call('toolu_b')] },
          { role: 'user', content: [result('toolu_a'), { type: 'text', text: 'Carry on.' }] },
        ),
      ),
      'messages.1: tool_use ids were found without tool_result blocks immediately after: toolu_b. Each tool_use block must have a corresponding tool_result block in the next message.',
    );
  });

  it('rejects tool_result blocks that do not open the next message', async () => {
    await rejects400(
      send(
        harness().client,
        conversation({ role: 'assistant', content: [call('toolu_a')] }, { role: 'user', content: [{ type: 'text', text: 'Here:' }, result('toolu_a')] }),
      ),
      'messages.2: Did not find 1 tool_result block(s) at the beginning of this message. Messages following tool_use blocks must begin with a matching number of tool_result blocks.',
    );
  });

  it('rejects a tool_result that answers no tool_use of the previous message', async () => {
    await rejects400(
      send(
        harness().client,
        conversation({ role: 'assistant', content: [call('toolu_a')] }, { role: 'user', content: [result('toolu_a'), result('toolu_z')] }),
      ),
      'messages.2.content.1: unexpected tool_use_id found in tool_result blocks: toolu_z. Each tool_result block must have a corresponding tool_use block in the previous message.',
    );
    await rejects400(
      send(harness().client, { ...ask(MODEL), messages: [{ role: 'user', content: [result('toolu_a')] }] }),
      'messages.0.content.0: unexpected tool_use_id found in tool_result blocks: toolu_a. Each tool_result block must have a corresponding tool_use block in the previous message.',
    );
  });

  it('rejects duplicate tool_use ids', async () => {
    await rejects400(
      send(harness().client, conversation({ role: 'assistant', content: [call('toolu_a'), call('toolu_a')] }, { role: 'user', content: [result('toolu_a')] })),
      'messages.1.content.1: `tool_use` ids must be unique',
    );
  });

  it('rejects duplicate tool_use ids across turns too, malformed ids and duplicate tool names', async () => {
    await rejects400(
      send(
        harness().client,
        conversation(
          { role: 'assistant', content: [call('toolu_a')] },
          { role: 'user', content: [result('toolu_a')] },
          { role: 'assistant', content: [call('toolu_a')] },
          { role: 'user', content: [result('toolu_a')] },
        ),
      ),
      'messages.3.content.0: `tool_use` ids must be unique',
    );
    await rejects400(
      send(harness().client, conversation({ role: 'assistant', content: [call('toolu a')] }, { role: 'user', content: [result('toolu a')] })),
      "messages.1.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'",
    );
    const tool = { name: 'read_file', input_schema: { type: 'object' as const } };
    await rejects400(send(harness().client, { ...ask(MODEL), tools: [tool, tool] }), 'tools: Tool names must be unique.');
  });

  it('accepts every result first, including across consecutive user messages the API merges', async () => {
    await send(
      harness().client,
      conversation(
        { role: 'assistant', content: [call('toolu_a'), call('toolu_b')] },
        { role: 'user', content: [result('toolu_a'), result('toolu_b'), { type: 'text', text: 'Note.' }] },
      ),
    );
    await send(
      harness().client,
      conversation(
        { role: 'assistant', content: [call('toolu_a'), call('toolu_b')] },
        { role: 'user', content: [result('toolu_a')] },
        { role: 'user', content: [result('toolu_b')] },
      ),
    );
  });
});
