import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { PlanningError } from '../../../src/core/planning/errors';
import { readRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';
import type { ViewStage } from '../../../src/protocol/messages';
import { SET_API_KEY_ACTION } from '../../../src/host/flow/runSession';
import { implement, makePlan } from '../engine/harness';
import { FlowHarness, proposalFor, testSettings, tick } from './flowHarness';

const stageOf = (h: FlowHarness): ViewStage => h.flow.stage;

describe('Distribute Feature flow (no VS Code)', () => {
  let h: FlowHarness;
  beforeEach(() => {
    h = new FlowHarness();
  });
  afterEach(() => h.dispose());

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

  it('approves a proposal that approves itself without showing the review', async () => {
    h.settings = testSettings({ autoApprove: true });
    await h.plan();
    assert.deepEqual(h.flow.stage, { kind: 'run', runId: 'run-1' });
    assert.ok(!h.stages.includes('review'));
  });

  it('refuses to run a plan with errors or an unconfirmed estimate, and a run while one is going', async () => {
    const error = { severity: 'error' as const, code: 'x', message: 'Broken.', tasks: [], paths: [] };
    await h.plan(proposalFor(h.root, undefined, { findings: [error] }));
    void h.flow.approve(true);
    await h.plan(proposalFor(h.root, undefined, { needsApproval: true }));
    void h.flow.approve(false);
    assert.deepEqual(
      h.notices.map((n) => [n.level, n.message]),
      [
        ['error', 'Fanout: the plan still has errors. Fix them (or apply the suggested fixes) before running it.'],
        ['warning', 'Fanout: the cost estimate is above the budget or unknown. Confirm it in the plan review to run anyway.'],
      ],
    );
    assert.equal(h.engine.runs.length, 0);
    void h.flow.approve(true);
    assert.equal(h.engine.runs.length, 1);
    await h.flow.submit('Another', undefined, undefined);
    assert.deepEqual(h.flow.stage, {
      kind: 'error',
      request: 'Another',
      message: 'A run is still going. Cancel it or wait for it to finish before starting another.',
    });
  });

  it('shows the engine refusing the plan as an error, and closes the access', async () => {
    await h.plan();
    h.engine.refuse = new Error('disk full');
    void h.flow.approve(false);
    assert.equal(h.flow.stage.kind, 'error');
    assert.match(h.flow.stage.kind === 'error' ? h.flow.stage.message : '', /^Unexpected error: disk full\./);
    await tick();
    assert.equal(h.accessClosed, 1);
  });

  it('edits the plan under review and re-lints it; a refused edit is a warning', async () => {
    await h.plan(proposalFor(h.root, makePlan([implement('a'), implement('b')])));
    h.flow.edit([{ kind: 'removeTask', taskId: 'b' }]);
    assert.deepEqual(h.flow.stage.kind === 'review' && h.flow.stage.review.plan.tasks.map((t) => t.id), ['a']);
    h.flow.edit([{ kind: 'removeTask', taskId: 'nope' }]);
    assert.equal(h.notices[0]?.level, 'warning');
    assert.match(h.notices[0]?.message ?? '', /^Fanout: /);
  });

  it("keeps planning's notes on Claude Code subagents across an edit while their tasks are in the plan", async () => {
    const note = { severity: 'warning' as const, code: 'claude-agent-tools', message: 'Bash cannot be honoured.', tasks: ['a'], paths: [] };
    const other = { ...note, code: 'claude-agent-model', tasks: ['b'] };
    await h.plan(proposalFor(h.root, makePlan([implement('a'), implement('b'), implement('c')]), { findings: [note, other] }));
    h.flow.edit([{ kind: 'removeTask', taskId: 'c' }]);
    const codes = () => (h.flow.stage.kind === 'review' ? h.flow.stage.review.findings.map((f) => `${f.code} ${(f.tasks ?? []).join(',')}`) : []);
    assert.deepEqual(
      codes().filter((c) => c.startsWith('claude-agent-')),
      ['claude-agent-tools a', 'claude-agent-model b'],
    );
    h.flow.edit([{ kind: 'removeTask', taskId: 'b' }]);
    assert.deepEqual(
      codes().filter((c) => c.startsWith('claude-agent-')),
      ['claude-agent-tools a'],
      "a removed task's note goes with it",
    );
  });

  it('demo runs need no approval of their unknown cost; model warnings are logged and the first shown', async () => {
    h.demo = true;
    await h.plan(proposalFor(h.root, undefined, { needsApproval: true, warnings: ['Unknown model x.', 'Unknown model y.'] }));
    assert.equal(h.flow.stage.kind === 'review' && h.flow.stage.review.needsApproval, false);
    assert.deepEqual(h.notices, [{ level: 'warning', message: 'Fanout: Unknown model x. (1 more in the Fanout log)', actions: [] }]);
    assert.ok(h.logs.includes('warn Unknown model y.'));
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
