/**
 * Keeping every request inside the model's window, against a strict fake that knows the same (small)
 * windows: the read cap of a tool round, compaction on demand, and the agent's end when neither helps.
 */
import * as assert from 'node:assert/strict';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { AFTER_COMPACTION_NOTE, COMPACTION_BETA } from '../../../src/core/run/agent/compaction';
import { ModelTable } from '../../../src/core/model/modelTable';
import { estimateTokensOfBytes } from '../../../src/core/model/requestShape';
import { reply, text, toolUse, type LoggedRequest, type Turn } from '../../fake/messagesServer';
import { harness, kinds, ofKind, SONNET, task } from './agentHarness';
import { useFakeMessagesApi } from './messagesApiRequests';

const HAIKU = 'claude-haiku-5-5';
/** Small windows, so a few files fill them: Sonnet 5.5 compacts, Haiku 5.5 cannot. */
const TABLE = new ModelTable({ [SONNET]: { contextWindow: 250_000 }, [HAIKU]: { contextWindow: 60_000 } });
const COMPACT_TABLE = new ModelTable({ [SONNET]: { contextWindow: 100_000 } });

type Block = { type: string; [key: string]: unknown };

function rejected(requests: readonly LoggedRequest[]): string[] {
  return requests.filter((request) => request.status !== 200).map((request) => `#${request.seq} ${request.status}: ${request.rejection ?? request.outcome}`);
}

function tokensOf(table: ModelTable, request: LoggedRequest): number {
  return estimateTokensOfBytes(table.resolve(String(request.body?.model)).spec, request.bodyBytes);
}

function firstBlocks(request: LoggedRequest): Block[] {
  const messages = request.body?.messages as { content: string | Block[] }[];
  const content = messages[0].content;
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

/** `count` files of `kb` KiB each: src/big/f1.ts … */
function bigFiles(count: number, kb: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) files[`src/big/f${i}.ts`] = `// file ${i}\n${'x'.repeat(kb * 1024 - 12)}\n`;
  return files;
}

