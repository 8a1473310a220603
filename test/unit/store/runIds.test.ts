/**
 * Run ids that arrive from outside the host (the webview's "open run") cannot name a path: the
 * protocol takes only the shape the engine makes, and the store refuses any id that is not a folder
 * directly under the runs folder.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newRunId } from '../../../src/core/run/engine';
import { EventStamper } from '../../../src/core/run/events';
import { RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { hasRunIdShape } from '../../../src/core/store/runId';
import { RunStore } from '../../../src/core/store/runStore';
import { parseWebviewMessage } from '../../../src/protocol/messages';
import { implement, makePlan } from '../engine/harness';

const ESCAPES = ['..', '.', '', '../outside', '../../etc/passwd', 'run-1/../../outside', 'a/b', '..\\outside', '/etc', 'run\0x', `${'x'.repeat(256)}`];

describe('run ids from outside the host', () => {
  it('the protocol takes an open-run message only with the shape of a run id the engine makes', () => {
    const made = newRunId(new Date('2026-03-04T05:06:07Z'));
    assert.match(made, /^run-20260304-050607-[0-9a-f]{6}$/);
    assert.equal(hasRunIdShape(made), true);
    assert.deepEqual(parseWebviewMessage({ type: 'openRun', runId: made }), { ok: true, message: { type: 'openRun', runId: made } });
    for (const runId of [...ESCAPES, `../${made}`, `${made}/..`, `${made}/../../x`, 'run-20260304-050607-ABCDEF', ' run-20260304-050607-abcdef', `${made}\n`]) {
      assert.equal(parseWebviewMessage({ type: 'openRun', runId }).ok, false, JSON.stringify(runId));
    }
  });

  describe('the store', () => {
    let root: string;
    let runsDir: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'fanout-root-'));
      runsDir = join(root, 'runs');
      // A run log beside the runs folder, where `../outside` points.
      for (const dir of [join(runsDir, 'run-1'), join(root, 'outside')]) {
        mkdirSync(dir, { recursive: true });
        const id = dir.endsWith('outside') ? 'outside' : 'run-1';
        const started = new EventStamper(id, () => 1).stamp({
          kind: 'run.started',
          plan: makePlan([implement('a')]),
          workspaceName: 'ws',
          maxConcurrency: 1,
          demo: false,
        });
        writeFileSync(join(dir, RUN_LOG_FILE), `${JSON.stringify(started)}\n`);
      }
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('refuses any id that is not a folder directly under the runs folder: no load, append, clean-up or path', async () => {
      const store = new RunStore(runsDir);
      assert.equal((await store.load('run-1'))?.runId, 'run-1');
      assert.equal((await new RunStore(root).load('outside'))?.runId, 'outside', 'the log outside is readable as a run of its own folder');
      for (const runId of ESCAPES) {
        const what = JSON.stringify(runId);
        assert.equal(await store.load(runId), undefined, what);
        assert.throws(() => store.dirOf(runId), /is not a run id/, what);
        assert.throws(() => store.logOf(runId), /is not a run id/, what);
        await assert.rejects(store.append(runId, [{ kind: 'review.discarded', taskId: 'a', path: 'src/a.ts' }]), /is not a run id/, what);
        await assert.rejects(store.removeBlobs(runId), /is not a run id/, what);
      }
      assert.deepEqual(await store.list(), ['run-1']);
    });
  });
});
