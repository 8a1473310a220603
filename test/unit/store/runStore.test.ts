import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStamper, type RunEvent } from '../../../src/core/run/events';
import { lastSeqOf, parseRunLog, RUN_LOG_FILE, RunLogBusyError, RunLogWriter } from '../../../src/core/store/runLog';
import { RunStore } from '../../../src/core/store/runStore';
import { sha256 } from '../../../src/core/workspace/staging';
import { implement, makePlan } from '../engine/harness';

/** A finished run with two staged files, written the way the engine writes it. */
function writeRun(runsDir: string, runId: string): RunEvent[] {
  const dir = join(runsDir, runId);
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  const stamper = new EventStamper(runId, () => 1000);
  for (const content of ['old\n', 'new\n', 'created\n']) writeFileSync(join(dir, 'blobs', sha256(content)), content);
  const events: RunEvent[] = [
    stamper.stamp({ kind: 'run.started', plan: makePlan([implement('a'), implement('b')]), workspaceName: 'ws', maxConcurrency: 2, demo: false }),
    stamper.stamp({ kind: 'file.staged', taskId: 'a', path: 'src/a.ts', change: 'modify', baseHash: sha256('old\n'), proposedHash: sha256('new\n'), bytes: 4 }),
    stamper.stamp({ kind: 'file.staged', taskId: 'b', path: 'src/b.ts', change: 'create', baseHash: null, proposedHash: sha256('created\n'), bytes: 8 }),
    stamper.stamp({ kind: 'run.finished', outcome: 'done' }),
  ];
  writeFileSync(join(dir, RUN_LOG_FILE), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return events;
}

const logText = (runsDir: string, runId: string) => readFileSync(join(runsDir, runId, RUN_LOG_FILE), 'utf8');

describe('run store: the runs folder', () => {
  let runsDir: string;
  beforeEach(() => {
    runsDir = mkdtempSync(join(tmpdir(), 'fanout-store-'));
  });
  afterEach(() => rmSync(runsDir, { recursive: true, force: true }));

  it('lists the folders that hold a run log, replays a run and reads its staged content back', async () => {
    writeRun(runsDir, 'run-2');
    writeRun(runsDir, 'run-1');
    mkdirSync(join(runsDir, 'not-a-run'));
    const store = new RunStore(runsDir);
    assert.deepEqual(await store.list(), ['run-1', 'run-2']);
    const run = await store.load('run-1');
    assert.equal(run?.runId, 'run-1');
    assert.equal(run?.dir, join(runsDir, 'run-1'));
    assert.equal(run?.state.status, 'done');
    assert.equal(run?.state.files['src/a.ts']?.review, 'pending');
    assert.ok(run);
    const staging = await store.staging(run, '/workspace');
    assert.equal(staging.entry('src/a.ts')?.base?.content, 'old\n');
    assert.equal(staging.entry('src/b.ts')?.proposed, 'created\n');
    assert.equal(await store.load('missing'), undefined);
    assert.equal(await store.load('../run-1'), undefined);
    assert.deepEqual(await new RunStore(join(runsDir, 'missing')).list(), []);
  });

  it('appends after the last seq, one append at a time, and a reload sees the events', async () => {
    writeRun(runsDir, 'run-1');
    const store = new RunStore(runsDir);
    const [first, second] = await Promise.all([
      store.append('run-1', [{ kind: 'review.applied', taskId: 'a', path: 'src/a.ts', merged: true }]),
      store.append('run-1', [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]),
    ]);
    assert.deepEqual([first[0]?.seq, second[0]?.seq], [5, 6]);
    assert.equal(store.lastSeq('run-1'), 6);
    const again = await new RunStore(runsDir).load('run-1');
    assert.equal(again?.state.files['src/a.ts']?.review, 'applied');
    assert.equal(again?.state.files['src/a.ts']?.merged, true);
    assert.equal(again?.state.files['src/b.ts']?.review, 'discarded');
    assert.deepEqual(parseRunLog(logText(runsDir, 'run-1')).skippedLines, []);
    await assert.rejects(store.append('gone', [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]), /is gone; nothing was recorded/);
  });

  it('has one writer per run: an append while the engine holds the log is refused, and continues its seq after', async () => {
    const events = writeRun(runsDir, 'run-1');
    const store = new RunStore(runsDir);
    const engine = new RunLogWriter(join(runsDir, 'run-1', RUN_LOG_FILE));
    const stamper = new EventStamper('run-1', () => 2000, 4);
    engine.append(stamper.stamp({ kind: 'agent.queued', taskId: 'a' }));
    await assert.rejects(store.append('run-1', [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]), RunLogBusyError);
    assert.equal(store.lastSeq('run-1'), 5, 'the open writer knows its last seq');
    await engine.close();
    const [review] = await store.append('run-1', [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]);
    assert.equal(review?.seq, 6);
    const replayed = parseRunLog(logText(runsDir, 'run-1'));
    assert.deepEqual(
      replayed.events.map((e) => e.seq),
      [...events.map((e) => e.seq), 5, 6],
    );
  });

  it('writers of one log share one file: lines from both never interleave', async () => {
    const path = join(runsDir, 'run-1', RUN_LOG_FILE);
    const one = new RunLogWriter(path);
    const two = new RunLogWriter(path);
    const stamper = new EventStamper('run-1', () => 1);
    const long = 'x'.repeat(100_000);
    for (let i = 0; i < 20; i += 1) (i % 2 === 0 ? one : two).append(stamper.stamp({ kind: 'agent.text', taskId: 'a', text: long }));
    await Promise.all([one.close(), two.close()]);
    const parsed = parseRunLog(readFileSync(path, 'utf8'));
    assert.equal(parsed.events.length, 20);
    assert.deepEqual(parsed.skippedLines, []);
  });

  it('repairs a torn last line before appending: a cut-off fragment goes, the next event starts its own line', async () => {
    writeRun(runsDir, 'run-1');
    const path = join(runsDir, 'run-1', RUN_LOG_FILE);
    appendFileSync(path, '{"runId":"run-1","seq":5,"at":1000,"kind":"agent.te');
    const store = new RunStore(runsDir);
    assert.equal(store.lastSeq('run-1'), 4, 'a torn line is not an event');
    const [event] = await store.append('run-1', [{ kind: 'review.discarded', taskId: 'b', path: 'src/b.ts' }]);
    assert.equal(event?.seq, 5);
    const text = logText(runsDir, 'run-1');
    assert.ok(text.endsWith('\n'));
    const parsed = parseRunLog(text);
    assert.deepEqual(parsed.skippedLines, []);
    assert.deepEqual(
      parsed.events.map((e) => [e.seq, e.kind]),
      [
        [1, 'run.started'],
        [2, 'file.staged'],
        [3, 'file.staged'],
        [4, 'run.finished'],
        [5, 'review.discarded'],
      ],
    );
  });

  it('keeps a whole last event that only lacks its newline, and continues after it', async () => {
    writeRun(runsDir, 'run-1');
    const path = join(runsDir, 'run-1', RUN_LOG_FILE);
    appendFileSync(path, JSON.stringify({ runId: 'run-1', seq: 5, at: 1000, kind: 'review.discarded', taskId: 'a', path: 'src/a.ts' }));
    // The engine reopening the log (a retry) repairs it too.
    const writer = new RunLogWriter(path);
    writer.append(new EventStamper('run-1', () => 1, 5).stamp({ kind: 'agent.queued', taskId: 'a' }));
    await writer.close();
    const parsed = parseRunLog(readFileSync(path, 'utf8'));
    assert.deepEqual(parsed.skippedLines, []);
    assert.deepEqual(
      parsed.events.slice(-2).map((e) => [e.seq, e.kind]),
      [
        [5, 'review.discarded'],
        [6, 'agent.queued'],
      ],
    );
    assert.equal(lastSeqOf(path), 6);
  });

  it('cleans up a reviewed run: its blobs go, its log stays; ids that leave the runs folder are refused', async () => {
    writeRun(runsDir, 'run-1');
    const store = new RunStore(runsDir);
    await assert.rejects(store.removeBlobs('..'), /not a run id/);
    assert.throws(() => store.dirOf('../x'), /not a run id/);
    await store.removeBlobs('run-1');
    assert.equal(existsSync(join(runsDir, 'run-1', 'blobs')), false);
    assert.equal(existsSync(join(runsDir, 'run-1', RUN_LOG_FILE)), true);
    assert.equal(existsSync(runsDir), true);
  });
});
