import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStamper, type RunEvent } from '../../../src/core/run/events';
import { RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { RunStore } from '../../../src/core/store/runStore';
import { sha256 } from '../../../src/core/workspace/staging';
import { isFullyReviewed, RUNS_DIR_ENV, runsDirFor } from '../../../src/host/runs/runRepository';
import { RunsService } from '../../../src/host/runs/runsService';
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

describe('review: runs as the review reads them', () => {
  let runsDir: string;
  beforeEach(() => {
    runsDir = mkdtempSync(join(tmpdir(), 'fanout-runs-'));
  });
  afterEach(() => rmSync(runsDir, { recursive: true, force: true }));

  it('finds the runs folder: the override, else `runs` under the workspace storage, else none', () => {
    assert.equal(runsDirFor({ [RUNS_DIR_ENV]: ' /tmp/runs ' }, '/storage'), '/tmp/runs');
    assert.equal(runsDirFor({}, '/storage'), join('/storage', 'runs'));
    assert.equal(runsDirFor({}, undefined), undefined);
  });

  it('replays a run with its staged content from the blobs', async () => {
    writeRun(runsDir, 'run-1');
    const runs = new RunsService({ store: new RunStore(runsDir), workspaceRoot: '/workspace' });
    assert.deepEqual(await runs.list(), ['run-1']);
    const run = await runs.loadStored('run-1');
    assert.equal(run?.runId, 'run-1');
    assert.equal(run?.state.files['src/a.ts']?.review, 'pending');
    assert.equal(run?.staging.entry('src/a.ts')?.base?.content, 'old\n');
    assert.equal(run?.staging.entry('src/b.ts')?.proposed, 'created\n');
    assert.equal(await new RunsService({ store: new RunStore(runsDir), workspaceRoot: undefined }).loadStored('run-1'), undefined, 'no workspace, no review');
  });

  it('records review decisions after the last seq; a fully reviewed run has nothing staged, even with its blobs gone', async () => {
    writeRun(runsDir, 'run-1');
    const runs = new RunsService({ store: new RunStore(runsDir), workspaceRoot: '/workspace' });
    const [first, second] = await Promise.all([
      runs.append('run-1', [{ kind: 'review.applied', taskId: 'a', path: 'src/a.ts', merged: true }]),
      runs.append('run-1', [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]),
    ]);
    assert.deepEqual([first[0]?.seq, second[0]?.seq], [5, 6]);
    await runs.removeBlobs('run-1');
    const again = await runs.loadStored('run-1');
    assert.equal(again?.state.files['src/a.ts']?.review, 'applied');
    assert.equal(again?.state.files['src/a.ts']?.merged, true);
    assert.ok(again && isFullyReviewed(again.state));
    assert.deepEqual(again?.staging.entries(), []);
    assert.ok(!readFileSync(join(runsDir, 'run-1', RUN_LOG_FILE), 'utf8').includes('sk-ant'));
  });
});