describe('agent loop: the context window', () => {
  describe('reads per turn and the window end', () => {
    const fake = useFakeMessagesApi({ modelTable: TABLE });
    const logged = fake.logged;

    it('caps one tool round of reads: nine 95 KB reads never make a request larger than the window', async () => {
      const nine = (round: number) =>
        reply(Array.from({ length: 9 }, (_, i) => toolUse('read_file', { path: `src/big/f${i + 1}.ts` }, `toolu_${round}_${i + 1}`)));
      fake.server.script([{ match: 'Task id: alpha', turns: [nine(1), nine(2), reply([toolUse('finish', { summary: 'read them' })])] }]);
      const h = harness(fake.server.baseURL, { model: SONNET, modelTable: TABLE, workspace: bigFiles(9, 95) });
      const result = await runAgent(h.ctx);
      assert.deepEqual(result, { outcome: 'done', reason: 'finished', summary: 'read them' });
      const requests = logged();
      assert.equal(requests.length, 3);
      assert.deepEqual(rejected(requests), []);
      for (const request of requests) assert.ok(tokensOf(TABLE, request) < 250_000, `request #${request.seq}: ${tokensOf(TABLE, request)} tokens`);
      // 15% of 250,000 tokens a round: one 95 KB file (~31,600 tokens) fits, a second does not.
      const results = ofKind(h.events, 'agent.toolResult').slice(0, 9);
      assert.deepEqual(
        results.map((event) => event.ok),
        [true, false, false, false, false, false, false, false, false],
      );
      assert.match(results[1].summary, /Read fewer files at once/);
      const messages = requests[1].body?.messages as { content: Block[] }[];
      const sent = messages[2].content;
      assert.equal(sent.length, 9, 'every call has its result');
      assert.ok(sent.slice(1).every((block) => block.is_error === true && /start_line\/end_line/.test(String(block.content))));
    });

    it('ends the agent with context-window, before sending a request that would not fit, when the model cannot compact', async () => {
      // Each write puts 20 KB (~6,700 tokens) into the conversation; Haiku 5.5 has no compaction.
      const bigWrite = (i: number): Turn => reply([toolUse('write_file', { path: 'src/alpha.ts', content: `// v${i}\n${'y'.repeat(20 * 1024)}` })]);
      fake.server.script([{ match: 'Task id: alpha', turns: Array.from({ length: 20 }, (_, i) => bigWrite(i)) }]);
      const h = harness(fake.server.baseURL, { model: HAIKU, modelTable: TABLE });
      const result = await runAgent(h.ctx);
      assert.equal(result.outcome, 'failed');
      assert.equal(result.reason, 'context-window');
      assert.match(result.message ?? '', /more than the 60,000-token context window of claude-haiku-5-5, and claude-haiku-5-5 cannot compact/);
      assert.match(result.message ?? '', /Split the task into smaller tasks or choose a model with a larger window/);
      const requests = logged();
      assert.ok(requests.length >= 5 && requests.length < 20);
      assert.deepEqual(rejected(requests), [], 'no request over the window was sent');
    });

    it('ends the agent with context-window on model_context_window_exceeded', async () => {
      fake.server.script([{ match: 'Task id: alpha', turns: [reply([text('The answer grew until')], { stopReason: 'model_context_window_exceeded' })] }]);
      const h = harness(fake.server.baseURL, { model: SONNET, modelTable: TABLE });
      const result = await runAgent(h.ctx);
      assert.equal(result.outcome, 'failed');
      assert.equal(result.reason, 'context-window');
      assert.match(result.message ?? '', /filled the 250,000-token context window of claude-sonnet-5-5/);
    });
  });

  describe('compaction', () => {
    const fake = useFakeMessagesApi({ modelTable: COMPACT_TABLE });
    const logged = fake.logged;

    it('compacts a conversation past 60% of the window and goes on from the compaction block', async () => {
      // Each turn reads a new 30 KB file (~9,800 tokens): past 60,000 tokens after about six of them.
      const reads = Array.from({ length: 10 }, (_, i) => reply([text(`Reading file ${i + 1}.`), toolUse('read_file', { path: `src/big/f${i + 1}.ts` })]));
      fake.server.script([{ match: 'Task id: alpha', turns: [...reads, reply([toolUse('finish', { summary: 'all read' })])] }]);
      const h = harness(fake.server.baseURL, { task: task('alpha'), model: SONNET, modelTable: COMPACT_TABLE, workspace: bigFiles(10, 30) });
      const result = await runAgent(h.ctx);
      assert.deepEqual(result, { outcome: 'done', reason: 'finished', summary: 'all read' });

      const requests = logged();
      assert.deepEqual(rejected(requests), []);
      for (const request of requests) assert.ok(tokensOf(COMPACT_TABLE, request) < 100_000);
      const compactions = requests.filter((request) => request.body?.compaction !== undefined);
      assert.ok(compactions.length >= 1, 'at least one compaction request');
      const at = requests.indexOf(compactions[0]);
      const before = requests[at - 1];
      const compactRequest = compactions[0];
      assert.deepEqual(compactRequest.body?.compaction, { type: 'summarize' });
      assert.match(compactRequest.headers['anthropic-beta'] ?? '', new RegExp(COMPACTION_BETA));
      for (const field of ['model', 'system', 'tools', 'thinking', 'max_tokens', 'output_config']) {
        assert.deepEqual(compactRequest.body?.[field], before.body?.[field], `${field} as on a turn`);
      }
      assert.equal(compactRequest.outcome, 'compaction');

      // Every request after it starts with the compaction block, then the note, under the beta header.
      const after = requests.slice(at + 1);
      assert.ok(after.length >= 2);
      for (const request of after) {
        assert.match(request.headers['anthropic-beta'] ?? '', new RegExp(COMPACTION_BETA));
        if (request.body?.compaction !== undefined) continue;
        const [block] = firstBlocks(request);
        assert.equal(block.type, 'compaction');
        assert.equal(typeof block.signature, 'string');
        assert.match(String(block.content), /^Summary of /);
      }
      const next = firstBlocks(after[0]);
      assert.equal(next.length, 2);
      assert.equal(next[1].type, 'text');
      assert.equal(next[1].text, AFTER_COMPACTION_NOTE);

      const compacted = ofKind(h.events, 'agent.compacted');
      assert.equal(compacted.length, compactions.length);
      assert.ok(compacted[0].tokensBefore > 60_000, `before: ${compacted[0].tokensBefore}`);
      assert.ok(compacted[0].tokensAfter < compacted[0].tokensBefore / 4, `after: ${compacted[0].tokensAfter}`);
      // The compaction request is a model turn like the others: it has its usage event.
      assert.equal(ofKind(h.events, 'agent.usage').length, requests.length);
      assert.ok(kinds(h.events).indexOf('agent.compacted') > 0);
    });
  });
});
