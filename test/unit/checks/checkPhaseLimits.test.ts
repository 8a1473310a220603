/**
 * The limits of the check phase against the whole engine, with real processes: a check that times
 * out, one that prints megabytes, a cancel during a check, and a run whose checks were not approved.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHarness, implement, makePlan, routeFor } from '../engine/harness';
import { GREET } from '../../support/checksFixture';
import { checksConfig, finish, fixture, ofKind, useCheckPhaseRun, write } from './fixupRunFixtures';

/** Whether a process runs (a zombie left for a parent that does not reap it has ended). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('checks: the check phase and fix-up rounds on a node --test fixture', function () {
  this.timeout(60_000);
  const ctx = useCheckPhaseRun();

  it('kills a check at its timeout and reports it timed out', async () => {
    ctx.h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(ctx.h);
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const config = checksConfig(ctx.scratch, { checks: [{ id: 'slow', command: 'sleep 30', source: 'cli' }], timeoutMs: 500, fixRounds: 0 });
    const { handle } = ctx.h.start(plan, { checks: config });
    const state = await handle.done;
    const slow = state.checks?.byId.slow;
    assert.equal(slow?.status, 'timed-out');
    assert.ok((slow?.durationMs ?? 0) < 10_000, `took ${slow?.durationMs} ms`);
    assert.equal(state.checks?.verdict, 'failing');
  });

  it('keeps a check that prints megabytes bounded: the event holds a tail, the log the capped output', async () => {
    ctx.h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(ctx.h);
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const command = `node -e "process.stdout.write('x'.repeat(6e6)); process.stdout.write('\\nEND'); process.exitCode = 1"`;
    const config = checksConfig(ctx.scratch, { checks: [{ id: 'loud', command, source: 'cli' }], maxOutputBytes: 256 * 1024, fixRounds: 0 });
    const { handle, events } = ctx.h.start(plan, { checks: config });
    await handle.done;
    const done = ofKind(events, 'check.finished')[0];
    assert.ok(done !== undefined);
    assert.equal(done.outputBytes, 6_000_004);
    assert.equal(done.truncated, true);
    assert.ok(done.tail.length <= 8 * 1024);
    assert.match(done.tail, /END$/);
    const log = statSync(join(ctx.h.runDir, done.log ?? 'missing')).size;
    assert.ok(log <= 256 * 1024 + 200, `log of ${log} bytes`);
  });

  it('kills the check and its children when the run is cancelled during a check', async () => {
    ctx.h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(ctx.h);
    const pidFile = join(ctx.scratch, 'pids');
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const command = `sleep 60 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; wait`;
    const config = checksConfig(join(ctx.scratch, 'snap'), { checks: [{ id: 'hang', command, source: 'cli' }] });
    mkdirSync(join(ctx.scratch, 'snap'));
    const { handle, events } = ctx.h.start(plan, { checks: config });
    for (let i = 0; i < 400 && !(existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim().split('\n').length >= 2); i++)
      await new Promise((r) => setTimeout(r, 25));
    assert.ok(ofKind(events, 'check.started').length === 1, 'the check started');
    handle.cancel();
    const state = await handle.done;
    assert.equal(state.status, 'cancelled');
    assert.equal(state.checks?.byId.hang?.status, 'cancelled');
    assert.equal(state.checks?.verdict, 'failing');
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    for (const pid of pids) assert.equal(isRunning(pid), false, `process ${pid} is still running`);
  });

  it('runs no check that was not approved, and says why', async () => {
    ctx.h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(ctx.h);
    const marker = join(ctx.scratch, 'ran');
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const { handle, events } = ctx.h.start(plan, {
      checksSkipped: { reason: 'not-approved', message: `The checks were not approved: touch ${marker}` },
    });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    assert.equal(ofKind(events, 'check.started').length, 0);
    assert.equal(state.checks?.phase, 'skipped');
    assert.equal(state.checks?.skipped?.reason, 'not-approved');
    assert.equal(existsSync(marker), false);
  });
});
