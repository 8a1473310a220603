/**
 * What the model sends that an agent must not take as given: a tool input that is not valid JSON, a
 * tool input larger than any tool takes, a finish summary of megabytes, megabytes of streamed text.
 * Checked against the strict fake, which verifies every thinking block sent back.
 */
import * as assert from 'node:assert/strict';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { KEEP_REFUSED_INPUT_CHARS, KEPT_STRING_CHARS, MAX_TOOL_INPUT_CHARS } from '../../../src/core/run/agent/callInputs';
import { MAX_AGENT_TEXT_CHARS, MAX_SUMMARY_BYTES, MAX_TEXT_EVENT_CHARS } from '../../../src/core/run/agent/logCaps';
import { reply, text, toolUse, type LoggedRequest, type ToolUseBlockSpec } from '../../fake/messagesServer';
import { rejectedRequests } from '../../fake/routes';
import { harness, kinds, MODEL, ofKind, SONNET } from './agentHarness';
import { messagesOf, useFakeMessagesApi } from './messagesApiRequests';

type Block = { type: string; [key: string]: unknown };
type Message = { role: string; content: string | Block[] };

function conversation(request: LoggedRequest): Message[] {
  return messagesOf(request) as Message[];
}

function blocksOf(message: Message | undefined): Block[] {
  if (message === undefined) return [];
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** A tool_use whose streamed input is `raw`, as a model can send it. */
function rawToolUse(name: string, raw: string, id: string): ToolUseBlockSpec {
  return { ...toolUse(name, {}, id), rawInput: raw };
}

const finish = reply([toolUse('finish', { summary: 'done' })]);
const BAD_JSON = '{"path": "src/alpha.ts", "content": export const alpha = () => 1;}';

describe('agent loop: tool inputs and text the model sends', () => {
  const fake = useFakeMessagesApi();

  for (const model of [MODEL, SONNET]) {
    it(`answers a tool call whose input is not valid JSON with a tool error in the same conversation: one turn, no retry (${model})`, async () => {
      fake.server.script([
        {
          match: 'Task id: alpha',
          turns: [
            reply([
              text('Writing the file and reading the types.'),
              rawToolUse('write_file', BAD_JSON, 'toolu_bad'),
              toolUse('read_file', { path: 'src/types.ts' }, 'toolu_read'),
            ]),
            reply([toolUse('write_file', { path: 'src/alpha.ts', content: 'export const alpha = () => 1;\n' }, 'toolu_good')]),
            finish,
          ],
        },
      ]);
      const h = harness(fake.server.baseURL, { model });
      const result = await runAgent(h.ctx);
      assert.equal(result.outcome, 'done', result.message);
      const requests = fake.logged();
      assert.deepEqual(rejectedRequests(requests), [], 'the strict fake took every request');
      assert.equal(requests.length, 3, 'the bad call cost one turn, not a retry');
      assert.deepEqual(ofKind(h.events, 'agent.retrying'), []);
      assert.equal(ofKind(h.events, 'agent.usage').length, 3);
      assert.deepEqual(
        h.toolbox.calls.map((call) => call.name),
        ['read_file', 'write_file', 'finish'],
        'the call beside it in the same answer ran; the bad one did not',
      );
      assert.equal(h.view.staged.get('src/alpha.ts'), 'export const alpha = () => 1;\n');

      const second = conversation(requests[1]);
      assert.deepEqual(
        second.map((message) => message.role),
        ['user', 'assistant', 'user'],
      );
      const calls = blocksOf(second[1]).filter((block) => block.type === 'tool_use');
      assert.deepEqual(calls[0], { type: 'tool_use', id: 'toolu_bad', name: 'write_file', input: { INVALID_JSON: BAD_JSON } });
      const results = blocksOf(second[2]);
      assert.equal(results[0]?.tool_use_id, 'toolu_bad');
      assert.equal(results[0]?.is_error, true);
      assert.match(
        String(results[0]?.content),
        /^The input of this write_file call was not valid JSON \(.+\), so it was not run\. Call write_file again with its input as one valid JSON object/,
      );
      assert.equal(results[1]?.tool_use_id, 'toolu_read');
      assert.equal(results[1]?.is_error, undefined);
      if (model === SONNET) assert.equal(blocksOf(second[1])[0]?.type, 'thinking', 'the answer went back with its thinking block first');
      assert.deepEqual(conversation(requests[2]).slice(0, 3), second, 'nothing sent was edited afterwards');
      const bad = ofKind(h.events, 'agent.toolResult').find((event) => event.toolUseId === 'toolu_bad');
      assert.deepEqual([bad?.ok, bad?.summary], [false, 'not run: input was not valid JSON']);
    });
  }

  for (const model of [MODEL, SONNET]) {
    it(`does not run a tool input larger than any tool takes, and keeps only its start in the history (${model})`, async () => {
      const huge = 'x'.repeat(MAX_TOOL_INPUT_CHARS + 1);
      fake.server.script([
        {
          match: 'Task id: alpha',
          turns: [
            reply([toolUse('write_file', { path: 'src/alpha.ts', content: huge }, 'toolu_huge')], { deltaChars: 1 << 20 }),
            reply([toolUse('read_file', { path: 'src/types.ts' })]),
            finish,
          ],
        },
      ]);
      const h = harness(fake.server.baseURL, { model });
      const result = await runAgent(h.ctx);
      assert.equal(result.outcome, 'done', result.message);
      const requests = fake.logged();
      assert.deepEqual(rejectedRequests(requests), []);
      assert.equal(requests.length, 3);
      assert.deepEqual(
        h.toolbox.calls.map((call) => call.name),
        ['read_file', 'finish'],
        'the oversize call never reached the tool',
      );
      for (const request of requests.slice(1)) assert.ok(request.bodyBytes < 64 * 1024, `request ${request.seq} is ${request.bodyBytes} bytes`);
      const second = conversation(requests[1]);
      const call = blocksOf(second[1]).find((block) => block.type === 'tool_use');
      const input = call?.input as { path: string; content: string };
      assert.equal(input.path, 'src/alpha.ts');
      assert.equal(input.content.slice(0, KEPT_STRING_CHARS), huge.slice(0, KEPT_STRING_CHARS));
      assert.ok(input.content.endsWith(`… [${(huge.length - KEPT_STRING_CHARS).toLocaleString('en-US')} more characters not kept in the conversation]`));
      assert.match(String(blocksOf(second[2])[0]?.content), /^The input of this write_file call holds more than 2\.1 MB of text .* so it was not run/);
      assert.deepEqual(conversation(requests[2]).slice(0, 3), second, 'the shortened turn is sent the same way every time');
    });
  }

  it('keeps a refused call’s large input only in part, and a successful call’s input whole', async () => {
    const big = 'y'.repeat(KEEP_REFUSED_INPUT_CHARS + 10);
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [
          reply(
            [
              toolUse('write_file', { path: 'src/not-mine.ts', content: big }, 'toolu_refused'),
              toolUse('write_file', { path: 'src/alpha.ts', content: big }, 'toolu_ok'),
            ],
            {
              deltaChars: 1 << 20,
            },
          ),
          finish,
        ],
      },
    ]);
    const h = harness(fake.server.baseURL, { model: SONNET });
    assert.equal((await runAgent(h.ctx)).outcome, 'done');
    const requests = fake.logged();
    assert.deepEqual(rejectedRequests(requests), []);
    const second = conversation(requests[1]);
    const inputs = blocksOf(second[1])
      .filter((block) => block.type === 'tool_use')
      .map((block) => (block.input as { content: string }).content.length);
    const note = `… [${(big.length - KEPT_STRING_CHARS).toLocaleString('en-US')} more characters not kept in the conversation]`;
    assert.deepEqual(inputs, [KEPT_STRING_CHARS + note.length, big.length]);
    const results = blocksOf(second[2]);
    // Characters of the input's keys and strings: path, content and their values.
    const chars = 'path'.length + 'src/not-mine.ts'.length + 'content'.length + big.length;
    assert.equal(
      results[0]?.content,
      `you do not own src/not-mine.ts\n(Its input, ${chars.toLocaleString('en-US')} characters, is not kept in the conversation: only the start of each long string is.)`,
    );
    assert.equal(results[1]?.content, 'wrote src/alpha.ts');
  });

  it('keeps only the start of a large input cut off by the output limit', async () => {
    const big = 'w'.repeat(KEEP_REFUSED_INPUT_CHARS + 10);
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [reply([toolUse('write_file', { path: 'src/alpha.ts', content: big }, 'toolu_cut')], { stopReason: 'max_tokens', deltaChars: 1 << 20 }), finish],
      },
    ]);
    const h = harness(fake.server.baseURL, { model: SONNET });
    assert.equal((await runAgent(h.ctx)).outcome, 'done');
    const requests = fake.logged();
    assert.deepEqual(rejectedRequests(requests), []);
    const second = conversation(requests[1]);
    const input = blocksOf(second[1]).find((block) => block.type === 'tool_use')?.input as { content: string };
    assert.equal(
      input.content.length,
      KEPT_STRING_CHARS + `… [${(big.length - KEPT_STRING_CHARS).toLocaleString('en-US')} more characters not kept in the conversation]`.length,
    );
    assert.match(
      String(blocksOf(second[2])[0]?.content),
      /^Your reply hit the output limit .*\n\(Its input, [\d,]+ characters, is not kept in the conversation/s,
    );
  });

  it('caps a finish summary at 16 KiB with a note of its whole size', async () => {
    const summary = 'é'.repeat(1_500_000);
    fake.server.script([{ match: 'Task id: alpha', turns: [reply([toolUse('finish', { summary })], { deltaChars: 1 << 22 })] }]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    const kept = result.summary ?? '';
    assert.ok(kept.endsWith('… (truncated, 3,000,000 bytes)'), kept.slice(-60));
    const body = kept.slice(0, kept.indexOf('…'));
    assert.ok(Buffer.byteLength(body) <= MAX_SUMMARY_BYTES && Buffer.byteLength(body) > MAX_SUMMARY_BYTES - 2);
    assert.equal(body, 'é'.repeat(body.length), 'cut between characters');
  });

  it('logs at most 64 Ki characters of text per event and 2 Mi per agent, then says the rest is not logged', async () => {
    const long = 'z'.repeat(3 * 1024 * 1024);
    fake.server.script([{ match: 'Task id: alpha', turns: [reply([text(long)], { deltaChars: 1 << 23 })] }]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    const texts = ofKind(h.events, 'agent.text');
    assert.ok(texts.length > 1);
    assert.ok(
      texts.every((event) => event.text.length <= MAX_TEXT_EVENT_CHARS),
      `longest event: ${Math.max(...texts.map((e) => e.text.length))}`,
    );
    const logged = texts.slice(0, -1).reduce((sum, event) => sum + event.text.length, 0);
    assert.equal(logged, MAX_AGENT_TEXT_CHARS);
    assert.match(texts.at(-1)?.text ?? '', /the rest of this agent's text is not logged: it reached 2 Mi characters/);
    assert.ok(kinds(h.events).includes('agent.usage'));
  });
});
