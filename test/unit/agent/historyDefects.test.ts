/**
 * Conversations the API refuses, reproduced against the strict fake: whitespace-only text blocks sent
 * back, a paused turn resent as an assistant prefill, a continue note merged into a tool-result message,
 * an empty assistant turn after max_tokens, tool calls left without results.
 */
import * as assert from 'node:assert/strict';
import { CONTINUE_AFTER_PAUSE, runAgent } from '../../../src/core/run/agent/agentLoop';
import { reply, text, toolUse, type LoggedRequest } from '../../fake/messagesServer';
import { harness, MODEL, SONNET } from './agentHarness';
import { messagesOf, useFakeMessagesApi } from './messagesApiRequests';
import { rejectedRequests } from '../../fake/routes';

type Block = { type: string; [key: string]: unknown };
type Message = { role: string; content: string | Block[] };

function conversation(request: LoggedRequest): Message[] {
  return messagesOf(request) as Message[];
}

function blocks(message: Message | undefined): Block[] {
  if (message === undefined) return [];
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

function noWhitespaceText(messages: readonly Message[]): void {
  for (const [index, message] of messages.entries()) {
    for (const block of blocks(message)) {
      if (block.type === 'text') assert.ok(String(block.text).trim() !== '', `messages.${index} holds a whitespace-only text block`);
    }
  }
}

const finish = reply([toolUse('finish', { summary: 'done' })]);

describe('agent loop: conversations the API would refuse', () => {
  const fake = useFakeMessagesApi();
  const logged = fake.logged;

  for (const model of [MODEL, SONNET]) {
    it(`drops whitespace-only text blocks from the assistant turns it sends back (${model})`, async () => {
      fake.server.script([
        {
          match: 'Task id: alpha',
          turns: [reply([text('\n\n'), toolUse('read_file', { path: 'src/types.ts' }), text('  \n')]), finish],
        },
      ]);
      const h = harness(fake.server.baseURL, { model });
      assert.equal((await runAgent(h.ctx)).outcome, 'done');
      const requests = logged();
      assert.deepEqual(rejectedRequests(requests), []);
      const second = conversation(requests[1]);
      noWhitespaceText(second);
      assert.ok(blocks(second[1]).some((block) => block.type === 'tool_use'));
    });
  }

  it('sends a max_tokens answer back without its whitespace-only blocks, then the continue note as its own user turn', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [reply([text('Half of the plan.'), text('\n\n')], { stopReason: 'max_tokens' }), finish],
      },
    ]);
    const h = harness(fake.server.baseURL);
    assert.equal((await runAgent(h.ctx)).outcome, 'done');
    const requests = logged();
    assert.deepEqual(rejectedRequests(requests), []);
    const second = conversation(requests[1]);
    noWhitespaceText(second);
    assert.deepEqual(second[1], { role: 'assistant', content: [{ type: 'text', text: 'Half of the plan.' }] });
    assert.equal(second[2].role, 'user');
    assert.match(JSON.stringify(second[2]), /cut off at the output limit \(1024 tokens\)/);
  });

  it('keeps the continue note after max_tokens out of the message with the tool results', async () => {
    for (const model of [MODEL, SONNET]) {
      fake.server.script([
        {
          match: 'Task id: alpha',
          turns: [
            reply([toolUse('read_file', { path: 'src/types.ts' }, 'toolu_read')]),
            reply(['A long answer that breaks off'], { stopReason: 'max_tokens' }),
            finish,
          ],
        },
      ]);
      const before = logged().length;
      const h = harness(fake.server.baseURL, { model });
      assert.equal((await runAgent(h.ctx)).outcome, 'done', model);
      const requests = logged().slice(before);
      assert.deepEqual(rejectedRequests(requests), [], model);
      const third = conversation(requests[2]);
      assert.deepEqual(
        third.map((message) => message.role),
        ['user', 'assistant', 'user', 'assistant', 'user'],
      );
      assert.deepEqual(
        blocks(third[2]).map((block) => block.type),
        ['tool_result'],
        'the tool-result message is sent as it was',
      );
      assert.match(JSON.stringify(third[4]), /cut off at the output limit/);
      assert.deepEqual(conversation(requests[1]), third.slice(0, 3), 'nothing earlier was edited');
    }
  });

  for (const model of [MODEL, SONNET]) {
    it(`does not append an empty assistant turn after a max_tokens answer with nothing usable: it asks again with a larger max_tokens (${model})`, async () => {
      // On Sonnet 5.5 the cut answers hold only their (signed) thinking block.
      fake.server.script([
        { match: 'Task id: alpha', turns: [reply([text(' \n ')], { stopReason: 'max_tokens' }), reply([], { stopReason: 'max_tokens' }), finish] },
      ]);
      const before = logged().length;
      const h = harness(fake.server.baseURL, { model, maxOutputTokens: 1024 });
      assert.equal((await runAgent(h.ctx)).outcome, 'done');
      const requests = logged().slice(before);
      assert.deepEqual(rejectedRequests(requests), []);
      assert.deepEqual(
        requests.map((request) => request.body?.max_tokens),
        [1024, 2048, 4096],
      );
      const first = conversation(requests[0]);
      assert.deepEqual(conversation(requests[1]), first, 'the same conversation, nothing appended');
      assert.deepEqual(conversation(requests[2]), first);
    });
  }

  it('ends the agent when the model uses its whole maximum output without producing anything', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [reply([], { stopReason: 'max_tokens' })], onExhausted: 'repeatLast' }]);
    // The conservative rules allow 32,000 output tokens: 16,000 doubles once to the ceiling.
    const h = harness(fake.server.baseURL, { maxOutputTokens: 16_000 });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.reason, 'error');
    assert.match(result.message ?? '', /whole output limit \(32000 tokens\)/);
    assert.deepEqual(
      logged().map((request) => request.body?.max_tokens),
      [16_000, 32_000],
    );
  });

  for (const model of [MODEL, SONNET]) {
    it(`continues a paused turn with a user turn, never with an assistant prefill (${model})`, async () => {
      fake.server.script([
        {
          match: 'Task id: alpha',
          turns: [reply([text('Still looking into it.')], { stopReason: 'pause_turn' }), finish],
        },
      ]);
      const h = harness(fake.server.baseURL, { model });
      assert.equal((await runAgent(h.ctx)).outcome, 'done');
      const requests = logged();
      assert.deepEqual(rejectedRequests(requests), []);
      const second = conversation(requests[1]);
      assert.deepEqual(
        second.map((message) => message.role),
        ['user', 'assistant', 'user'],
      );
      assert.ok(blocks(second[1]).some((block) => block.type === 'text' && block.text === 'Still looking into it.'));
      assert.deepEqual(blocks(second[2]), [{ type: 'text', text: CONTINUE_AFTER_PAUSE }]);
    });
  }

  for (const model of [MODEL, SONNET]) {
    it(`resends the same conversation after a paused turn with nothing usable (${model})`, async () => {
      fake.server.script([{ match: 'Task id: alpha', turns: [reply([text('\n')], { stopReason: 'pause_turn' }), finish] }]);
      const h = harness(fake.server.baseURL, { model });
      assert.equal((await runAgent(h.ctx)).outcome, 'done');
      const requests = logged();
      assert.deepEqual(rejectedRequests(requests), []);
      assert.deepEqual(conversation(requests[1]), conversation(requests[0]));
    });
  }

  for (const model of [MODEL, SONNET]) {
    it(`answers every tool call of an answer cut off by max_tokens, the cut one with an error, first in the next message (${model})`, async () => {
      fake.server.script([
        {
          match: 'Task id: alpha',
          turns: [
            reply(
              [
                text('Reading, then writing.'),
                toolUse('read_file', { path: 'src/types.ts' }, 'toolu_read'),
                toolUse('write_file', { path: 'src/alpha.ts', content: 'export const al' }, 'toolu_cut'),
              ],
              { stopReason: 'max_tokens' },
            ),
            finish,
          ],
        },
      ]);
      const h = harness(fake.server.baseURL, { model });
      assert.equal((await runAgent(h.ctx)).outcome, 'done');
      const requests = logged();
      assert.deepEqual(rejectedRequests(requests), []);
      assert.deepEqual(
        h.toolbox.calls.map((call) => call.name),
        ['read_file', 'finish'],
        'the cut write was not run',
      );
      const results = blocks(conversation(requests[1])[2]);
      assert.deepEqual(
        results.map((block) => [block.type, block.tool_use_id, block.is_error ?? false]),
        [
          ['tool_result', 'toolu_read', false],
          ['tool_result', 'toolu_cut', true],
        ],
      );
      assert.match(String(results[1].content), /output limit \(1024 tokens\)/);
    });
  }
});
