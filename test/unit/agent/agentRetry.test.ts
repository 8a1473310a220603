import * as assert from 'node:assert/strict';
import { runAgent } from '../../../src/core/run/agent/agentLoop';
import { createRequestLimiter } from '../../../src/core/run/limiter';
import { dropAfter, httpError, reply, stallAfter, startFakeMessagesApi, streamErrorAfter, text, toolUse } from '../../fake/messagesServer';
import { FAST_RETRY, harness, ofKind, task } from './agentHarness';
import { messagesOf, useFakeMessagesApi } from './messagesApiRequests';

const finish = reply([toolUse('finish', { summary: 'finished after retry' })]);
const readTypes = reply([text('Looking.'), toolUse('read_file', { path: 'src/types.ts' })]);

describe('agent loop: engine-level retries', () => {
  const fake = useFakeMessagesApi();
  const logged = fake.logged;

  it('honours retry-after-ms on a 429: the shared limiter pauses, one retry, then success', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(429, { retryAfterMs: 250 }), finish] }]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);

    assert.deepEqual(result, { outcome: 'done', reason: 'finished', summary: 'finished after retry' });
    const retries = ofKind(h.events, 'agent.retrying');
    assert.equal(retries.length, 1);
    assert.deepEqual(
      { ...retries[0], message: undefined },
      {
        kind: 'agent.retrying',
        taskId: 'alpha',
        cause: 'rate-limited',
        attempt: 1,
        delayMs: 250,
        status: 429,
        message: undefined,
      },
    );
    const [first, second] = logged();
    assert.equal(logged().length, 2, 'the SDK did not retry on its own');
    assert.ok(second.receivedAt - first.receivedAt >= 240, `waited ${second.receivedAt - first.receivedAt} ms`);
    assert.equal(h.limiter.state().consecutiveFailures, 0, 'success reset the backoff');
  });

  it('caps a retry-after larger than maxRetryAfterMs', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(429, { retryAfterMs: 3_600_000 }), finish] }]);
    const h = harness(fake.server.baseURL, { retry: { maxRetryAfterMs: 120 } });
    const started = Date.now();
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    assert.equal(ofKind(h.events, 'agent.retrying')[0].delayMs, 120);
    assert.ok(Date.now() - started < 2_000);
  });

  it('pauses every agent of the run when one is rate-limited', async () => {
    fake.server.script([
      { name: 'alpha', match: 'Task id: alpha', turns: [httpError(429, { retryAfterMs: 400 }), finish] },
      // beta's first answer streams slowly, so its second request comes while alpha's pause is on.
      { name: 'beta', match: 'Task id: beta', turns: [{ ...readTypes, eventDelayMs: 15 }, finish] },
    ]);
    const limiter = createRequestLimiter(FAST_RETRY);
    const a = harness(fake.server.baseURL, { task: task('alpha'), limiter });
    const b = harness(fake.server.baseURL, { task: task('beta'), limiter });
    const results = await Promise.all([runAgent(a.ctx), runAgent(b.ctx)]);
    assert.deepEqual(
      results.map((result) => result.outcome),
      ['done', 'done'],
    );
    const requests = logged();
    const rateLimited = requests.find((request) => request.route === 'alpha' && request.status === 429);
    const betaSecond = requests.filter((request) => request.route === 'beta')[1];
    assert.ok(rateLimited !== undefined && betaSecond !== undefined);
    assert.ok(betaSecond.receivedAt - rateLimited.receivedAt >= 380, `beta waited ${betaSecond.receivedAt - rateLimited.receivedAt} ms`);
    assert.equal(ofKind(b.events, 'agent.retrying').length, 0, 'beta was held back, not failed');
  });

  it('rides out a 529 storm with exponential backoff', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(529), httpError(529), httpError(529), finish] }]);
    const h = harness(fake.server.baseURL, { retry: { maxAttemptsPerTurn: 5 } });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    const retries = ofKind(h.events, 'agent.retrying');
    assert.deepEqual(
      retries.map((event) => [event.cause, event.attempt, event.status]),
      [
        ['overloaded', 1, 529],
        ['overloaded', 2, 529],
        ['overloaded', 3, 529],
      ],
    );
    // base 5 ms doubling, capped at 20 ms, jitter takes off at most 25%.
    retries.forEach((event, index) => {
      const ceiling = Math.min(5 * 2 ** index, 20);
      assert.ok(event.delayMs <= ceiling && event.delayMs >= Math.floor(ceiling * 0.75), `delay ${event.delayMs} for retry ${index + 1}`);
    });
    assert.equal(logged().length, 4);
  });

  it('retries a stream dropped mid-way without losing the finished turns', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [readTypes, dropAfter(4, { content: [text('This answer breaks off half way')] }), finish] }]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    const [retry] = ofKind(h.events, 'agent.retrying');
    assert.equal(retry.cause, 'dropped');
    const requests = logged();
    assert.equal(requests.length, 3);
    assert.equal(requests[1].outcome, 'drop');
    const dropped = messagesOf(requests[1]);
    assert.equal(dropped.length, 3, 'turn 1 (assistant + tool result) is part of the retried request');
    assert.deepEqual(messagesOf(requests[2]), dropped, 'the retry resends exactly the same conversation');
    assert.deepEqual(
      ofKind(h.events, 'agent.usage').map((event) => event.turn),
      [1, 2],
    );
  });

  it('aborts a stalled stream with the idle watchdog and retries it', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [stallAfter(3), finish] }]);
    const h = harness(fake.server.baseURL, { retry: { idleTimeoutMs: 300 } });
    const started = Date.now();
    const result = await runAgent(h.ctx);
    const elapsed = Date.now() - started;
    assert.equal(result.outcome, 'done');
    assert.equal(ofKind(h.events, 'agent.retrying')[0].cause, 'stalled');
    assert.ok(elapsed >= 290 && elapsed < 2_000, `took ${elapsed} ms`);
    await fake.server.idle();
    assert.equal(logged()[0].aborted, true, 'the stalled request was abandoned');
  });

  it('keeps a slow stream whose silences stay under the idle timeout, however long it runs', async () => {
    // 80 ms between frames, a 200 ms watchdog, and a turn of more than twice the watchdog in all.
    const slow = { ...reply([text('a'.repeat(96)), toolUse('finish', { summary: 'slow but steady' })]), eventDelayMs: 80, deltaChars: 16 };
    fake.server.script([{ match: 'Task id: alpha', turns: [slow] }]);
    const h = harness(fake.server.baseURL, { retry: { idleTimeoutMs: 200 } });
    const started = Date.now();
    const result = await runAgent(h.ctx);
    assert.deepEqual(result, { outcome: 'done', reason: 'finished', summary: 'slow but steady' });
    assert.ok(Date.now() - started >= 500, `the turn took ${Date.now() - started} ms: it should stream for longer than twice the watchdog`);
    assert.equal(ofKind(h.events, 'agent.retrying').length, 0, 'no stall was declared');
    assert.equal(logged().length, 1);
  });

  it('also abandons a request whose headers never come', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [() => new Promise(() => undefined), finish] }]);
    const h = harness(fake.server.baseURL, { retry: { idleTimeoutMs: 200 } });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    assert.equal(ofKind(h.events, 'agent.retrying')[0].cause, 'stalled');
  });

  it('retries in-stream overloaded_error and api_error events', async () => {
    fake.server.script([
      {
        match: 'Task id: alpha',
        turns: [streamErrorAfter(3), streamErrorAfter(2, { errorType: 'api_error', message: 'Internal server error' }), finish],
      },
    ]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    const retries = ofKind(h.events, 'agent.retrying');
    assert.deepEqual(
      retries.map((event) => [event.cause, event.attempt, event.status]),
      [
        ['overloaded', 1, undefined],
        ['server-error', 2, undefined],
      ],
    );
  });

  it('fails with a clear message once the attempts of a turn are used up by server errors', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(500), httpError(503), httpError(500), finish] }]);
    const h = harness(fake.server.baseURL, { retry: { maxAttemptsPerTurn: 3 } });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'failed');
    assert.equal(result.reason, 'error');
    assert.equal(result.failure, 'server-error');
    assert.match(result.message ?? '', /^Model turn 1 failed 3 times in a row; the last error: .*\(500\)/);
    assert.equal(ofKind(h.events, 'agent.retrying').length, 2);
    assert.equal(logged().length, 3);
  });

  it('never fails on rate limits: past the last attempt it waits for capacity and finishes the turn', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(429), httpError(529), httpError(429), httpError(529), httpError(429), finish] }]);
    const h = harness(fake.server.baseURL, { retry: { maxAttemptsPerTurn: 2 } });
    const started = Date.now();
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'done');
    assert.equal(logged().length, 6, 'every failed request was answered by waiting, not by giving up');
    assert.equal(ofKind(h.events, 'agent.retrying').length, 1, 'retries up to the attempt limit');
    const waits = ofKind(h.events, 'agent.waiting');
    assert.equal(waits.length, 4, 'then waits for capacity');
    for (const wait of waits) {
      assert.equal(wait.reason, 'backoff');
      assert.ok(wait.until >= started && wait.until <= Date.now() + 1_000, 'a wait says until when');
    }
  });

  it('still ends a capacity wait when the agent is cancelled', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: Array.from({ length: 50 }, () => httpError(429, { retryAfterMs: 40 })) }]);
    const h = harness(fake.server.baseURL, { retry: { maxAttemptsPerTurn: 1 } });
    const running = runAgent(h.ctx);
    while (ofKind(h.events, 'agent.waiting').length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    h.controller.abort('stop');
    const result = await running;
    assert.equal(result.outcome, 'cancelled');
  });

  it('retries a connection that cannot be made, then fails with the reason', async () => {
    const closed = await startFakeMessagesApi();
    await closed.close();
    const h = harness(closed.baseURL, { retry: { maxAttemptsPerTurn: 2 } });
    const result = await runAgent(h.ctx);
    assert.equal(result.outcome, 'failed');
    assert.match(result.message ?? '', /failed 2 times in a row; the last error: Could not reach the API/);
    assert.deepEqual(
      ofKind(h.events, 'agent.retrying').map((event) => [event.cause, event.attempt]),
      [['connection', 1]],
    );
  });

  it('fails at once on 401 with a message saying how to fix the key', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(401), finish] }]);
    const h = harness(fake.server.baseURL);
    const result = await runAgent(h.ctx);
    assert.deepEqual(result, {
      outcome: 'failed',
      reason: 'error',
      message: 'The API key was rejected (401). Set a valid key with "Fanout: Set API Key" or ANTHROPIC_API_KEY.',
      failure: 'auth',
    });
    assert.equal(logged().length, 1);
    assert.equal(ofKind(h.events, 'agent.retrying').length, 0);
  });

  it('fails at once on 400 and on errors the server says not to retry', async () => {
    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(400, { message: 'max_tokens: too large' })] }]);
    const bad = await runAgent(harness(fake.server.baseURL).ctx);
    assert.equal(bad.outcome, 'failed');
    assert.match(bad.message ?? '', /rejected the request \(400\): max_tokens: too large/);

    fake.server.script([{ match: 'Task id: alpha', turns: [httpError(500, { shouldRetry: false, message: 'do not retry me' })] }]);
    const noRetry = await runAgent(harness(fake.server.baseURL).ctx);
    assert.equal(noRetry.outcome, 'failed');
    assert.match(noRetry.message ?? '', /do not retry me/);
    assert.equal(logged().length, 2);
  });
});
