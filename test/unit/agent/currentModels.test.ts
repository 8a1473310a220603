import * as assert from 'node:assert/strict';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { reply, text, thinking, toolUse } from '../../fake/messagesServer';
import { harness, ofKind, SONNET } from './agentHarness';
import { messagesOf, useFakeMessagesApi } from './messagesApiRequests';
import { rejectedRequests } from '../../fake/routes';

type Block = { type: string; [key: string]: unknown };
type Message = { role: string; content: string | Block[] };

function blocksOf(message: unknown): Block[] {
  const content = (message as Message).content;
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

describe('agent loop on the current models (claude-sonnet-5-5, strict fake)', () => {
  const fake = useFakeMessagesApi({ deltaChars: 6 });
  const logged = fake.logged;

  it('shapes every request by the model table: adaptive thinking with the summarized display, the effort, no sampling, no tool choice', async () => {
    fake.server.script([
      { match: 'Task id: alpha', turns: [reply([toolUse('read_file', { path: 'src/types.ts' })]), reply([toolUse('finish', { summary: 'ok' })])] },
    ]);
    const h = harness(fake.server.baseURL, { model: SONNET, effort: 'medium', maxOutputTokens: 32_000 });
    assert.equal((await runAgent(h.ctx)).outcome, 'done');
    const requests = logged();
    assert.equal(requests.length, 2);
    assert.deepEqual(rejectedRequests(requests), []);
    for (const request of requests) {
      const body = request.body ?? {};
      assert.equal(body.model, SONNET);
      assert.deepEqual(body.thinking, { type: 'adaptive', display: 'summarized' });
      // Sonnet 5.5's default effort is high, so medium is sent.
      assert.deepEqual(body.output_config, { effort: 'medium' });
      assert.equal(body.max_tokens, 32_000);
      for (const field of ['temperature', 'top_p', 'top_k', 'tool_choice', 'stop_sequences']) assert.equal(body[field], undefined, field);
      assert.equal(request.headers['anthropic-beta'], undefined, 'no beta before a compaction');
    }
  });

  it('caps max_tokens at the model maximum and leaves out the effort the model takes by default', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [reply([toolUse('finish', { summary: 'ok' })])] }]);
    const h = harness(fake.server.baseURL, { model: SONNET, effort: 'high', maxOutputTokens: 500_000 });
    assert.equal((await runAgent(h.ctx)).outcome, 'done');
    const [request] = logged();
    assert.equal(request.body?.max_tokens, 128_000);
    assert.equal(request.body?.output_config, undefined);
  });

  it('passes the notes between tool calls on as agent.text with source "thinking", and the answer text without a source', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [
          reply([text('Reading the types first.'), toolUse('read_file', { path: 'src/types.ts' })]),
          reply([thinking('Now the component.'), toolUse('write_file', { path: 'src/alpha.ts', content: 'export const alpha = 1;\n' })]),
          reply(['Wrote src/alpha.ts.']),
        ],
      },
    ]);
    const h = harness(fake.server.baseURL, { model: SONNET });
    const result = await runAgent(h.ctx);
    assert.deepEqual(result, { outcome: 'done', reason: 'finished', summary: 'Wrote src/alpha.ts.' });
    assert.deepEqual(rejectedRequests(logged()), []);
    const texts = ofKind(h.events, 'agent.text');
    const thought = texts
      .filter((event) => event.source === 'thinking')
      .map((event) => event.text)
      .join('');
    const answered = texts
      .filter((event) => event.source === undefined)
      .map((event) => event.text)
      .join('');
    assert.match(thought, /Reading the types first\./, 'text written before a tool call arrives as (summarized) thinking');
    assert.match(thought, /\nNow the component\./, 'a later block starts on a new line');
    assert.equal(answered, '\nWrote src/alpha.ts.');
    assert.ok(texts.every((event) => event.text !== '' && (event.source === undefined || event.source === 'thinking')));
    // Thinking text is progress: it comes before the tool call it leads to.
    const kinds = h.events.map((event) => (event.kind === 'agent.text' ? `text:${event.source ?? 'answer'}` : event.kind));
    assert.ok(kinds.indexOf('text:thinking') < kinds.indexOf('agent.toolCall'));
  });

  it('sends thinking blocks back verbatim and never edits the history, across three turns', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [
          reply([text('Look at the types.'), toolUse('read_file', { path: 'src/types.ts' })]),
          reply([text('Write the file.'), toolUse('write_file', { path: 'src/alpha.ts', content: 'export const alpha = 1;\n' })]),
          reply([text('Done; finishing.'), toolUse('finish', { summary: 'wrote alpha' })]),
        ],
      },
    ]);
    const h = harness(fake.server.baseURL, { model: SONNET });
    assert.equal((await runAgent(h.ctx)).summary, 'wrote alpha');
    const requests = logged();
    assert.equal(requests.length, 3);
    assert.deepEqual(rejectedRequests(requests), [], 'the strict fake checks every signature against the text and the prefix it signed');
    const [, second, third] = requests.map(messagesOf);
    assert.deepEqual(third.slice(0, second.length), second, 'the history only grows');
    for (const index of [1, 3]) {
      const blocks = blocksOf(third[index]);
      const thoughts = blocks.filter((block) => block.type === 'thinking');
      assert.ok(thoughts.length >= 1, `assistant turn ${index} keeps its thinking`);
      assert.equal(blocks[0].type, 'thinking', 'thinking stays first');
      for (const block of thoughts) {
        assert.equal(typeof block.signature, 'string');
        assert.notEqual(block.signature, '');
        assert.deepEqual(Object.keys(block).sort(), ['signature', 'thinking', 'type']);
      }
    }
    assert.ok(blocksOf(third[1]).some((block) => block.type === 'thinking' && block.thinking === 'Look at the types.'));
    assert.ok(blocksOf(third[3]).some((block) => block.type === 'thinking' && block.thinking === 'Write the file.'));
    // System and tools are byte-identical on every request.
    assert.equal(new Set(requests.map((request) => JSON.stringify(request.body?.system))).size, 1);
    assert.equal(new Set(requests.map((request) => JSON.stringify(request.body?.tools))).size, 1);
  });
});
