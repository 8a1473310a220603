/**
 * A run log whose last line a crash tore (`kill -9` mid-write), then a review decision recorded the
 * way the review records it (the runs service's append), then a reload from the folder (list, load,
 * replay, staging): the decision holds and every complete earlier event is there.
 */
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStamper, type RunEvent } from '../../../src/core/run/events';
import { lastSeqOf, parseRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { RunStore } from '../../../src/core/store/runStore';
import { sha256 } from '../../../src/core/workspace/staging';
import { RunsService } from '../../../src/host/runs/runsService';
import { implement, makePlan } from '../engine/harness';

const RUN = 'run-20260101-120000-abcdef';

/** A finished run with three staged files, its log written the way the engine writes it. */
function writeRun(runsDir: string): RunEvent[] {
  const dir = join(runsDir, RUN);
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  const stamper = new EventStamper(RUN, () => 1000);
  for (const content of ['a\n', 'b\n', 'c\n']) writeFileSync(join(dir, 'blobs', sha256(content)), content);
  const events: RunEvent[] = [
    stamper.stamp({
      kind: 'run.started',
      plan: makePlan([implement('a'), implement('b'), implement('c')]),
      workspaceName: 'ws',
      maxConcurrency: 3,
      demo: false,
    }),
    ...['a', 'b', 'c'].map((id) =>
      stamper.stamp({ kind: 'file.staged', taskId: id, path: `src/${id}.ts`, change: 'create', baseHash: null, proposedHash: sha256(`${id}\n`), bytes: 2 }),
    ),
    stamper.stamp({ kind: 'run.finished', outcome: 'done' }),
  ];
  writeFileSync(join(dir, RUN_LOG_FILE), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return events;
}

describe('run store: a review decision after a crash tore the log', () => {
  let root: string;
  let runsDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fanout-ws-'));
    runsDir = mkdtempSync(join(tmpdir(), 'fanout-runs-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(runsDir, { recursive: true, force: true });
  });

  /** Records a discard through the runs service (the review's path), then reloads through a fresh service and store. */
  async function discardThenReload(): Promise<{
    readonly events: readonly RunEvent[];
    readonly review: Record<string, string | undefined>;
    readonly skipped: readonly number[];
  }> {
    const writer = new RunsService({ store: new RunStore(runsDir), workspaceRoot: root });
    await writer.append(RUN, [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]);
    writer.dispose();
    const reader = new RunsService({ store: new RunStore(runsDir), workspaceRoot: root });
    assert.deepEqual(await reader.list(), [RUN]);
    const stored = await reader.loadStored(RUN);
    const loaded = await reader.load(RUN);
    reader.dispose();
    assert.ok(stored && loaded, 'the run replays');
    assert.equal(stored.staging.entry('src/a.ts')?.proposed, 'a\n', 'the staged contents read back');
    const review = Object.fromEntries(['a', 'b', 'c'].map((id) => [id, stored.state.files[`src/${id}.ts`]?.review]));
    return { events: loaded.events, review, skipped: stored.skippedLines };
  }

  it('keeps a discard appended after a cut-off fragment: the file stays discarded after a reload, every complete event stays', async () => {
    const before = writeRun(runsDir);
    // kill -9 while the engine wrote an event: the line stops mid-way, without its newline.
    appendFileSync(join(runsDir, RUN, RUN_LOG_FILE), `{"runId":"${RUN}","seq":6,"at":1000,"kind":"agent.te`);
    const { events, review, skipped } = await discardThenReload();
    assert.deepEqual(review, { a: 'pending', b: 'discarded', c: 'pending' });
    assert.deepEqual(
      events.map((e) => [e.seq, e.kind]),
      [...before.map((e) => [e.seq, e.kind]), [6, 'review.discarded']],
    );
    assert.deepEqual(skipped, [], 'no line of the log is unreadable');
  });

  it('keeps a whole last event that lost only its newline, and the discard after it', async () => {
    const before = writeRun(runsDir);
    const applied = new EventStamper(RUN, () => 1000, 5).stamp({ kind: 'review.applied', taskId: 'a', path: 'src/a.ts', merged: false });
    appendFileSync(join(runsDir, RUN, RUN_LOG_FILE), JSON.stringify(applied));
    assert.equal(lastSeqOf(join(runsDir, RUN, RUN_LOG_FILE)), 6, 'the last seq counts the event that lacks its newline');
    const { events, review, skipped } = await discardThenReload();
    assert.deepEqual(review, { a: 'applied', b: 'discarded', c: 'pending' });
    assert.deepEqual(
      events.map((e) => [e.seq, e.kind]),
      [...before.map((e) => [e.seq, e.kind]), [6, 'review.applied'], [7, 'review.discarded']],
    );
    assert.deepEqual(skipped, []);
    assert.ok(readFileSync(join(runsDir, RUN, RUN_LOG_FILE), 'utf8').endsWith('\n'));
    assert.deepEqual(parseRunLog(readFileSync(join(runsDir, RUN, RUN_LOG_FILE), 'utf8')).skippedLines, []);
  });
});
