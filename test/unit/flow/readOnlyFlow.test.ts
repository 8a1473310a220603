/**
 * A read-only fan-out (review, research) in the flow, without VS Code: no plan review, the label shows
 * while it is prepared, the run gets the synthesis with the subject, its end is announced once per end
 * with the run folder, and a failure or a user who moved on starts nothing and keeps no model access.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { PrepareReadOnly, ReadOnlySettled } from '../../../src/host/flow/flowController';
import { asValidated, checkPlan } from '../../../src/core/plan/planCheck';
import { ReviewInputError } from '../../../src/core/review/reviewError';
import { reviewPlan } from '../../../src/core/review/reviewPlan';
import { REVIEW_ROLES } from '../../../src/core/planning/patterns/builtins';
import type { ReadOnlyRun } from '../../../src/core/readOnly/readOnlyRun';
import { FlowHarness, tick, until } from './flowHarness';

describe('read-only fan-outs in the flow (no VS Code)', () => {
  let h: FlowHarness;
  let settled: ReadOnlySettled[];
  beforeEach(() => {
    h = new FlowHarness();
    settled = [];
    h.flow.onDidSettleReadOnly((s) => settled.push(s));
  });
  afterEach(() => h.dispose());

  const readOnlyRun = (): ReadOnlyRun => ({
    kind: 'review',
    subject: 'Review of the whole workspace',
    plan: asValidated(checkPlan(reviewPlan(REVIEW_ROLES.roles.slice(0, 2), 'Review of the whole workspace'), h.root).plan),
    sharedContext: 'THE CODE UNDER REVIEW',
  });

  it('shows the label while preparing, then runs the validators with the synthesis and no plan review; announces the end with the run folder', async () => {
    let release: (run: ReadOnlyRun) => void = () => undefined;
    const asked: { root: string; aborted: boolean }[] = [];
    const prepare: PrepareReadOnly = ({ workspaceRoot, signal }) => {
      asked.push({ root: workspaceRoot, aborted: signal.aborted });
      return new Promise((resolve) => (release = resolve));
    };
    const started = h.flow.startReadOnly('Review of the whole workspace', prepare);
    await until(() => asked.length === 1);
    assert.deepEqual(h.flow.stage, { kind: 'planning', request: 'Review of the whole workspace', step: 'planning' });
    assert.deepEqual(asked, [{ root: h.root, aborted: false }]);
    release(readOnlyRun());
    await started;

    const run = h.engine.last;
    assert.deepEqual(h.flow.stage, { kind: 'run', runId: 'run-1' });
    assert.deepEqual(run.options.synthesis, {
      model: h.settings.models.validator,
      effort: h.settings.effort.validator,
      subject: 'Review of the whole workspace',
    });
    assert.equal(run.options.sharedContext, 'THE CODE UNDER REVIEW');
    assert.deepEqual(
      run.options.plan.tasks.map((t) => [t.id, t.phase, t.owns.length]),
      [
        ['architecture-performance', 'validate', 0],
        ['security', 'validate', 0],
      ],
    );
    assert.equal(run.options.checks, undefined, 'a read-only run runs no checks');
    run.finishAgent('architecture-performance');
    run.finishAgent('security');
    await run.end();
    await tick();
    assert.equal(settled.length, 1);
    assert.equal(settled[0]?.runDir, join(h.runsDir, 'run-1'));
    assert.equal(settled[0]?.state.status, 'done');
    assert.equal(settled[0]?.run.subject, 'Review of the whole workspace');
    assert.equal(h.accessOpened, 1);
  });

  it('a feature run ending is not announced as read-only', async () => {
    await h.plan();
    void h.flow.approve(false);
    const run = h.engine.last;
    run.finishAgent('a');
    run.finishAgent('b');
    await run.end();
    await tick();
    assert.equal(settled.length, 0);
  });

  it('shows a preparation failure (no change to review) as the error stage, starts nothing and closes the access', async () => {
    await h.flow.startReadOnly('Review of the working tree against HEAD', async () => {
      throw new ReviewInputError('Nothing to review: the working tree has no changes against HEAD and no untracked files. Nothing ran.');
    });
    const stage = h.flow.stage;
    assert.equal(stage.kind, 'error');
    assert.equal(
      stage.kind === 'error' ? stage.message : '',
      'Nothing to review: the working tree has no changes against HEAD and no untracked files. Nothing ran.',
    );
    assert.equal(h.engine.runs.length, 0);
    assert.equal(h.accessClosed, h.accessOpened);
  });

  it('asks for a key when there is none, and refuses without a folder, untrusted, or while a run is going', async () => {
    const prepare: PrepareReadOnly = async () => readOnlyRun();
    h.noKey = true;
    await h.flow.startReadOnly('Review of the whole workspace', prepare);
    const noKey = h.flow.stage;
    assert.equal(noKey.kind === 'error' && noKey.action, 'setApiKey');
    h.noKey = false;
    h.trusted = false;
    await h.flow.startReadOnly('Review of the whole workspace', prepare);
    const untrusted = h.flow.stage;
    assert.equal(untrusted.kind === 'error' && untrusted.action, 'trust');
    h.trusted = true;
    h.folderOpen = false;
    await h.flow.startReadOnly('Review of the whole workspace', prepare);
    const noFolder = h.flow.stage;
    assert.equal(noFolder.kind === 'error' && noFolder.action, 'openFolder');
    h.folderOpen = true;
    await h.flow.startReadOnly('Review of the whole workspace', prepare);
    assert.equal(h.flow.running, true);
    await h.flow.startReadOnly('Review of the whole workspace', prepare);
    const busy = h.flow.stage;
    assert.match(busy.kind === 'error' ? busy.message : '', /still going/);
    assert.equal(h.engine.runs.length, 1, 'the second one did not start');
  });

  it('starts nothing when the user went back to the composer while it was being prepared', async () => {
    let release: (run: ReadOnlyRun) => void = () => undefined;
    let signal: AbortSignal | undefined;
    const started = h.flow.startReadOnly('Review of the whole workspace', (input) => {
      signal = input.signal;
      return new Promise((resolve) => (release = resolve));
    });
    await until(() => signal !== undefined);
    h.flow.compose();
    assert.equal(signal?.aborted, true, 'the preparation is told to stop');
    release(readOnlyRun());
    await started;
    assert.equal(h.engine.runs.length, 0);
    assert.equal(h.flow.stage.kind, 'compose');
    assert.equal(h.accessClosed, h.accessOpened);
  });
});
