/**
 * Interrupted runs in the runs service (no VS Code): a log cut mid-run whose writer is gone reads
 * `interrupted`, never `running`; one whose writer is alive elsewhere reads running (elsewhere);
 * discarding ends it in its log; closing the window interrupts its live run instead of cancelling it.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResumeOptions, RunOptions } from '../../../src/core/run/engineTypes';
import { LIVE_FILE } from '../../../src/core/store/liveness';
import { readRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { RunStore } from '../../../src/core/store/runStore';
import { DISCARDED_MESSAGE, RunsService, type RunsChange } from '../../../src/host/runs/runsService';
import { FakeEngine } from '../flow/fakeEngine';
import { FakeResumer } from '../flow/fakeResume';
import { twoTaskRunOptions } from '../flow/fakeRunOptions';

describe('runs service: interrupted runs', () => {
  let root: string;
  let runsDir: string;
  let engine: FakeEngine;
  let resumer: FakeResumer;
  let ids: number;
  const windows: RunsService[] = [];

  const options = (run: { runId: string; runDir: string }): RunOptions => twoTaskRunOptions(root, run);
  const { plan: _plan, runId: _runId, ...resumeBase } = options({ runId: 'x', runDir: 'x' });
  const resumeOptions = ({ runDir }: { runDir: string }): ResumeOptions => ({ ...resumeBase, runDir });

  /** A window over the runs folder (a reload opens a new one). */
  function openWindow(): RunsService {
    const runs = new RunsService({
      store: new RunStore(runsDir),
      workspaceRoot: root,
      startRun: engine.start,
      resumeRun: resumer.resume,
      newRunId: () => `run-${++ids}`,
    });
    windows.push(runs);
    return runs;
  }

  /** A run cut mid-run: started, one file staged by each agent, its log closed without `run.finished`. */
  async function cutRun(): Promise<string> {
    const window = openWindow();
    const handle = window.start(options);
    await engine.last.stage('a', 'src/a.ts', 'export const a = 1;\n');
    await engine.last.stage('b', 'src/b.ts', 'export const b = 2;\n');
    await window.interrupt(handle.runId);
    return handle.runId;
  }

  function writeMarker(runId: string, pid: number, beatAt = Date.now()): void {
    writeFileSync(join(runsDir, runId, LIVE_FILE), JSON.stringify({ pid, hostname: hostname(), startedAt: beatAt - 1000, beatAt }));
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fanout-int-ws-'));
    runsDir = mkdtempSync(join(tmpdir(), 'fanout-int-runs-'));
    engine = new FakeEngine();
    resumer = new FakeResumer();
    ids = 0;
  });
  afterEach(() => {
    for (const w of windows.splice(0)) w.dispose();
    rmSync(root, { recursive: true, force: true });
    rmSync(runsDir, { recursive: true, force: true });
  });

  it('reads a log cut mid-run as interrupted when no writer is left (no live marker, or a dead pid), and running while one is alive', async () => {
    const noMarker = await cutRun();
    const deadPid = await cutRun();
    const alive = await cutRun();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    assert.ok(dead !== undefined && dead > 0);
    writeMarker(deadPid, dead);
    writeMarker(alive, process.pid);
    for (const runId of [noMarker, deadPid, alive]) {
      assert.equal(readRunLog(join(runsDir, runId, RUN_LOG_FILE)).events.at(-1)?.kind, 'file.staged', 'the log ends mid-run');
    }

    const reloaded = openWindow();
    assert.equal((await reloaded.state(noMarker))?.status, 'interrupted');
    assert.equal((await reloaded.state(deadPid))?.status, 'interrupted');
    assert.equal((await reloaded.state(alive))?.status, 'running');
    const history = await reloaded.history();
    const byId = new Map(history.map((r) => [r.runId, r]));
    assert.equal(byId.get(noMarker)?.status, 'interrupted');
    assert.equal(byId.get(deadPid)?.status, 'interrupted');
    assert.equal(byId.get(alive)?.status, 'running');
    assert.equal(byId.get(alive)?.elsewhere, true, 'written by another process: running elsewhere');
    assert.equal(byId.get(noMarker)?.elsewhere, undefined);

    // A marker whose beat went stale is a writer that hangs or died.
    writeMarker(alive, process.pid, Date.now() - 10 * 60_000);
    assert.equal((await reloaded.state(alive))?.status, 'interrupted');
  });

  it('shows the run this window is running as running, not elsewhere', async () => {
    const window = openWindow();
    const handle = window.start(options);
    const [row] = await window.history();
    assert.equal(row?.runId, handle.runId);
    assert.equal(row?.status, 'running');
    assert.equal(row?.elsewhere, undefined);
  });

  it('discards an interrupted run: run.finished (cancelled) and review.discarded per pending file, then it reads cancelled with nothing pending', async () => {
    const runId = await cutRun();
    const window = openWindow();
    const changes: RunsChange[] = [];
    window.onDidChange((c) => changes.push(c));
    const after = await window.discard(runId);

    const tail = readRunLog(join(runsDir, runId, RUN_LOG_FILE)).events.slice(-3);
    assert.deepEqual(
      tail.map((e) =>
        e.kind === 'review.discarded' ? `${e.kind} ${e.taskId} ${e.path}` : e.kind === 'run.finished' ? `${e.kind} ${e.outcome} ${e.message}` : e.kind,
      ),
      [`run.finished cancelled ${DISCARDED_MESSAGE}`, 'review.discarded a src/a.ts', 'review.discarded b src/b.ts'],
    );
    assert.equal(after.status, 'cancelled');
    assert.equal(after.message, DISCARDED_MESSAGE);
    assert.deepEqual(
      Object.values(after.files).map((f) => f.review),
      ['discarded', 'discarded'],
    );
    const [row] = await window.history();
    assert.equal(row?.status, 'cancelled');
    assert.equal(row?.pendingReview, 0);
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['appended'],
    );
    await assert.rejects(window.discard(runId), /already ended \(cancelled\)/, 'a discarded run cannot be discarded again');
    await assert.rejects(window.resume(runId, resumeOptions), /already ended/, 'nor resumed');
  });

  it('refuses to discard or resume a run whose writer is alive elsewhere', async () => {
    const runId = await cutRun();
    writeMarker(runId, process.pid);
    const window = openWindow();
    const before = readRunLog(join(runsDir, runId, RUN_LOG_FILE)).events.length;
    await assert.rejects(window.discard(runId), /still running in another VS Code window or a CLI process/);
    await assert.rejects(window.resume(runId, resumeOptions), /still running in another VS Code window or a CLI process/);
    assert.equal(resumer.runs.length, 0);
    assert.equal(readRunLog(join(runsDir, runId, RUN_LOG_FILE)).events.length, before, 'nothing appended');
  });

  it('interrupts (not cancels) the live run when the window closes: no run.finished, no ended, resumable after a reload', async () => {
    const window = openWindow();
    const changes: RunsChange[] = [];
    window.onDidChange((c) => changes.push(c));
    const handle = window.start(options);
    await engine.last.stage('a', 'src/a.ts', 'export const a = 1;\n');
    await window.interruptAll(1000);
    assert.deepEqual(engine.last.cancelled, [], 'not cancelled');
    assert.equal(window.isRunning(handle.runId), false);
    const events = readRunLog(join(runsDir, handle.runId, RUN_LOG_FILE)).events;
    assert.equal(
      events.some((e) => e.kind === 'run.finished'),
      false,
    );
    assert.deepEqual(
      changes.map((c) => c.kind),
      ['started'],
    );
    assert.equal((await window.state(handle.runId))?.status, 'interrupted');

    const reloaded = openWindow();
    const resumedChanges: RunsChange[] = [];
    reloaded.onDidChange((c) => resumedChanges.push(c));
    const resumed = await reloaded.resume(handle.runId, resumeOptions);
    assert.equal(resumed.runId, handle.runId);
    assert.equal(resumer.last.options.runDir, join(runsDir, handle.runId));
    assert.equal(reloaded.isRunning(handle.runId), true);
    assert.equal((await reloaded.state(handle.runId))?.status, 'running');
    await resumer.last.end();
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(
      resumedChanges.map((c) => c.kind),
      ['started', 'ended'],
    );
    assert.equal((await reloaded.state(handle.runId))?.status, 'done');
  });

  it('bounds the wait for a run whose log does not close', async () => {
    const window = openWindow();
    const handle = window.start(options);
    engine.last.interrupt = () => new Promise<void>(() => undefined);
    const started = Date.now();
    await window.interruptAll(50);
    assert.ok(Date.now() - started < 1000, 'the closing window does not hang');
    assert.equal(window.isRunning(handle.runId), false);
  });
});
