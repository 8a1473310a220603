// The pieces `npm start` stops with, on real processes and files: finding every process of a launch
// by its environment marker and stopping them within the grace period (SIGKILL for one that ignores
// SIGTERM, also one in another session), the guard cleaning up after a launcher that ended without
// doing so, and the record and launch folder checks that keep a planted record from removing
// anything else. The whole `npm start` is exercised in test/e2e/startScript.e2e.ts.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LAUNCH_MARKER, launchPids, stopLaunchProcesses } from '../../scripts/start/launchProcesses';
import { isScriptShell } from '../../scripts/start/parentWatch';
import { isAlive } from '../../scripts/start/procfs';
import { isLaunchDir, LAUNCH_DIR_PREFIX, readRecord, recordPath, removeRecordOf, writeRecord, type StartRecord } from '../../scripts/start/record';

const REPO_ROOT = resolve(__dirname, '..', '..');
const GUARD = join(REPO_ROOT, 'scripts', 'start', 'guard.ts');

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      return false;
    }
    await delay(50);
  }
  return true;
}

/**
 * A marked process that ignores SIGTERM and starts a second one in its own session (as terminals
 * do): returns the first's ChildProcess; the second one's pid arrives on its stdout.
 */
async function stubbornTree(launchId: string): Promise<{ readonly parent: ChildProcess; readonly detachedPid: number }> {
  const script = `
    process.on('SIGTERM', () => {});
    const child = require('node:child_process').spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { detached: true, stdio: 'ignore' });
    console.log(child.pid);
    setInterval(() => {}, 1000);
  `;
  const parent = spawn(process.execPath, ['-e', script], { env: { ...process.env, [LAUNCH_MARKER]: launchId }, stdio: ['ignore', 'pipe', 'ignore'] });
  const detachedPid = await new Promise<number>((resolvePid, reject) => {
    parent.stdout?.setEncoding('utf8').once('data', (line: string) => resolvePid(Number(line.trim())));
    parent.once('exit', () => reject(new Error('the stubborn process exited early')));
  });
  // Let both install their SIGTERM handlers.
  await delay(300);
  return { parent, detachedPid };
}

