import * as assert from 'node:assert/strict';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { reply, toolUse, type LoggedRequest } from '../../fake/messagesServer';
import { harness, ofKind, SONNET } from './agentHarness';
import { messagesOf, useFakeMessagesApi } from './messagesApiRequests';

const OPUS = 'claude-opus-5-5';

function rejected(requests: readonly LoggedRequest[]): string[] {
  return requests.filter((request) => request.status !== 200).map((request) => `#${request.seq} ${request.status}: ${request.rejection ?? request.outcome}`);
}

const refusal = (category: 'cyber' | 'bio' | null, explanation: string | null = null) =>
  reply([], { stopReason: 'refusal', stopDetails: { category, explanation } });

describe('agent loop: refusals', () => {
  const fake = useFakeMessagesApi();
  const logged = fake.logged;

  it('ends the agent with reason refusal, naming the category and the explanation', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [refusal('cyber', 'The request looks like exploit development')] }]);
    const h = harness(fake.server.baseURL, { model: SONNET });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.reason, 'refusal');
    assert.match(
      result.message ?? '',
      /^claude-sonnet-5-5 declined to continue this task \(refusal, category "cyber"\): The request looks like exploit development\./,
    );
    assert.match(result.message ?? '', /"fanout\.fallbackModel"/);
    assert.equal(ofKind(h.events, 'agent.fallback').length, 0);
    assert.equal(logged().length, 1);
  });

  it('says "refusal" without a category when the API names none', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [refusal(null)] }]);
    const result = await runAgent(harness(fake.server.baseURL, { model: SONNET }).ctx);
    assert.equal(result.reason, 'refusal');
    assert.doesNotMatch(result.message ?? '', /category/);
  });

  it('asks the refused turn once of the fallback model, shaped by its own table entry, then goes back to the task model', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [
          reply(['Checking the types.', toolUse('read_file', { path: 'src/types.ts' })]),
          refusal('cyber'),
          reply(['Writing it.', toolUse('write_file', { path: 'src/alpha.ts', content: 'export const alpha = 1;\n' })]),
          reply([toolUse('finish', { summary: 'done after fallback' })]),
        ],
      },
    ]);
    const h = harness(fake.server.baseURL, { model: SONNET, fallbackModel: OPUS, effort: 'high' });
    const result = await runAgent(h.ctx);
    assert.deepEqual(result, { outcome: 'done', reason: 'finished', summary: 'done after fallback' });
    const requests = logged();
    assert.deepEqual(rejected(requests), []);
    assert.deepEqual(
      requests.map((request) => request.body?.model),
      [SONNET, SONNET, OPUS, SONNET],
    );
    assert.deepEqual(ofKind(h.events, 'agent.fallback'), [{ kind: 'agent.fallback', taskId: 'alpha', turn: 2, from: SONNET, to: OPUS }]);
    assert.deepEqual(messagesOf(requests[2]), messagesOf(requests[1]), 'the same conversation');
    // Opus 5.5's default effort is medium, Sonnet 5.5's high: "high" is sent to Opus only.
    assert.deepEqual(requests[2].body?.output_config, { effort: 'high' });
    assert.equal(requests[1].body?.output_config, undefined);
    assert.deepEqual(requests[2].body?.thinking, { type: 'adaptive', display: 'summarized' });
    assert.deepEqual(
      ofKind(h.events, 'agent.usage').map((event) => [event.turn, event.model]),
      [
        [1, SONNET],
        [2, SONNET],
        [3, OPUS],
        [4, SONNET],
      ],
    );
    assert.equal(h.view.staged.get('src/alpha.ts'), 'export const alpha = 1;\n');
  });

  it('ends the agent when the fallback model refuses too', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [refusal('cyber'), refusal('bio', 'Lab methods')] }]);
    const h = harness(fake.server.baseURL, { model: SONNET, fallbackModel: OPUS });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.reason, 'refusal');
    assert.match(
      result.message ?? '',
      /claude-sonnet-5-5 declined to continue this task, and so did the fallback model claude-opus-5-5 \(refusal, category "bio"\): Lab methods\./,
    );
    assert.equal(logged().length, 2);
    assert.equal(ofKind(h.events, 'agent.fallback').length, 1);
  });
});
