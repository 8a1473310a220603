import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../../src/core/run/events';
import { RunLogSink } from '../../../src/core/run/runLogSink';
import { isRunLogOpen, parseRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';

describe('run log sink', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fanout-sink-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const event = (seq: number): RunEvent => ({ runId: 'run-1', seq, at: seq, kind: 'agent.queued', taskId: `t${seq}` });

  it('holds events for a batch, writes them at a quiet moment, and keeps their order through close', async () => {
    const sink = new RunLogSink(dir);
    const path = join(dir, RUN_LOG_FILE);
    sink.append(event(1));
    sink.append(event(2));
    assert.equal(isRunLogOpen(path), false, 'nothing is written while the batch is open');
    sink.quiet();
    assert.equal(isRunLogOpen(path), true, 'a quiet moment hands the batch to the writer');
    sink.append(event(3));
    sink.quiet(); // right after a write: left to the batch
    sink.append(event(4));
    await sink.close();
    assert.equal(isRunLogOpen(path), false);
    const { events, skippedLines } = parseRunLog(readFileSync(path, 'utf8'));
    assert.deepEqual(
      events.map((e) => e.seq),
      [1, 2, 3, 4],
    );
    assert.deepEqual(skippedLines, []);
  });

  it('opens no log at a quiet moment with nothing pending', async () => {
    const sink = new RunLogSink(dir);
    sink.quiet();
    assert.equal(isRunLogOpen(join(dir, RUN_LOG_FILE)), false);
    await sink.close();
    assert.throws(() => readFileSync(join(dir, RUN_LOG_FILE)), /ENOENT/);
  });
});
