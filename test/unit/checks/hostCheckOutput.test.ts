/**
 * Opening a check's output from the view: the log the run state names for the check, found only by
 * looking the run and the check up (never by joining the view's strings into a path), and kept inside
 * the run folder (no `..`, no absolute path, no symbolic link). Also the run history's verdict.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEventBody } from '../../../src/core/run/events';
import { checkLogOf, findCheckLog } from '../../../src/host/checks/checkOutput';
import { summarize } from '../../../src/host/runs/history';
import { FlowHarness, foundChecks, tick } from '../flow/flowHarness';

function finished(checkId: string, log: string | undefined): RunEventBody {
  return {
    kind: 'check.finished',
    checkId,
    pass: 1,
    outcome: 'failed',
    exitCode: 1,
    durationMs: 5,
    outputBytes: 10,
    truncated: false,
    tail: 'FAIL',
    diagnostics: [],
    diagnosticsTotal: 0,
    ...(log !== undefined ? { log } : {}),
  };
}

describe('checks in the host: a check’s output', () => {
  let h: FlowHarness;
  let outside: string;
  beforeEach(() => {
    h = new FlowHarness();
    outside = mkdtempSync(join(tmpdir(), 'fanout-check-outside-'));
  });
  afterEach(() => {
    h.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  /** Runs `run-1` with an approved `test` check whose pass-1 log is `log`; returns the run folder. */
  async function runWithLog(log: string | undefined, extra: readonly RunEventBody[] = []): Promise<string> {
    await h.approval.approve(['npm test']);
    h.found = foundChecks('npm test');
    await h.plan();
    await h.flow.approve(false);
    const run = h.engine.last;
    run.emit({ kind: 'check.started', checkId: 'test', pass: 1, command: 'npm test' });
    run.emit(finished('test', log));
    for (const body of extra) run.emit(body);
    run.finishAgent('a');
    run.finishAgent('b');
    await run.end();
    await tick();
    return join(h.runsDir, 'run-1');
  }

  it('finds the log the run state names, inside the run folder', async () => {
    const runDir = await runWithLog('checks/p1-test.log');
    mkdirSync(join(runDir, 'checks'));
    writeFileSync(join(runDir, 'checks', 'p1-test.log'), 'FAIL src/a.test.ts\n');
    const found = await h.flow.checkOutput('run-1', 'test');
    assert.equal(found.kind, 'found');
    assert.match(found.kind === 'found' ? found.path : '', /run-1[\\/]checks[\\/]p1-test\.log$/);
  });

  it('says why for an unknown run, an unknown check, a check without a log, or a log gone', async () => {
    await runWithLog(undefined);
    assert.deepEqual(await h.flow.checkOutput('run-9', 'test'), { kind: 'missing', message: 'Run run-9 is no longer on disk.' });
    assert.deepEqual(await h.flow.checkOutput('../run-1', 'test'), { kind: 'missing', message: 'Run ../run-1 is no longer on disk.' });
    assert.equal((await h.flow.checkOutput('run-1', 'lint')).kind, 'missing');
    assert.equal((await h.flow.checkOutput('run-1', '__proto__')).kind, 'missing');
    assert.equal((await h.flow.checkOutput('run-1', 'test')).kind, 'missing', 'no log named');
  });

  it('refuses a log path that leaves the run folder, by `..`, absolutely or through a symbolic link', async () => {
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    const runDir = await runWithLog('../../secret.txt');
    assert.equal((await findCheckLog(runDir, (await h.runs.state('run-1'))!, 'test')).kind, 'missing');

    const state = (await h.runs.state('run-1'))!;
    const withLog = (log: string) => ({
      ...state,
      checks: { ...state.checks!, byId: { test: { ...state.checks!.byId.test!, log } } },
    });
    assert.equal(checkLogOf(withLog(join(outside, 'secret.txt')), 'test'), undefined, 'absolute');
    assert.equal(checkLogOf(withLog('checks/../../x.log'), 'test'), undefined, 'climbs out');
    assert.equal(checkLogOf(withLog('checks/p1-test.log'), 'test'), join('checks', 'p1-test.log'));

    mkdirSync(join(runDir, 'checks'));
    symlinkSync(join(outside, 'secret.txt'), join(runDir, 'checks', 'link.log'));
    assert.equal((await findCheckLog(runDir, withLog('checks/link.log'), 'test')).kind, 'missing', 'a symbolic link to a file outside');
    symlinkSync(outside, join(runDir, 'out'));
    assert.equal((await findCheckLog(runDir, withLog('out/secret.txt'), 'test')).kind, 'missing', 'a folder link out of the run');
    assert.equal((await findCheckLog(runDir, withLog('checks'), 'test')).kind, 'missing', 'not a file');
  });

  it('puts the checks’ verdict in the run history, and nothing for a run without one', async () => {
    await runWithLog(undefined, [
      { kind: 'checks.finished', verdict: 'failing', passes: 3, rounds: 2, failing: ['test'], owners: ['a'], message: 'test still fails.' },
    ]);
    const state = (await h.runs.state('run-1'))!;
    assert.equal(summarize(state).checks, 'failing');
    assert.equal('checks' in summarize({ ...state, checks: undefined }), false);
  });
});
