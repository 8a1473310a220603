import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStamper } from '../../../src/core/run/events';
import { RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { RunStore } from '../../../src/core/store/runStore';
import { processAlive, TEMP_BLOB_MAX_AGE_MS } from '../../../src/core/store/tempBlobs';
import { sha256 } from '../../../src/core/workspace/staging';
import { implement, makePlan } from '../engine/harness';

const RUN = 'run-20260101-120000-abcdef';

/** The pid of a process that has exited (as after `kill -9`). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid !== undefined && !processAlive(child.pid));
  return child.pid;
}

function tempName(content: string, pid: number): string {
  return `${sha256(content)}.${pid}.k3j9x.tmp`;
}

describe('run store: temp blobs a killed writer left behind', () => {
  let runsDir: string;
  let blobs: string;
  beforeEach(() => {
    runsDir = mkdtempSync(join(tmpdir(), 'fanout-runs-'));
    blobs = join(runsDir, RUN, 'blobs');
    mkdirSync(blobs, { recursive: true });
    const stamper = new EventStamper(RUN, () => 1000);
    writeFileSync(
      join(runsDir, RUN, RUN_LOG_FILE),
      `${JSON.stringify(stamper.stamp({ kind: 'run.started', plan: makePlan([implement('a')]), workspaceName: 'ws', maxConcurrency: 1, demo: false }))}\n`,
    );
  });
  afterEach(() => rmSync(runsDir, { recursive: true, force: true }));

  it('removes a dead writer’s temp blobs and stale ones when listing and loading; a live writer’s fresh one, blobs and other files stay', async () => {
    writeFileSync(join(blobs, sha256('kept\n')), 'kept\n');
    const dead = tempName('half', deadPid());
    const live = tempName('writing', process.pid);
    const stale = tempName('stale', process.pid);
    writeFileSync(join(blobs, dead), 'ha');
    writeFileSync(join(blobs, live), 'wri');
    writeFileSync(join(blobs, stale), 'st');
    const old = (Date.now() - TEMP_BLOB_MAX_AGE_MS - 60_000) / 1000;
    utimesSync(join(blobs, stale), old, old);
    writeFileSync(join(blobs, 'notes.tmp'), 'not a blob');

    const store = new RunStore(runsDir);
    assert.deepEqual(await store.list(), [RUN]);
    assert.deepEqual(readdirSync(blobs).sort(), [sha256('kept\n'), live, 'notes.tmp'].sort());

    // A writer killed after the store opened: loading the run cleans up too.
    const later = tempName('later', deadPid());
    writeFileSync(join(blobs, later), 'la');
    assert.ok(await store.load(RUN));
    assert.equal(existsSync(join(blobs, later)), false);
    assert.equal(existsSync(join(blobs, live)), true, 'a live writer’s temp file is never touched');
  });
});
