/** The Distribute Feature flow (no VS Code) from a request to a plan: routing, planning, its failures and cancelling it. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { PlanningError } from '../../../src/core/planning/errors';
import { readRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';
import type { ViewStage } from '../../../src/protocol/messages';
import { type FlowHarness, proposalFor, tick } from './flowHarness';
import { useFlowHarness } from './useFlowHarness';

const stageOf = (h: FlowHarness): ViewStage => h.flow.stage;

describe('Distribute Feature flow (no VS Code)', () => {
  let h: FlowHarness;
  useFlowHarness((harness) => {
    h = harness;
  });

  it('submit -> route -> plan -> review -> approve -> run -> done', async () => {
    const { done } = await h.submit('Add a --json flag');
    assert.deepEqual(h.flow.stage, { kind: 'planning', request: 'Add a --json flag', step: 'routing' });
    const asked = h.lastPlan.options;
    assert.equal(asked.request, 'Add a --json flag');
    assert.equal(asked.workspaceRoot, h.root);
    assert.deepEqual(asked.models, { router: h.settings.models.router, planner: h.settings.models.planner });
    asked.onProgress?.({ stage: 'planning', message: 'Planning…' });
    assert.deepEqual(h.flow.stage, { kind: 'planning', request: 'Add a --json flag', step: 'planning' });
    h.lastPlan.resolve(proposalFor(h.root));
    await done;
    // Read through a function: the assertions above narrowed `h.flow.stage` to the planning stage.
    const stage = stageOf(h);
    assert.deepEqual(stage.kind === 'review' && stage.review.plan.tasks.map((t) => t.id), ['a', 'b']);

    void h.flow.approve(false);
    const run = h.engine.last;
    assert.deepEqual(h.flow.stage, { kind: 'run', runId: 'run-1' });
    assert.equal(h.flow.running, true);
    assert.equal(run.options.runDir, join(h.runsDir, 'run-1'));
    assert.equal(run.options.sharedContext, 'PROJECT CONTEXT');
    assert.equal(run.options.maxConcurrency, 4);
    assert.deepEqual(run.options.models, { agent: h.settings.models.agent, validator: h.settings.models.validator });
    assert.equal(h.runChanges[0]?.kind, 'started');

    await run.stage('a', 'src/a.ts', 'export const a = 1;\n');
    run.finishAgent('a');
    assert.equal(h.flow.run?.agents.a?.status, 'done', 'an agent ending reaches the view at once');
    assert.ok(h.batches.some((b) => b.events.some((e) => e.kind === 'file.staged')));
    run.finishAgent('b');
    await run.end();
    await tick();
    assert.equal(h.flow.running, false);
    assert.equal(h.flow.run?.status, 'done');
    assert.deepEqual(h.flow.stage, { kind: 'run', runId: 'run-1' });
    assert.deepEqual(
      h.logs.filter((l) => l.includes('ended')),
      ['info Run run-1 ended: done.'],
    );
    // The review gets the ended run from the engine's own staging.
    assert.equal(h.runs.settledRun('run-1')?.staging.entry('src/a.ts')?.proposed, 'export const a = 1;\n');
    assert.deepEqual(readRunLog(join(h.runsDir, 'run-1', RUN_LOG_FILE)).events.at(-1)?.kind, 'run.finished');
    assert.equal(h.accessOpened, 1);
    assert.equal(h.accessClosed, 0, 'the run keeps its access for retries');
    assert.deepEqual(h.notices, []);
  });

  it('stops on a planning failure of kind auth and asks for the key', async () => {
    const { done } = await h.submit('Add a flag');
    h.lastPlan.reject(new PlanningError('auth', 'Could not plan the feature: the API key was rejected.', [], [], 401));
    await done;
    assert.deepEqual(h.flow.stage, {
      kind: 'error',
      request: 'Add a flag',
      message: 'Could not plan the feature: the API key was rejected.',
      action: 'setApiKey',
    });
    assert.ok(h.logs.includes('error Planning failed: Could not plan the feature: the API key was rejected.'));
    assert.equal(h.accessClosed, 1);
    assert.equal(h.engine.runs.length, 0);
  });

  it('asks for a key when there is none, and says what else is missing before planning', async () => {
    h.noKey = true;
    await h.flow.submit('Add a flag', undefined, undefined);
    assert.deepEqual(h.flow.stage, {
      kind: 'error',
      request: 'Add a flag',
      message: 'Fanout needs an Anthropic API key for this workspace.',
      action: 'setApiKey',
    });
    await h.flow.submit('   ', undefined, undefined);
    assert.equal(
      h.flow.stage.kind === 'error' && h.flow.stage.message,
      'The feature request is empty. Describe the change you want, for example "Add a --json flag to the list command".',
    );
    h.folderOpen = false;
    await h.flow.submit('x', undefined, undefined);
    assert.equal(h.flow.stage.kind === 'error' && h.flow.stage.action, 'openFolder');
    h.folderOpen = true;
    h.trusted = false;
    await h.flow.submit('x', undefined, undefined);
    assert.equal(h.flow.stage.kind === 'error' && h.flow.stage.action, 'trust');
    assert.equal(h.plans.length, 0);
  });

  it('shows an access that cannot open as a planning failure instead of staying in planning', async () => {
    h.accessFails = new Error('listen EADDRINUSE');
    await h.flow.submit('Add a flag', undefined, undefined);
    assert.equal(stageOf(h).kind, 'error');
    assert.match(h.logs.join('\n'), /error Planning failed: Unexpected error: listen EADDRINUSE/);
  });

  it('cancels planning: back to the composer with the request, the access closed, a late answer dropped', async () => {
    const { done } = await h.submit('Add a flag');
    const { signal } = h.lastPlan.options;
    h.flow.compose();
    assert.deepEqual(h.flow.stage, { kind: 'compose', draft: 'Add a flag' });
    assert.equal(signal?.aborted, true);
    await tick();
    assert.equal(h.accessClosed, 1);
    h.lastPlan.resolve(proposalFor(h.root));
    await done;
    assert.deepEqual(h.flow.stage, { kind: 'compose', draft: 'Add a flag' });
    void h.flow.approve(false);
    assert.equal(h.engine.runs.length, 0, 'a dropped proposal cannot be approved');
  });
});
