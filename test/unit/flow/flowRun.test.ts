/** The Distribute Feature flow (no VS Code) while a run goes and after it: cancelling, stopping on a rejected key, retrying, reopening a past run. */
import * as assert from 'node:assert/strict';
import { SET_API_KEY_ACTION } from '../../../src/host/flow/runSession';
import { type FlowHarness, tick } from './flowHarness';
import { useFlowHarness } from './useFlowHarness';

describe('Distribute Feature flow (no VS Code)', () => {
  let h: FlowHarness;
  useFlowHarness((harness) => {
    h = harness;
  });

  it('cancels a run from the view; it settles as cancelled', async () => {
    await h.plan();
    void h.flow.approve(false);
    h.flow.cancelRun();
    assert.deepEqual(h.engine.last.cancelled, ['Cancelled from the Fanout view.']);
    h.flow.cancelAgent('b');
    assert.deepEqual(h.engine.last.cancelled, ['Cancelled from the Fanout view.', 'agent b']);
    await h.engine.last.end();
    await tick();
    assert.equal(h.flow.run?.status, 'cancelled');
    assert.equal(h.flow.running, false);
    assert.deepEqual(
      h.logs.filter((l) => l.includes('ended')),
      ['info Run run-1 ended: cancelled (Cancelled from the Fanout view.).'],
    );
  });

  it('stops the run when an agent fails on a rejected key (its failure kind), asking for the key once', async () => {
    h.answer = SET_API_KEY_ACTION;
    await h.plan();
    void h.flow.approve(false);
    const run = h.engine.last;
    run.finishAgent('a', 'failed', { message: 'Authentication failed (401): invalid x-api-key', failure: 'auth' });
    run.finishAgent('b', 'failed', { message: 'Authentication failed (401): invalid x-api-key', failure: 'auth' });
    await tick();
    assert.deepEqual(run.cancelled, ['Authentication failed (401): invalid x-api-key', 'Authentication failed (401): invalid x-api-key']);
    assert.deepEqual(h.notices, [
      { level: 'error', message: 'Fanout stopped the run: Authentication failed (401): invalid x-api-key', actions: [SET_API_KEY_ACTION] },
    ]);
    assert.equal(h.apiKeyPrompts, 1);
  });

  it('does not stop the run for a failure of another kind, even one that mentions 401', async () => {
    await h.plan();
    void h.flow.approve(false);
    h.engine.last.finishAgent('a', 'failed', { message: 'The tool returned HTTP (401) from the app under test', failure: 'server-error' });
    await tick();
    assert.deepEqual(h.engine.last.cancelled, []);
    assert.deepEqual(h.notices, []);
  });

  it('retries an agent after the run ended, and settles again', async () => {
    await h.plan();
    void h.flow.approve(false);
    const run = h.engine.last;
    run.finishAgent('a');
    run.finishAgent('b', 'failed');
    await run.end();
    await tick();
    assert.equal(h.flow.run?.status, 'failed');
    h.flow.retryAgent('b');
    assert.deepEqual(run.retried, ['b']);
    assert.equal(h.flow.running, true, 'the reopened run reaches the view at once');
    assert.equal(h.flow.run?.agents.b?.status, 'running');
    run.finishAgent('b');
    await run.end();
    await tick();
    assert.equal(h.flow.run?.status, 'done');
    assert.deepEqual(
      h.logs.filter((l) => l.includes('ended')),
      ['info Run run-1 ended: failed.', 'info Run run-1 ended: done.'],
    );
  });

  it('refuses to retry once files of the run were reviewed', async () => {
    await h.plan();
    void h.flow.approve(false);
    const run = h.engine.last;
    await run.stage('a', 'src/a.ts', 'a\n');
    run.finishAgent('a');
    run.finishAgent('b', 'failed');
    await run.end();
    await tick();
    await h.runs.append('run-1', [{ kind: 'review.discarded', taskId: 'a', path: 'src/a.ts' }]);
    h.flow.retryAgent('b');
    assert.deepEqual(run.retried, []);
    assert.deepEqual(h.notices, [
      {
        level: 'warning',
        message: 'Fanout: files of this run were already accepted or discarded, so its agents cannot be retried. Start a new request instead.',
        actions: [],
      },
    ]);
  });

  it('settles once per end, however many retries happened while the run was going', async () => {
    await h.plan();
    void h.flow.approve(false);
    const run = h.engine.last;
    run.finishAgent('a', 'failed');
    h.flow.retryAgent('a');
    h.flow.retryAgent('a');
    run.finishAgent('a');
    run.finishAgent('b');
    await run.end();
    await tick();
    assert.deepEqual(
      h.logs.filter((l) => l.includes('ended')),
      ['info Run run-1 ended: done.'],
    );
    assert.deepEqual(
      h.runChanges.map((c) => c.kind),
      ['started', 'ended'],
    );
  });

  it('reopens a past run from the history; the ended live run gives way with its access', async () => {
    await h.plan();
    void h.flow.approve(false);
    h.engine.last.finishAgent('a');
    h.engine.last.finishAgent('b');
    await h.engine.last.end();
    await tick();
    const past = await h.runs.state('run-1');
    assert.ok(past);
    h.flow.showRun({ ...past, runId: 'run-0' });
    assert.deepEqual(h.flow.stage, { kind: 'run', runId: 'run-0' });
    assert.equal(h.flow.run?.runId, 'run-0');
    await tick();
    assert.equal(h.accessClosed, 1);
    assert.equal(h.runs.handle('run-1'), undefined);
  });
});
