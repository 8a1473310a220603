import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStamper, type RunEvent } from '../../../src/core/events';
import { RUN_LOG_FILE } from '../../../src/core/runLog';
import { sha256 } from '../../../src/core/staging';
import { isFullyReviewed, RunRepository } from '../../../src/host/runs/runRepository';
import { implement, makePlan } from '../engine/harness';

/** Writes a finished run with two staged files (blobs included) the way the engine does. */
function writeRun(runsDir: string, runId: string): string {
  const dir = join(runsDir, runId);
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  const stamper = new EventStamper(runId, () => 1000);
  const base = 'old\n';
  for (const content of [base, 'new\n', 'created\n']) writeFileSync(join(dir, 'blobs', sha256(content)), content);
  const events: RunEvent[] = [
    stamper.stamp({ kind: 'run.started', plan: makePlan([implement('a'), implement('b')]), workspaceName: 'ws', maxConcurrency: 2, demo: false }),
    stamper.stamp({ kind: 'file.staged', taskId: 'a', path: 'src/a.ts', change: 'modify', baseHash: sha256(base), proposedHash: sha256('new\n'), bytes: 4 }),
    stamper.stamp({ kind: 'file.staged', taskId: 'b', path: 'src/b.ts', change: 'create', baseHash: null, proposedHash: sha256('created\n'), bytes: 8 }),
    stamper.stamp({ kind: 'run.finished', outcome: 'done' }),
  ];
  writeFileSync(join(dir, RUN_LOG_FILE), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return dir;
}

describe('review: the runs folder', () => {
  let runsDir: string;
  beforeEach(() => {
    runsDir = mkdtempSync(join(tmpdir(), 'fanout-runs-'));
  });
  afterEach(() => rmSync(runsDir, { recursive: true, force: true }));

  it('lists run folders, replays a run and its staged content', async () => {
    const dir = writeRun(runsDir, 'run-1');
    mkdirSync(join(runsDir, 'not-a-run'));
    const repo = new RunRepository(runsDir, '/workspace');
    assert.deepEqual(await repo.listDirs(), [dir]);
    const run = await repo.load(dir);
    assert.equal(run?.runId, 'run-1');
    assert.equal(run?.state.files['src/a.ts']?.review, 'pending');
    assert.equal(run?.staging.entry('src/a.ts')?.base?.content, 'old\n');
    assert.equal(run?.staging.entry('src/b.ts')?.proposed, 'created\n');
    assert.deepEqual(await new RunRepository(join(runsDir, 'missing'), '/w').listDirs(), []);
  });

  it('appends review events after the last seq, and a reload sees them', async () => {
    const dir = writeRun(runsDir, 'run-1');
    const repo = new RunRepository(runsDir, '/workspace');
    const run = await repo.load(dir);
    assert.ok(run);
    const [first, second] = await Promise.all([
      repo.append(run, [{ kind: 'review.applied', taskId: 'a', path: 'src/a.ts', merged: true }]),
      repo.append(run, [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]),
    ]);
    assert.deepEqual([first?.[0]?.seq, second?.[0]?.seq], [5, 6]);
    const again = await new RunRepository(runsDir, '/workspace').load(dir);
    assert.equal(again?.state.files['src/a.ts']?.review, 'applied');
    assert.equal(again?.state.files['src/a.ts']?.merged, true);
    assert.equal(again?.state.files['src/b.ts']?.review, 'discarded');
    assert.ok(again && isFullyReviewed(again.state));
    assert.ok(!readFileSync(join(dir, RUN_LOG_FILE), 'utf8').includes('sk-ant'));
  });

  it('cleans up only folders directly under the runs folder: staged contents go, the log stays as history', async () => {
    const dir = writeRun(runsDir, 'run-1');
    mkdirSync(join(dir, 'blobs'), { recursive: true });
    writeFileSync(join(dir, 'blobs', 'abc'), 'staged');
    const repo = new RunRepository(runsDir, '/workspace');
    await assert.rejects(repo.remove(join(runsDir, '..')), /not a run folder/);
    assert.equal(repo.dirFor('../x'), undefined);
    await repo.remove(dir);
    assert.equal(existsSync(join(dir, 'blobs')), false);
    assert.equal(existsSync(join(dir, RUN_LOG_FILE)), true);
    assert.equal(existsSync(runsDir), true);
  });
});
