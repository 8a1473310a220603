import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { isInterrupted, isWriterAlive, LIVE_FILE, markLive, STALE_MS } from '../../../src/core/store/liveness';
import { initialRunState } from '../../../src/core/run/runState';

describe('run liveness marker', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fanout-live-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const marker = (fields: Partial<{ pid: number; hostname: string; beatAt: number }>) =>
    writeFileSync(join(dir, LIVE_FILE), JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: Date.now(), beatAt: Date.now(), ...fields }));
  const running = { ...initialRunState('run-x'), status: 'running' as const };

  it('is alive while marked by a live process, and not once disposed', () => {
    const live = markLive(dir);
    const written = JSON.parse(readFileSync(join(dir, LIVE_FILE), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(written).sort(), ['beatAt', 'hostname', 'pid', 'startedAt']);
    assert.equal(isWriterAlive(dir), true);
    assert.equal(isInterrupted(dir, running), false);
    live.dispose();
    assert.equal(existsSync(join(dir, LIVE_FILE)), false);
    assert.equal(isWriterAlive(dir), false);
    assert.equal(isInterrupted(dir, running), true);
  });

  it('is not alive when the pid is gone, the beat is stale, the host is another, or the file is torn', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    marker({ pid: Number(dead.stdout.toString()) });
    assert.equal(isWriterAlive(dir), false, 'dead pid');
    marker({ beatAt: Date.now() - STALE_MS - 1 });
    assert.equal(isWriterAlive(dir), false, 'stale beat');
    marker({});
    assert.equal(isWriterAlive(dir, Date.now() + STALE_MS + 1), false, 'stale by the given clock');
    assert.equal(isWriterAlive(dir), true);
    marker({ hostname: `${hostname()}-elsewhere` });
    assert.equal(isWriterAlive(dir), false, 'another host');
    writeFileSync(join(dir, LIVE_FILE), '{"pid": 1');
    assert.equal(isWriterAlive(dir), false, 'torn');
  });

  it('only a running state can be interrupted', () => {
    assert.equal(isInterrupted(dir, { ...running, status: 'done' }), false);
    assert.equal(isInterrupted(dir, running), true);
  });
});
