/** Per-turn work the agent no longer repeats (the request's fixed part and its size), and the one context of an agent and its tools. */
import type Anthropic from '@anthropic-ai/sdk';
import * as assert from 'node:assert/strict';
import { Conversation } from '../../../src/core/run/agent/history';
import { openingMessage, TurnRequests } from '../../../src/core/run/agent/request';
import { firstLine } from '../../../src/core/run/agent/text';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { reply, toolUse } from '../../fake/messagesServer';
import { harness, SONNET, task } from './agentHarness';
import { useFakeMessagesApi } from './messagesApiRequests';

const bodyBytes = (params: Anthropic.MessageStreamParams): number => Buffer.byteLength(JSON.stringify({ ...params, stream: true }));

describe('agent requests: built once per model and output cap', () => {
  it('measures each request exactly as the SDK serialises it, turn after turn, without re-serialising the conversation', () => {
    const h = harness('http://127.0.0.1:9', { model: SONNET, task: task('alpha') });
    const requests = new TurnRequests(h.ctx);
    const conversation = new Conversation(openingMessage(h.ctx.task, 'Some context: ünïcödé ✓'));
    const model = h.ctx.model;
    const first = requests.build(conversation.messages, { model, maxTokens: 4096 });
    assert.equal(first.bytes, bodyBytes(first.params));

    conversation.appendAssistant([
      { type: 'text', text: 'Reading.' },
      { type: 'tool_use', id: 'toolu_1', name: 'read_file', input: { path: 'src/types.ts' } },
    ]);
    conversation.appendUser([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'export interface User { id: string }\n'.repeat(50) }]);
    const second = requests.build(conversation.messages, { model, maxTokens: 4096 });
    assert.equal(second.bytes, bodyBytes(second.params));
    assert.equal(second.params.system, first.params.system, 'the system blocks are the same object: built once');
    assert.equal(second.params.tools, first.params.tools);

    const larger = requests.build(conversation.messages, { model, maxTokens: 8192 });
    assert.equal(larger.params.max_tokens, 8192);
    assert.equal(larger.bytes, bodyBytes(larger.params));

    // A user turn of text blocks (after a pause or a compaction), and one in plain text.
    conversation.appendAssistant([{ type: 'text', text: 'Half an answer "quoted" \n' }]);
    conversation.appendUser([
      { type: 'text', text: 'Go on.' },
      { type: 'text', text: 'Please — now.' },
    ]);
    const blocks = requests.build(conversation.messages, { model, maxTokens: 4096 });
    assert.equal(blocks.bytes, bodyBytes(blocks.params));
    conversation.appendAssistant([{ type: 'text', text: 'More.' }]);
    conversation.appendUser('Continue.');
    const plain = requests.build(conversation.messages, { model, maxTokens: 4096 });
    assert.equal(plain.bytes, bodyBytes(plain.params));
  });

  it('sends the same request body as before: system, tools, shaped fields, then the messages with the moving breakpoint', () => {
    const h = harness('http://127.0.0.1:9', { model: SONNET });
    const request = new TurnRequests(h.ctx).build([openingMessage(h.ctx.task)], { model: h.ctx.model, maxTokens: 2048 });
    assert.deepEqual(Object.keys(request.params).slice(0, 3), ['model', 'system', 'tools']);
    assert.equal(Object.keys(request.params).at(-1), 'messages');
    const last = request.params.messages[0]?.content;
    assert.ok(Array.isArray(last));
    assert.deepEqual((last.at(-1) as { cache_control?: unknown }).cache_control, { type: 'ephemeral' });
  });
});

describe('agent context: one object for the agent and its tools', () => {
  const fake = useFakeMessagesApi();

  it("passes the agent's context whole to every tool call: the run's plan, workspace and emitter, the agent's task, view and signal", async () => {
    fake.server.script([
      { match: 'Task id: alpha', turns: [reply([toolUse('read_file', { path: 'src/types.ts' })]), reply([toolUse('finish', { summary: 'ok' })])] },
    ]);
    const h = harness(fake.server.baseURL);
    assert.equal((await runAgent(h.ctx)).outcome, 'done');
    assert.equal(h.toolbox.contexts.length, 2);
    for (const ctx of h.toolbox.contexts) {
      assert.equal(ctx, h.ctx, 'no copy per tool round');
      assert.equal(ctx.plan, h.run.plan);
      assert.equal(ctx.workspaceRoot, h.run.workspaceRoot);
      assert.equal(ctx.emit, h.run.emit);
      assert.equal(ctx.view, h.view);
    }
  });
});

describe('agent text: firstLine', () => {
  it('finds the first non-empty line without splitting the whole text', () => {
    assert.equal(firstLine('\n  \r\n  first line \r\nsecond'), 'first line');
    assert.equal(firstLine(''), '');
    assert.equal(firstLine('\n\n'), '');
    assert.equal(firstLine('only'), 'only');
    assert.equal(firstLine(`${'x'.repeat(300)}\nnext`, 10), `${'x'.repeat(9)}…`);
  });
});
