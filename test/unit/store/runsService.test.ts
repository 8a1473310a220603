import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunOptions } from '../../../src/core/run/engineTypes';
import { readRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { RunStore } from '../../../src/core/store/runStore';
import { RunsService, type RunsChange } from '../../../src/host/runs/runsService';
import { FakeEngine } from '../flow/fakeEngine';
import { twoTaskRunOptions } from '../flow/fakeRunOptions';

describe('runs service: the runs folder and the runs of this window', () => {
  let root: string;
  let runsDir: string;
  let engine: FakeEngine;
  let runs: RunsService;
  let changes: RunsChange[];
  let ids: number;

  const options = (run: { runId: string; runDir: string }): RunOptions => twoTaskRunOptions(root, run);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fanout-ws-'));
    runsDir = mkdtempSync(join(tmpdir(), 'fanout-runs-'));
    engine = new FakeEngine();
    ids = 0;
    runs = new RunsService({ store: new RunStore(runsDir), workspaceRoot: root, startRun: engine.start, newRunId: () => `run-${++ids}` });
    changes = [];
    runs.onDidChange((c) => changes.push(c));
  });
  afterEach(() => {
    runs.dispose();
    rmSync(root, { recursive: true, force: true });
    rmSync(runsDir, { recursive: true, force: true });
  });

  it('starts a run in its own folder and keeps it live until it settles: appends are refused meanwhile', async () => {
    const handle = runs.start(options);
    assert.equal(handle.runId, 'run-1');
    assert.equal(engine.last.options.runDir, join(runsDir, 'run-1'));
    assert.deepEqual(changes, [{ kind: 'started', runId: 'run-1' }]);
    assert.equal(runs.isRunning('run-1'), true);
    await engine.last.stage('a', 'src/a.ts', 'export const a = 1;\n');
    assert.equal(runs.settledRun('run-1'), undefined, 'a running run is not offered for review');
    assert.equal((await runs.state('run-1'))?.files['src/a.ts']?.change, 'create', 'the live state, not the half-written log');
    await assert.rejects(runs.append('run-1', [{ kind: 'review.discarded', taskId: 'a', path: 'src/a.ts' }]), /still running/);

    engine.last.finishAgent('a');
    engine.last.finishAgent('b');
    await engine.last.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      changes.map((c) => [c.kind, c.runId, c.state?.status]),
      [
        ['started', 'run-1', undefined],
        ['ended', 'run-1', 'done'],
      ],
    );
    assert.equal(runs.isRunning('run-1'), false);
    const settled = runs.settledRun('run-1');
    assert.equal(settled?.staging, handle.staging, 'the review reads the engine’s own staging store');
    assert.equal(settled?.staging.entry('src/a.ts')?.proposed, 'export const a = 1;\n');

    const [review] = await runs.append('run-1', [{ kind: 'review.applied', taskId: 'a', path: 'src/a.ts', merged: false }]);
    assert.equal(review?.seq, handle.state().lastSeq + 1, 'the review continues the engine’s seq');
    assert.equal(changes.at(-1)?.kind, 'appended');
    const stored = await runs.loadStored('run-1');
    assert.equal(stored?.state.files['src/a.ts']?.review, 'applied');
    assert.deepEqual(readRunLog(join(runsDir, 'run-1', RUN_LOG_FILE)).skippedLines, []);
  });

  it('reopens an ended run for a retry, and refuses once review decisions were appended', async () => {
    runs.start(options);
    const run = engine.last;
    run.finishAgent('a');
    run.finishAgent('b', 'failed');
    await run.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(runs.retryAgent('run-1', 'b'), 'retried');
    assert.equal(runs.isRunning('run-1'), true);
    assert.deepEqual(run.retried, ['b']);
    run.finishAgent('b');
    await run.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['started', 'ended', 'started', 'ended'],
    );

    await runs.append('run-1', [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]);
    assert.equal(runs.retryAgent('run-1', 'b'), 'reviewed');
    assert.deepEqual(run.retried, ['b']);
    assert.equal(runs.retryAgent('run-unknown', 'b'), 'unknown');
  });

  it('settles once, however many retries happened while the run was going', async () => {
    runs.start(options);
    const run = engine.last;
    run.finishAgent('a', 'failed');
    assert.equal(runs.retryAgent('run-1', 'a'), 'retried');
    assert.equal(runs.retryAgent('run-1', 'a'), 'retried');
    run.finishAgent('a');
    run.finishAgent('b');
    await run.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['started', 'ended'],
    );
  });

  it('starts nothing when the engine refuses the plan', () => {
    engine.refuse = new Error('The plan has 1 error(s).');
    assert.throws(() => runs.start(options), /1 error/);
    assert.deepEqual(changes, []);
    assert.equal(runs.isRunning('run-1'), false);
  });

  it('lists the history newest first from the folder and the live run', async () => {
    runs.start(options);
    engine.last.finishAgent('a');
    engine.last.finishAgent('b');
    await engine.last.end();
    runs.start(options);
    const history = await runs.history();
    assert.deepEqual(history.map((h) => [h.runId, h.status]).sort(), [
      ['run-1', 'done'],
      ['run-2', 'running'],
    ]);
    runs.release('run-1');
    assert.equal(runs.handle('run-1'), undefined, 'an ended run is forgotten once released');
    runs.release('run-2');
    assert.ok(runs.handle('run-2'), 'a running run stays until it settles');
    assert.deepEqual(await new RunsService({ store: undefined, workspaceRoot: root }).history(), []);
  });
});