describe('npm start: stopping a launch', () => {
  const spawned: number[] = [];
  let base = '';

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'fanout-start-unit-'));
  });

  afterEach(() => {
    for (const pid of spawned.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone.
      }
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('finds every marked process, the one in another session too, and SIGKILLs those that ignore SIGTERM after the grace period', async () => {
    const launchId = randomUUID();
    const { parent, detachedPid } = await stubbornTree(launchId);
    spawned.push(parent.pid ?? -1, detachedPid);
    assert.deepEqual(
      launchPids({ launchId }).sort((a, b) => a - b),
      [parent.pid, detachedPid].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    assert.deepEqual(launchPids({ launchId: randomUUID() }), [], 'another launch id finds nothing');

    const started = Date.now();
    const report = await stopLaunchProcesses({ launchId }, { graceMs: 400, killWaitMs: 2000 });
    const took = Date.now() - started;
    assert.deepEqual({ found: report.found, killed: report.killed, remaining: report.remaining }, { found: 2, killed: 2, remaining: [] });
    assert.ok(took >= 400 && took < 3000, `stopped after the grace period and within the bound (${took} ms)`);
    assert.ok(await until(() => !isAlive(detachedPid), 1000), 'the process in another session is gone');
  });

  it('the guard stops what is left, removes the launch folder and the record once its launcher ends', async function () {
    this.timeout(20_000);
    const launchId = randomUUID();
    const launchDir = mkdtempSync(join(base, LAUNCH_DIR_PREFIX));
    writeFileSync(join(launchDir, 'settings.json'), '{}');
    const record = recordPath('/some/checkout', base);
    const { parent, detachedPid } = await stubbornTree(launchId);
    spawned.push(parent.pid ?? -1, detachedPid);
    // The "launcher": a process the guard's stdin pipe stands for; it is this test process here.
    writeRecord(record, { launchId, launcherPid: process.pid, serverPid: parent.pid ?? 1, launchDir, url: 'http://127.0.0.1:1/' });
    const config = { launcherPid: process.pid, launchId, launchDir, tempBase: base, recordPath: record, graceMs: 300 };
    const guard = spawn(process.execPath, ['--import', 'tsx', GUARD, JSON.stringify(config)], { cwd: REPO_ROOT, stdio: ['pipe', 'ignore', 'pipe'] });
    spawned.push(guard.pid ?? -1);
    let said = '';
    guard.stderr?.setEncoding('utf8').on('data', (chunk: string) => (said += chunk));
    const exited = new Promise<number | null>((r) => guard.once('exit', (code) => r(code)));

    // While the pipe is open the guard waits and touches nothing.
    await delay(1000);
    assert.ok(existsSync(launchDir) && existsSync(record) && isAlive(detachedPid), 'nothing is cleaned up while the launcher lives');

    guard.stdin?.end();
    assert.equal(await Promise.race([exited, delay(10_000).then(() => 'timeout')]), 0);
    assert.equal(existsSync(launchDir), false, 'launch folder removed');
    assert.equal(existsSync(record), false, 'record removed');
    assert.ok(await until(() => !isAlive(detachedPid), 1000), 'the stubborn process in another session is gone');
    assert.match(said, /ended without stopping its code-server: stopped 2 process\(es\)/);
  });
});

describe('npm start: the record and the launch folder', () => {
  let base = '';

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'fanout-start-unit-'));
  });

  afterEach(() => {
    rmSync(base, { recursive: true, force: true });
  });

  const sample = (launchDir: string): StartRecord => ({
    launchId: randomUUID(),
    launcherPid: 4242,
    serverPid: 4343,
    launchDir,
    url: 'http://127.0.0.1:8480/?folder=%2Fx',
  });

  it('removes only a launch folder directly inside the temp dir, never a symlink or another folder', () => {
    const launchDir = mkdtempSync(join(base, LAUNCH_DIR_PREFIX));
    assert.equal(isLaunchDir(launchDir, base), true);
    const nested = join(launchDir, `${LAUNCH_DIR_PREFIX}nested`);
    mkdirSync(nested);
    assert.equal(isLaunchDir(nested, base), false, 'not directly inside the temp dir');
    const other = join(base, 'projects');
    mkdirSync(other);
    assert.equal(isLaunchDir(other, base), false, 'another name');
    const link = join(base, `${LAUNCH_DIR_PREFIX}link`);
    symlinkSync(other, link, 'dir');
    assert.equal(isLaunchDir(link, base), false, 'a symlink');
    assert.equal(isLaunchDir(join(base, `${LAUNCH_DIR_PREFIX}..`, '..', '..'), base), false, 'a path that climbs out');
    assert.equal(isLaunchDir(base, base), false, 'the temp dir itself');
  });

  it('reads a record it wrote, refuses damaged ones and symlinks, and removes it only for its own launch', () => {
    const path = recordPath('/some/checkout', base);
    assert.deepEqual(readRecord(path), { kind: 'none' });
    const record = sample(join(base, `${LAUNCH_DIR_PREFIX}abc`));
    writeRecord(path, record);
    assert.deepEqual(readRecord(path), { kind: 'record', record });
    assert.equal(removeRecordOf(path, randomUUID()), false, 'another launch does not remove it');
    assert.equal(existsSync(path), true);
    assert.equal(removeRecordOf(path, record.launchId), true);
    assert.equal(existsSync(path), false);

    writeFileSync(path, '{"launcherPid": 1');
    assert.deepEqual(readRecord(path), { kind: 'invalid' });
    writeFileSync(path, JSON.stringify({ ...record, launchId: 'not-a-uuid' }));
    assert.deepEqual(readRecord(path), { kind: 'invalid' });
    rmSync(path);
    const elsewhere = join(base, 'elsewhere.json');
    writeFileSync(elsewhere, JSON.stringify(record));
    symlinkSync(elsewhere, path);
    assert.deepEqual(readRecord(path), { kind: 'invalid' }, 'a symlink is not read');
  });

  it('recognises the shell a package manager runs a script in', () => {
    const script = 'exec bash scripts/start.sh';
    assert.equal(isScriptShell(['sh', '-c', script], script), true);
    assert.equal(isScriptShell(['/bin/sh', '-c', script], script), true);
    assert.equal(isScriptShell(['/usr/bin/bash', '-c', script], script), true);
    assert.equal(isScriptShell(['npm', 'start'], script), false);
    assert.equal(isScriptShell(['sh', '-c', 'something else'], script), false);
    assert.equal(isScriptShell(['sh', '-c', script], undefined), false, 'not run by a package manager');
    assert.equal(isScriptShell(['node', '-c', script], script), false);
  });
});
