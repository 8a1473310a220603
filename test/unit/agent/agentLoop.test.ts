import * as assert from 'node:assert/strict';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { TEXT_FLUSH_MS } from '../../../src/core/model/call/textPieces';
import { createRequestLimiter } from '../../../src/core/run/limiter';
import { reply, text, toolUse } from '../../fake/messagesServer';
import { FAST_RETRY, harness, kinds, MODEL, ofKind, plan, SHARED_SYSTEM, task } from './agentHarness';
import { messagesOf, systemOf, useFakeMessagesApi } from './messagesApiRequests';

describe('agent loop: conversation', () => {
  const fake = useFakeMessagesApi({ deltaChars: 5 });
  const logged = fake.logged;

  it('runs a multi-turn tool conversation to finish: events in order, usage summed, tool results fed back', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [
          reply(['Reading the types first.', toolUse('read_file', { path: 'src/types.ts' }, 'toolu_read')], {
            usage: { input_tokens: 1000, output_tokens: 40, cache_creation_input_tokens: 2000 },
          }),
          reply([toolUse('write_file', { path: 'src/alpha.ts', content: 'export const alpha = 1;\n' }, 'toolu_write')], {
            usage: { input_tokens: 100, output_tokens: 60, cache_read_input_tokens: 2000 },
          }),
          reply([toolUse('finish', { summary: 'Added src/alpha.ts.' }, 'toolu_finish')], {
            usage: { input_tokens: 50, output_tokens: 20, cache_read_input_tokens: 3000 },
          }),
        ],
      },
    ]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);

    assert.deepEqual(result, { outcome: 'done', reason: 'finished', summary: 'Added src/alpha.ts.' });
    const order = kinds(h.events).filter((kind, index, all) => kind !== 'agent.text' || all[index - 1] !== 'agent.text');
    assert.deepEqual(order, [
      'agent.text',
      'agent.usage',
      'agent.toolCall',
      'agent.toolResult',
      'agent.usage',
      'agent.toolCall',
      'file.staged',
      'agent.toolResult',
      'agent.usage',
      'agent.toolCall',
      'agent.toolResult',
    ]);
    const texts = ofKind(h.events, 'agent.text');
    assert.equal(texts.length, 1, 'the deltas of a stream that arrives at once are passed on as one piece');
    assert.ok(texts.every((event) => event.text !== '' && event.taskId === 'alpha'));
    assert.equal(texts.map((event) => event.text).join(''), 'Reading the types first.');

    const calls = ofKind(h.events, 'agent.toolCall');
    assert.deepEqual(calls[1], {
      kind: 'agent.toolCall',
      taskId: 'alpha',
      toolUseId: 'toolu_write',
      tool: 'write_file',
      summary: 'write_file src/alpha.ts',
      path: 'src/alpha.ts',
    });
    const results = ofKind(h.events, 'agent.toolResult');
    assert.deepEqual(
      results.map((event) => [event.tool, event.ok, event.summary]),
      [
        ['read_file', true, 'export interface User { id: string }'],
        ['write_file', true, 'wrote src/alpha.ts'],
        ['finish', true, 'done'],
      ],
    );
    assert.equal(h.view.staged.get('src/alpha.ts'), 'export const alpha = 1;\n');

    const usage = ofKind(h.events, 'agent.usage');
    assert.deepEqual(
      usage.map((event) => event.turn),
      [1, 2, 3],
    );
    assert.deepEqual(usage[0].usage, { input: 1000, output: 40, cacheWrite: 2000, cacheRead: 0 });
    // $3 / $15 per million, cache write 1.25x and read 0.1x input.
    assert.ok(Math.abs((usage[0].costUsd ?? NaN) - (1000 * 3 + 40 * 15 + 2000 * 3.75) / 1e6) < 1e-12);
    assert.deepEqual(h.runBudget.spent().usage, { input: 1150, output: 120, cacheWrite: 2000, cacheRead: 5000 });

    const requests = logged();
    assert.equal(requests.length, 3);
    assert.ok(requests.every((request) => request.stream && request.body?.model === MODEL && request.body?.max_tokens === 1024));
    assert.ok(requests.every((request) => request.headers['x-stainless-retry-count'] === '0'));
    const turn2 = messagesOf(requests[1]);
    assert.deepEqual(turn2.slice(1), [
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading the types first.' },
          { type: 'tool_use', id: 'toolu_read', name: 'read_file', input: { path: 'src/types.ts' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_read', content: 'export interface User { id: string }\n' }] },
    ]);
    assert.deepEqual(messagesOf(requests[2]).slice(0, 3), turn2, 'each turn resends the conversation so far');
    // The newest user message carries the moving conversation breakpoint.
    const lastUser = (requests[1].body?.messages as { content: { cache_control?: unknown }[] }[])[2];
    assert.deepEqual(lastUser.content[0].cache_control, { type: 'ephemeral' });
  });

  it('passes text on while it streams: one piece per TEXT_FLUSH_MS of stream, nothing lost or held to the end', async () => {
    // 12 deltas of 8 characters, 45 ms apart: about 540 ms of text, so several pieces, fewer than deltas.
    const slow = { ...reply([text('abcdefgh'.repeat(12)), toolUse('finish', { summary: 'paced' })]), eventDelayMs: 45, deltaChars: 8 };
    fake.server.script([{ match: 'Task id: alpha', turns: [slow] }]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    const texts = ofKind(h.events, 'agent.text').map((event) => event.text);
    assert.equal(texts.join(''), 'abcdefgh'.repeat(12));
    // Joined (fewer pieces than deltas), yet passed on while streaming (more than one piece). A
    // piece covers about TEXT_FLUSH_MS of stream, so ~3 deltas here; a loaded machine may join more.
    assert.ok(TEXT_FLUSH_MS < 540 / 2);
    assert.ok(texts.length >= 2 && texts.length < 12, `${texts.length} pieces: ${JSON.stringify(texts.map((t) => t.length))}`);
  });

  it('sends a byte-identical cached shared system block for different tasks, and the task id after it', async () => {
    const alpha = task('alpha');
    const beta = task('beta', { phase: 'validate', role: 'Tests', owns: [], dependsOn: ['alpha'] });
    const shared = plan([alpha, beta]);
    fake.server.script([
      { name: 'alpha', match: 'Task id: alpha', turns: [reply([toolUse('finish', { summary: 'a' })])] },
      { name: 'beta', match: 'Task id: beta', turns: [reply([toolUse('finish', { summary: 'b' })])] },
    ]);
    const limiter = createRequestLimiter(FAST_RETRY);
    const [a, b] = [harness(fake.server.baseURL, { task: alpha, plan: shared, limiter }), harness(fake.server.baseURL, { task: beta, plan: shared, limiter })];
    const results = await Promise.all([runAgent(a.ctx), runAgent(b.ctx)]);
    assert.deepEqual(
      results.map((result) => result.summary),
      ['a', 'b'],
    );

    const requests = logged();
    const byRoute = (name: string) => requests.find((request) => request.route === name);
    const [ra, rb] = [byRoute('alpha'), byRoute('beta')];
    assert.ok(ra !== undefined && rb !== undefined);
    const [sa, sb] = [systemOf(ra), systemOf(rb)];
    assert.equal(JSON.stringify(sa[0]), JSON.stringify(sb[0]), 'shared block byte-identical');
    assert.deepEqual(sa[0], { type: 'text', text: SHARED_SYSTEM, cache_control: { type: 'ephemeral' } });
    assert.match(String(sa[1].text), /Task id: alpha/);
    assert.match(String(sb[1].text), /Task id: beta\n/);
    assert.match(String(sb[1].text), /- alpha \(Task alpha\)/, 'dependencies are named');
    assert.equal(sa[1].cache_control, undefined, 'nothing task-specific is in the cached prefix');
    assert.equal(JSON.stringify(ra.body?.tools), JSON.stringify(rb.body?.tools), 'tool definitions are identical too');
  });

  it('ends with the final text as summary when the model ends its turn without a tool call', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [reply(['All done: nothing needed changing.'])] }]);
    const h = harness(fake.server.baseURL);
    assert.deepEqual(await runAgent(h.ctx), { outcome: 'done', reason: 'finished', summary: 'All done: nothing needed changing.' });
  });

  it('reports costUsd null for a model without a price', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [reply([toolUse('finish', { summary: 'ok' })])] }]);
    const h = harness(fake.server.baseURL, { model: 'claude-unpriced-9', prices: { [MODEL]: { input: 3, output: 15 } } });
    await runAgent(h.ctx);
    const [usage] = ofKind(h.events, 'agent.usage');
    assert.equal(usage.costUsd, null);
    assert.equal(usage.model, 'claude-unpriced-9');
    assert.equal(h.runBudget.spent().unpricedTurns, 1);
  });

  it('answers a tool call cut off by max_tokens without running it, and continues', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [
          reply([text('Writing it now.'), toolUse('write_file', { path: 'src/alpha.ts', content: 'export const alp' }, 'toolu_cut')], {
            stopReason: 'max_tokens',
          }),
          reply([text('Out of room again.')], { stopReason: 'max_tokens' }),
          reply([toolUse('finish', { summary: 'retried smaller' })]),
        ],
      },
    ]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    assert.deepEqual(
      h.toolbox.calls.map((call) => call.name),
      ['finish'],
      'the truncated write was not run',
    );
    const [, second, third] = logged().map(messagesOf);
    assert.deepEqual(second[2], {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_cut', is_error: true, content: (second[2] as { content: { content: string }[] }).content[0].content },
      ],
    });
    assert.match(JSON.stringify(second[2]), /output limit \(1024 tokens\)/);
    assert.match(JSON.stringify(third[4]), /cut off at the output limit/);
    assert.deepEqual(
      ofKind(h.events, 'agent.usage').map((event) => event.turn),
      [1, 2, 3],
      'cut-off turns count',
    );
  });
});
