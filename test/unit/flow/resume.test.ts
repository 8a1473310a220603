/**
 * Resuming an interrupted run through the Distribute Feature flow (no VS Code): it goes the way a new
 * run goes (model access, `runStarted`, batched events, one settle), and a closing window interrupts
 * the live run instead of cancelling it.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ResumeError } from '../../../src/core/run/engine';
import { readRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { FlowHarness, tick } from './flowHarness';
import { interruptedRun } from './interruptedRun';

/** A run another window started and left cut mid-run (agent a staged a file, nothing ended). */
function interruptedRunIn(h: FlowHarness): Promise<string> {
  return interruptedRun(h, async (run) => {
    await run.stage('a', 'src/a.ts', 'export const a = 1;\n');
    run.finishAgent('a');
  });
}

describe('Distribute Feature flow: resuming an interrupted run', () => {
  let h: FlowHarness;
  beforeEach(() => {
    h = new FlowHarness();
  });
  afterEach(() => h.dispose());

  it('resumes like a run start: the access opened, the run stage, events in batches, one settle', async () => {
    const runId = await interruptedRunIn(h);
    assert.equal((await h.runs.state(runId))?.status, 'interrupted');
    await h.flow.resume(runId);

    assert.deepEqual(h.flow.stage, { kind: 'run', runId });
    assert.equal(h.flow.running, true);
    assert.equal(h.accessOpened, 1);
    assert.equal(h.stages.at(-1), 'run');
    const run = h.resumer.last;
    assert.equal(run.options.runDir, join(h.runsDir, runId));
    assert.equal(run.options.workspaceRoot, h.root);
    assert.equal(run.options.maxConcurrency, h.settings.maxConcurrency);
    assert.deepEqual(run.options.models, { agent: h.settings.models.agent, validator: h.settings.models.validator });
    assert.equal(h.flow.run?.agents.a?.status, 'done', 'the view starts from what the log holds');
    assert.equal(h.flow.run?.files['src/a.ts']?.review, 'pending');
    assert.equal(h.runChanges.at(-1)?.kind, 'started');

    run.finishAgent('b');
    assert.equal(h.flow.run?.agents.b?.status, 'done', 'an agent ending reaches the view at once');
    assert.ok(h.batches.some((b) => b.runId === runId && b.events.some((e) => e.kind === 'run.resumed')));
    await run.end();
    await tick();
    assert.equal(h.flow.running, false);
    assert.equal(h.flow.run?.status, 'done');
    assert.deepEqual(
      h.logs.filter((l) => l.includes('ended')),
      [`info Run ${runId} ended: done.`],
      'settled once',
    );
    assert.equal(h.runs.settledRun(runId)?.state.status, 'done', 'the review takes it from the engine as for a new run');
    assert.deepEqual(h.notices, []);
  });

  it('asks for the key as a new run does, and refuses a run that is not interrupted, with nothing resumed', async () => {
    const runId = await interruptedRunIn(h);
    h.noKey = true;
    await h.flow.resume(runId);
    const stage = h.flow.stage;
    assert.equal(stage.kind, 'error');
    assert.equal(stage.kind === 'error' && stage.action, 'setApiKey');
    assert.equal(h.resumer.runs.length, 0);

    h.noKey = false;
    await h.runs.discard(runId);
    await h.flow.resume(runId);
    assert.match(h.notices.at(-1)?.message ?? '', /already ended \(cancelled\)/);
    assert.equal(h.resumer.runs.length, 0);
    assert.equal(h.accessOpened, 0, 'no access opened for a run that cannot resume');
  });

  it('shows the engine refusing to resume as an error, and closes the access', async () => {
    const runId = await interruptedRunIn(h);
    h.resumer.refuse = new ResumeError('The run log is torn beyond repair: discard the run instead.');
    await h.flow.resume(runId);
    const stage = h.flow.stage;
    assert.equal(stage.kind === 'error' && stage.message, 'The run log is torn beyond repair: discard the run instead.');
    assert.equal(h.accessOpened, 1);
    assert.equal(h.accessClosed, 1);
  });

  it('interrupts the live run when the window closes: not cancelled, no run.finished, interrupted afterwards', async () => {
    await h.plan();
    void h.flow.approve(false);
    const run = h.engine.last;
    await run.stage('a', 'src/a.ts', 'export const a = 1;\n');
    h.flow.dispose();
    await tick();
    assert.deepEqual(run.cancelled, [], 'the run is not cancelled');
    assert.equal(run.options.signal?.aborted, false, 'nor aborted');
    assert.equal(
      readRunLog(join(h.runsDir, 'run-1', RUN_LOG_FILE)).events.some((e) => e.kind === 'run.finished'),
      false,
    );
    assert.equal((await h.runs.state('run-1'))?.status, 'interrupted');
    assert.equal(h.accessClosed, 1, 'the access closes once the agents stopped');
  });
});
