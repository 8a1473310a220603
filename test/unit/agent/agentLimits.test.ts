import * as assert from 'node:assert/strict';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { httpError, reply, toolUse } from '../../fake/messagesServer';
import { harness, MODEL, ofKind } from './agentHarness';
import { useFakeMessagesApi } from './messagesApiRequests';

const readAgain = reply([toolUse('read_file', { path: 'src/types.ts' })], { usage: { input_tokens: 200, output_tokens: 100 } });

describe('agent loop: budgets and cancellation', () => {
  const fake = useFakeMessagesApi();
  const logged = fake.logged;

  it('stops at the turn limit with budget-turns, naming the setting', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [readAgain], onExhausted: 'repeatLast' }]);
    const h = harness(fake.server.baseURL, { budgets: { maxTurnsPerAgent: 2 } });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.reason, 'budget-turns');
    assert.match(result.message ?? '', /limit of 2 model turns\. Raise "fanout\.budget\.maxTurnsPerAgent"/);
    assert.equal(logged().length, 2);
  });

  it('stops at the token limit with budget-tokens (input + output + cache)', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [reply([toolUse('read_file', { path: 'src/types.ts' })], { usage: { input_tokens: 100, output_tokens: 100, cache_read_input_tokens: 200 } })],
        onExhausted: 'repeatLast',
      },
    ]);
    const h = harness(fake.server.baseURL, { budgets: { maxTokensPerAgent: 700 } });
    const result = await runAgent(h.ctx);
    assert.equal(result.reason, 'budget-tokens');
    assert.equal(result.outcome, 'failed');
    assert.match(result.message ?? '', /used 800 tokens .* limit of 700\. Raise "fanout\.budget\.maxTokensPerAgent"/);
    assert.equal(logged().length, 2);
  });

  it('stops at the cost limit when the cost is known', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [readAgain], onExhausted: 'repeatLast' }]);
    // 200 x $1000/M + 100 x $1000/M = $0.30 a turn.
    const h = harness(fake.server.baseURL, { budgets: { maxCostUsdPerAgent: 0.5 }, prices: { [MODEL]: { input: 1000, output: 1000 } } });
    const result = await runAgent(h.ctx);
    assert.equal(result.reason, 'budget-cost');
    assert.match(result.message ?? '', /fanout\.budget\.maxCostUsdPerAgent/);
    assert.equal(logged().length, 2);
  });

  it('stops at the wall-time limit, measured with the run clock from the agent start', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [readAgain], onExhausted: 'repeatLast' }]);
    let now = 0;
    const h = harness(fake.server.baseURL, {
      budgets: { maxWallMsPerAgent: 60_000 },
      now: () => now,
      onEvent: (body) => {
        if (body.kind === 'agent.usage') {
          now += 25_000;
        }
      },
    });
    const result = await runAgent(h.ctx);
    assert.equal(result.reason, 'budget-wall');
    assert.match(result.message ?? '', /limit of 60 s/);
    assert.equal(logged().length, 3);
  });

  it('does not start a turn once the run budget is used up', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [readAgain] }]);
    const h = harness(fake.server.baseURL, { budgets: { maxTokensPerRun: 1_000 } });
    h.runBudget.record({ input: 1_000, output: 0, cacheWrite: 0, cacheRead: 0 }, null);
    const result = await runAgent(h.ctx);
    assert.equal(result.reason, 'run-budget');
    assert.equal(result.outcome, 'failed');
    assert.equal(logged().length, 0);
  });

  it('is cancelled promptly mid-stream', async () => {
    const long = 'This is a long answer that streams slowly, one small piece at a time. '.repeat(5);
    fake.server.script([{ match: 'Task id: alpha', turns: [reply([long], { eventDelayMs: 50, deltaChars: 4 })] }]);
    let abortedAt = 0;
    const h = harness(fake.server.baseURL, {
      onEvent: (body) => {
        if (body.kind === 'agent.text' && abortedAt === 0) {
          abortedAt = Date.now();
          h.controller.abort();
        }
      },
    });
    const result = await runAgent(h.ctx);
    const took = Date.now() - abortedAt;
    assert.deepEqual(result, { outcome: 'cancelled', reason: 'cancelled' });
    assert.ok(abortedAt > 0 && took < 1_000, `took ${took} ms after the abort`);
    await fake.server.idle();
    assert.equal(logged()[0].aborted, true);
  });

  it('is cancelled promptly during a backoff wait and during a tool', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(429, { retryAfterMs: 30_000 })] }]);
    const waiting = harness(fake.server.baseURL, {
      retry: { maxRetryAfterMs: 60_000 },
      onEvent: (body) => {
        if (body.kind === 'agent.retrying') {
          setTimeout(() => waiting.controller.abort('user cancelled'), 20);
        }
      },
    });
    const started = Date.now();
    assert.deepEqual(await runAgent(waiting.ctx), { outcome: 'cancelled', reason: 'cancelled', message: 'user cancelled' });
    assert.ok(Date.now() - started < 1_000);

    fake.server.script([{ match: 'Task id: alpha', turns: [reply([toolUse('wait', {})])] }]);
    const tool = harness(fake.server.baseURL, {
      onEvent: (body) => {
        if (body.kind === 'agent.toolCall') {
          setTimeout(() => tool.controller.abort(), 20);
        }
      },
    });
    assert.equal((await runAgent(tool.ctx)).outcome, 'cancelled');
    assert.equal(ofKind(tool.events, 'agent.toolResult').length, 1);
  });

  it('returns cancelled without a request when the signal is already aborted', async () => {
    const h = harness(fake.server.baseURL);
    h.controller.abort();
    assert.equal((await runAgent(h.ctx)).outcome, 'cancelled');
    assert.equal(logged().length, 0);
  });
});
