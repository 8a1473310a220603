import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEnvironment } from '../../../src/core/checks/checkEnv';
import { runCheckProcess, type CheckProcessOptions } from '../../../src/core/checks/checkProcess';

const MB = 1024 * 1024;

/**
 * Whether the process is gone: no such process, or dead and waiting to be reaped (an orphan whose
 * new parent, a container's PID 1, may never reap it; a zombie runs nothing and holds no pipe).
 */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Waits up to a second for every pid to be gone (a SIGKILL lands within milliseconds). */
async function assertAllGone(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 1000;
  while (pids.some((pid) => !isGone(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const pid of pids) assert.ok(isGone(pid), `process ${pid} is still running`);
}

async function readPids(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number);
}

async function waitForPids(file: string, count: number): Promise<number[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const pids = await readPids(file);
    if (pids.length >= count || Date.now() > deadline) return pids;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A gc() for the memory check (node's flag, set at run time). */
(process.platform === 'win32' ? describe.skip : describe)('runCheckProcess (one check as a process tree)', () => {
  let tmp: string;
  let pidFile: string;
  beforeEach(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'fanout-checkproc-'));
    pidFile = join(tmp, 'pids');
  });
  afterEach(() => rm(tmp, { recursive: true, force: true }));

  const run = (command: string, extra: Partial<CheckProcessOptions> = {}) =>
    runCheckProcess({
      command,
      cwd: tmp,
      env: { ...checkEnvironment(process.env), PIDS: pidFile },
      timeoutMs: 20_000,
      maxOutputBytes: MB,
      ...extra,
    });

  it('passes on exit 0 and fails on any other exit code', async () => {
    const passed = await run('exit 0');
    assert.equal(passed.outcome, 'passed');
    assert.equal(passed.exitCode, 0);
    assert.equal(passed.message, undefined);
    const failed = await run('echo out; echo err 1>&2; exit 3');
    assert.equal(failed.outcome, 'failed');
    assert.equal(failed.exitCode, 3);
    assert.equal(failed.output, 'out\nerr\n');
    assert.equal(failed.outputBytes, 8);
    assert.equal(failed.truncated, false);
    assert.match(failed.message ?? '', /code 3/);
  });

  it('runs in the given folder with stdin closed and keeps stdout and stderr in the order they came', async () => {
    await writeFile(join(tmp, 'here.txt'), 'in the folder\n');
    const result = await run('cat here.txt; echo one; sleep 0.1; echo two 1>&2; sleep 0.1; echo three; cat; echo "stdin: $?"');
    assert.equal(result.outcome, 'passed');
    assert.equal(result.output, 'in the folder\none\ntwo\nthree\nstdin: 0\n');
  });

  it('keeps the head and the tail of megabytes of output within the cap', async () => {
    const script = join(tmp, 'loud.js');
    await writeFile(
      script,
      "const line = 'x'.repeat(1023) + '\\n';\nprocess.stdout.write('HEAD-MARK\\n');\nfor (let i = 0; i < 20 * 1024; i++) process.stdout.write(line);\nprocess.stdout.write('TAIL-MARK\\n');\n",
    );
    const result = await run(`"${process.execPath}" loud.js`);
    const total = 10 + 20 * MB + 10;
    assert.equal(result.outcome, 'passed', result.message);
    assert.equal(result.outputBytes, total);
    assert.equal(result.truncated, true);
    assert.ok(result.output.startsWith('HEAD-MARK\nxxxx'), 'the head is kept');
    assert.ok(result.output.endsWith('xxxx\nTAIL-MARK\n'), 'the tail is kept');
    assert.ok(result.output.includes(`\n… ${total - MB} bytes of output left out …\n`), 'the seam says how much was left out');
    assert.ok(Buffer.byteLength(result.output) <= MB + 100, `kept ${Buffer.byteLength(result.output)} bytes`);
  });

  it('keeps exactly the first and last half of the cap, across many small writes', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line${i}\n`).join('');
    const result = await run('i=0; while [ $i -lt 300 ]; do echo line$i; sleep 0.001; i=$((i+1)); done', { maxOutputBytes: 41 });
    const total = Buffer.byteLength(lines);
    assert.equal(result.outputBytes, total);
    assert.equal(result.truncated, true);
    assert.equal(result.output, `${lines.slice(0, 20)}\n… ${total - 41} bytes of output left out …\n${lines.slice(total - 21)}`);
    const exact = await run('printf 0123456789', { maxOutputBytes: 10 });
    assert.equal(exact.output, '0123456789');
    assert.equal(exact.truncated, false);
  });

  it('kills the whole tree on timeout', async () => {
    const result = await run(
      `sh -c 'sleep 30 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; wait' & echo $! >> "$PIDS"; sleep 30 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; wait`,
      { timeoutMs: 1000 },
    );
    assert.equal(result.outcome, 'timed-out');
    assert.match(result.message ?? '', /after 1 s/);
    assert.equal(result.exitCode, null);
    assert.ok(result.durationMs >= 1000 && result.durationMs < 5000, `took ${result.durationMs} ms`);
    const pids = await readPids(pidFile);
    assert.equal(new Set(pids).size, 4, `pids: ${pids.join(' ')}`);
    await assertAllGone(pids);
  });

  it('sends SIGKILL two seconds after SIGTERM when the tree ignores SIGTERM', async () => {
    const result = await run(`trap '' TERM; sleep 30 & echo $! >> "$PIDS"; echo $$ >> "$PIDS"; wait; wait`, { timeoutMs: 300 });
    assert.equal(result.outcome, 'timed-out');
    assert.equal(result.signal, 'SIGKILL');
    assert.ok(result.durationMs >= 2000 && result.durationMs < 6000, `took ${result.durationMs} ms`);
    const pids = await readPids(pidFile);
    assert.equal(pids.length, 2);
    await assertAllGone(pids);
  });

  it('kills the whole tree when cancelled', async () => {
    const controller = new AbortController();
    const pending = run(`sh -c 'sleep 30 & echo $! >> "$PIDS"; wait' & echo $! >> "$PIDS"; sleep 30 & echo $! >> "$PIDS"; wait`, {
      signal: controller.signal,
    });
    const pids = await waitForPids(pidFile, 3);
    assert.equal(pids.length, 3);
    controller.abort();
    const result = await pending;
    assert.equal(result.outcome, 'cancelled');
    assert.ok(result.durationMs < 5000, `took ${result.durationMs} ms`);
    await assertAllGone(pids);
  });

  it('does not start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await run(`echo started > "${join(tmp, 'started')}"`, { signal: controller.signal });
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.exitCode, null);
    await assert.rejects(readFile(join(tmp, 'started')));
  });

  it('does not wait for a grandchild that keeps stdout open, and ends it', async () => {
    const result = await run(`(sleep 30 & echo $! >> "$PIDS"); echo hi`);
    assert.equal(result.outcome, 'passed');
    assert.equal(result.output, 'hi\n');
    assert.ok(result.durationMs < 5000, `took ${result.durationMs} ms`);
    assert.match(result.message ?? '', /kept its output open/);
    await assertAllGone(await readPids(pidFile));
  });

  it('ends what the check left running in the background', async () => {
    const result = await run(`sleep 30 > /dev/null 2>&1 & echo $! >> "$PIDS"; echo done`);
    assert.equal(result.outcome, 'passed');
    assert.equal(result.output, 'done\n');
    assert.ok(result.durationMs < 2000, `took ${result.durationMs} ms`);
    await assertAllGone(await readPids(pidFile));
  });

  it('gives outcome error when the folder does not exist', async () => {
    const result = await run('echo never', { cwd: join(tmp, 'missing') });
    assert.equal(result.outcome, 'error');
    assert.equal(result.exitCode, null);
    assert.match(result.message ?? '', /missing/);
  });

  it('writes the kept output to the log file, creating its folder', async () => {
    const logFile = join(tmp, 'logs', 'run-1', 'typecheck.log');
    const result = await run('echo first; echo second 1>&2; exit 1', { logFile });
    assert.equal(result.outcome, 'failed');
    assert.equal(await readFile(logFile, 'utf8'), 'first\nsecond\n');
    assert.equal(result.output, 'first\nsecond\n');
  });
});
