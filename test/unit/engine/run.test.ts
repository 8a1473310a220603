/**
 * The run as one object: a retry reopens a finished run (the first end stays `done`, `settled()` waits
 * for the next), and every early stop goes one way — a cancel, the caller's signal, the wall time and
 * the token budget — each with its own outcome for the run and its unfinished agents.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RunEvent } from '../../../src/core/run/events';
import { readRunLog } from '../../../src/core/store/runLog';
import { reduceRunEvents } from '../../../src/core/run/runState';
import { httpError, reply, stallAfter, toolUse } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const write = (path: string, content: string) => reply([toolUse('write_file', { path, content })]);
const finish = (summary = 'done') => reply([toolUse('finish', { summary })]);

function finishedOf(events: readonly RunEvent[], taskId: string): Extract<RunEvent, { kind: 'agent.finished' }> | undefined {
  return events.filter((e): e is Extract<RunEvent, { kind: 'agent.finished' }> => e.kind === 'agent.finished' && e.taskId === taskId).at(-1);
}

describe('run: one object, one stop path', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  const requestsOf = (route: string) => h?.api.requests.filter((r) => r.route === route).length ?? 0;

  it('a retry reopens a finished run: done keeps the first end, settled() waits for the next, the log holds both', async () => {
    h = await createHarness([routeFor('flaky', [httpError(400, { message: 'nope' }), write('src/flaky.ts', 'ok\n'), finish()])]);
    const { handle, events } = h.start(makePlan([implement('flaky')]));
    const first = await handle.done;
    assert.equal(first.status, 'failed');
    assert.deepEqual(await handle.settled(), first, 'an ended run is settled');

    handle.retryAgent('flaky');
    assert.equal(handle.state().status, 'running', 'the retry reopened the run');
    const waiting = [handle.settled(), handle.settled()];
    const [second, again] = await Promise.all(waiting);
    assert.equal(second.status, 'done');
    assert.equal(second.agents.flaky?.attempt, 2);
    assert.deepEqual(again, second, 'every caller waiting gets the next end');
    assert.equal((await handle.done).status, 'failed', 'done is the first end, not replaced by the retry');
    assert.deepEqual(handle.state(), second);

    const replayed = readRunLog(join(h.runDir, 'events.jsonl'));
    assert.deepEqual(
      replayed.events.filter((e) => e.kind === 'run.finished').map((e) => e.kind === 'run.finished' && e.outcome),
      ['failed', 'done'],
    );
    assert.equal(replayed.events.length, events.length, 'the reopened log has every event once');
    assert.deepEqual(reduceRunEvents(replayed.events), second);
  });

  it('settled() called while running resolves when the run ends, with the log closed', async () => {
    h = await createHarness([routeFor('a', [write('src/a.ts', 'a\n'), finish()])]);
    const { handle, events } = h.start(makePlan([implement('a')]));
    const state = await handle.settled();
    assert.equal(state.status, 'done');
    assert.equal(readRunLog(join(h.runDir, 'events.jsonl')).events.length, events.length, 'everything is on disk when it resolves');
  });

  it('cancel: the running agent is aborted, the pending one cancelled, the run cancelled; a retry after it is refused', async () => {
    h = await createHarness([routeFor('slow', [stallAfter(2)]), routeFor('later', [finish()])]);
    const { handle, events } = h.start(makePlan([implement('slow'), implement('later')]), { maxConcurrency: 1, retry: { idleTimeoutMs: 60_000 } });
    await waitFor(() => requestsOf('slow') === 1);
    handle.cancel('Stopped by the test.');
    const state = await handle.done;
    assert.equal(state.status, 'cancelled');
    assert.equal(state.message, 'Stopped by the test.');
    assert.deepEqual([state.agents.slow?.status, state.agents.slow?.reason], ['cancelled', 'cancelled']);
    assert.deepEqual([state.agents.later?.status, state.agents.later?.reason], ['cancelled', 'cancelled']);
    assert.equal(requestsOf('later'), 0);
    const count = events.length;
    handle.retryAgent('slow');
    assert.equal(events.length, count, 'a stopped run does not reopen');
  });

  it("the caller's signal is a cancel too, with its reason's message", async () => {
    h = await createHarness([routeFor('slow', [stallAfter(2)])]);
    const controller = new AbortController();
    const { handle } = h.start(makePlan([implement('slow')]), { signal: controller.signal, retry: { idleTimeoutMs: 60_000 } });
    await waitFor(() => requestsOf('slow') === 1);
    controller.abort(new Error('The window closed.'));
    const state = await handle.done;
    assert.equal(state.status, 'cancelled');
    assert.equal(state.message, 'The window closed.');
    assert.equal(state.agents.slow?.status, 'cancelled');
  });

  it('wall time: running agents are aborted and fail on the run budget, pending ones too, the run fails with the limit', async () => {
    h = await createHarness([routeFor('slow', [stallAfter(2)]), routeFor('later', [finish()])]);
    const started = Date.now();
    const { handle, events } = h.start(makePlan([implement('slow'), implement('later')]), {
      maxConcurrency: 1,
      budgets: { maxWallMsPerRun: 300 },
      retry: { idleTimeoutMs: 60_000 },
    });
    const state = await handle.done;
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    assert.equal(state.status, 'failed');
    assert.match(state.message ?? '', /wall-time limit of 0 s \(fanout\.budget\.maxWallSecondsPerRun\)/);
    assert.deepEqual([state.agents.slow?.status, state.agents.slow?.reason], ['failed', 'run-budget']);
    assert.equal(finishedOf(events, 'slow')?.message, state.message, 'the aborted agent names the limit');
    assert.deepEqual([state.agents.later?.status, state.agents.later?.reason], ['failed', 'run-budget']);
    assert.equal(requestsOf('later'), 0);
  });

  it('token budget: the turn in flight is kept, no further turn or agent starts, the run fails with the limit', async () => {
    h = await createHarness([routeFor('a', [write('src/a.ts', 'a\n'), finish()]), routeFor('b', [finish()])]);
    const { handle } = h.start(makePlan([implement('a'), implement('b')]), { maxConcurrency: 1, budgets: { maxTokensPerRun: 1 } });
    const state = await handle.done;
    assert.equal(state.status, 'failed');
    assert.equal(state.message, 'The run reached its limit of 1 tokens (fanout.budget.maxTokensPerRun).');
    assert.ok(state.files['src/a.ts'], 'the write of the turn that spent the budget is kept');
    assert.deepEqual([state.agents.a?.status, state.agents.a?.reason], ['failed', 'run-budget']);
    assert.match(state.agents.a?.message ?? '', /stopped before its next turn/);
    assert.deepEqual([state.agents.b?.status, state.agents.b?.reason], ['failed', 'run-budget']);
    assert.deepEqual([requestsOf('a'), requestsOf('b')], [1, 0]);
  });

  it('a run whose agents all finish is done, even when its last turn spent the budget', async () => {
    h = await createHarness([routeFor('a', [finish()])]);
    const state = await h.start(makePlan([implement('a')]), { budgets: { maxTokensPerRun: 1 } }).handle.done;
    assert.equal(state.status, 'done');
    assert.equal(state.message, undefined);
  });

  it('agent.finished carries the kind of model failure an agent ended on; the state keeps it until a retry', async () => {
    h = await createHarness([
      routeFor('key', [httpError(401), finish()]),
      routeFor('storm', [httpError(500), httpError(503)]),
      routeFor('turns', [reply([toolUse('read_file', { path: 'README.md' })]), finish()]),
    ]);
    h.write('README.md', 'hi\n');
    const { handle, events } = h.start(makePlan([implement('key'), implement('storm'), implement('turns')]), {
      retry: { maxAttemptsPerTurn: 2 },
      budgets: { maxTurnsPerAgent: 1 },
    });
    const state = await handle.done;
    assert.equal(finishedOf(events, 'key')?.failure, 'auth');
    assert.equal(finishedOf(events, 'storm')?.failure, 'server-error');
    assert.equal(finishedOf(events, 'turns')?.reason, 'budget-turns');
    assert.equal('failure' in (finishedOf(events, 'turns') ?? {}), false, 'a budget is not a model failure');
    assert.deepEqual([state.agents.key?.failure, state.agents.storm?.failure, state.agents.turns?.failure], ['auth', 'server-error', undefined]);
    handle.retryAgent('key');
    assert.equal(handle.state().agents.key?.failure, undefined, 'queued again: the old failure is gone');
    const retried = await handle.settled();
    assert.equal(retried.agents.key?.status, 'done');
    assert.equal(retried.agents.key?.failure, undefined);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
