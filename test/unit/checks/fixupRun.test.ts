/**
 * The check phase against the whole engine, with real processes: a fixture project whose tests run
 * with `node --test`, agents scripted on the fake Messages API. A bug one agent stages fails the
 * tests; the failure goes back to that agent only; its fix passes the second pass; the workspace is
 * never touched. Also: a check that times out, one that prints megabytes, a cancel during a check,
 * and a run whose checks were not approved.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reply, toolUse } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from '../engine/harness';
import type { ChecksConfig } from '../../../src/core/checks/checkTypes';
import type { RunEvent, RunEventOf } from '../../../src/core/run/events';
import { patchesByTask } from '../../../src/core/workspace/patches';
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { resumeRun } from '../../../src/core/run/engine';
import { readRunLog } from '../../../src/core/store/runLog';
import { GREET, MATH_BUGGY, MATH_FIXED, writeChecksFixture } from '../../support/checksFixture';

const write = (path: string, content: string) => reply([toolUse('write_file', { path, content })]);
const finish = (summary = 'done') => reply([toolUse('finish', { summary })]);

function fixture(h: Harness): void {
  writeChecksFixture((path, content) => h.write(path, content));
}

/** Every file of a folder with its sha256, to show it did not change. */
function treeHash(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${path.slice(root.length)}\0`).update(readFileSync(path));
    }
  };
  walk(root);
  return hash.digest('hex');
}

function checksConfig(scratchRoot: string, overrides: Partial<ChecksConfig> = {}): ChecksConfig {
  return {
    checks: [{ id: 'test', command: 'node --test', source: 'cli' }],
    fixRounds: 2,
    timeoutMs: 60_000,
    maxOutputBytes: 1024 * 1024,
    concurrency: 1,
    scratchRoot,
    ...overrides,
  };
}

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

function ofKind<K extends RunEvent['kind']>(events: readonly RunEvent[], kind: K): RunEventOf<K>[] {
  return events.filter((e): e is RunEventOf<K> => e.kind === kind);
}

function lastUserText(body: unknown): string {
  const messages = (body as { messages: { role: string; content: string | { type: string; text?: string }[] }[] }).messages;
  const last = messages[messages.length - 1];
  if (last === undefined) return '';
  return typeof last.content === 'string' ? last.content : last.content.map((b) => b.text ?? '').join('\n');
}

describe('checks: the check phase and fix-up rounds on a node --test fixture', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'fanout-scratch-'));
  });
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('sends a failing test back to the agent that owns the failing file, and only it; the fix passes the second pass', async () => {
    const harness = await createHarness([
      routeFor('math', [write('src/math.js', MATH_BUGGY), finish('add'), write('src/math.js', MATH_FIXED), finish('fixed the typo')]),
      routeFor('greet', [write('src/greet.js', GREET), finish('greet')]),
    ]);
    h = harness;
    fixture(h);
    const before = treeHash(h.root);
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('greet', { owns: ['src/greet.js'] })]);
    const { handle, events } = h.start(plan, { checks: checksConfig(scratch) });
    const state = await handle.done;

    assert.equal(
      state.status,
      'done',
      `${state.message} ${JSON.stringify(
        events.filter((e) => e.kind !== 'agent.text' && e.kind !== 'run.started').map((e) => ({ ...e, tail: undefined })),
        null,
        1,
      )}`,
    );
    assert.equal(state.checks?.verdict, 'passing', state.checks?.message);
    const finished = ofKind(events, 'check.finished');
    assert.deepEqual(
      finished.map((e) => [e.checkId, e.pass, e.outcome]),
      [
        ['test', 1, 'failed'],
        ['test', 2, 'passed'],
      ],
    );
    const first = finished[0];
    assert.ok(first !== undefined);
    assert.ok(
      first.diagnostics.some((d) => d.path === 'src/math.js' && d.line === 2 && d.owner === 'math'),
      `diagnostics: ${JSON.stringify(first.diagnostics)}`,
    );
    assert.ok(
      first.diagnostics.every((d) => d.owner !== 'greet'),
      JSON.stringify(first.diagnostics),
    );
    // The failure reached math, and only math.
    assert.deepEqual(
      ofKind(events, 'fixup.started').map((e) => [e.round, e.tasks.map((t) => t.taskId)]),
      [[1, ['math']]],
    );
    const byRoute = (name: string) => harness.api.requests.filter((r) => r.route === name);
    assert.equal(byRoute('greet').length, 2);
    assert.equal(byRoute('math').length, 4);
    const fixupTurn = lastUserText(byRoute('math')[2]?.body);
    assert.match(fixupTurn, /Fix-up round 1 of 2/);
    assert.match(fixupTurn, /c is not defined/);
    assert.match(fixupTurn, /src\/math\.js:2/);
    assert.match(fixupTurn, /return a \+ c;/, 'the current content of its file');
    // The agent's state: one fix-up, right the first time or not.
    assert.equal(state.agents.math?.fixups, 1);
    assert.equal(state.agents.math?.status, 'done');
    assert.deepEqual(state.checks?.firstPass, { math: false, greet: true });
    // The workspace is untouched; the patch holds the fix.
    assert.equal(treeHash(h.root), before);
    assert.equal(existsSync(join(h.root, 'src/math.js')), false);
    const patch = patchesByTask(handle.staging.entries()).get('math') ?? '';
    assert.match(patch, /\+ {2}return a \+ b;/);
    assert.doesNotMatch(patch, /a \+ c/);
    // The output is in the run folder, and the snapshot is gone.
    assert.match(readFileSync(join(h.runDir, 'checks/p1-test.log'), 'utf8'), /ReferenceError/);
    await handle.settled();
    assert.deepEqual(readdirSync(scratch), []);
  });

  it('ends "checks failing" with what still fails once the fix-up rounds are used', async () => {
    h = await createHarness([
      routeFor('math', [write('src/math.js', MATH_BUGGY), finish('add'), finish('tried'), finish('tried again')]),
      routeFor('greet', [write('src/greet.js', GREET), finish('greet')]),
    ]);
    fixture(h);
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('greet', { owns: ['src/greet.js'] })]);
    const { handle, events } = h.start(plan, { checks: checksConfig(scratch) });
    const state = await handle.done;
    assert.equal(state.checks?.verdict, 'failing');
    assert.deepEqual(state.checks?.failing, ['test']);
    assert.deepEqual(state.checks?.failingOwners, ['math']);
    assert.equal(state.checks?.rounds, 2);
    assert.deepEqual(
      ofKind(events, 'check.finished').map((e) => e.outcome),
      ['failed', 'failed', 'failed'],
    );
    assert.match(state.checks?.message ?? '', /Still failing after pass 3: test/);
  });

  it('kills a check at its timeout and reports it timed out', async () => {
    h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(h);
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const config = checksConfig(scratch, { checks: [{ id: 'slow', command: 'sleep 30', source: 'cli' }], timeoutMs: 500, fixRounds: 0 });
    const { handle } = h.start(plan, { checks: config });
    const state = await handle.done;
    const slow = state.checks?.byId.slow;
    assert.equal(slow?.status, 'timed-out');
    assert.ok((slow?.durationMs ?? 0) < 10_000, `took ${slow?.durationMs} ms`);
    assert.equal(state.checks?.verdict, 'failing');
  });

  it('keeps a check that prints megabytes bounded: the event holds a tail, the log the capped output', async () => {
    h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(h);
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const command = `node -e "process.stdout.write('x'.repeat(6e6)); process.stdout.write('\\nEND'); process.exitCode = 1"`;
    const config = checksConfig(scratch, { checks: [{ id: 'loud', command, source: 'cli' }], maxOutputBytes: 256 * 1024, fixRounds: 0 });
    const { handle, events } = h.start(plan, { checks: config });
    await handle.done;
    const done = ofKind(events, 'check.finished')[0];
    assert.ok(done !== undefined);
    assert.equal(done.outputBytes, 6_000_004);
    assert.equal(done.truncated, true);
    assert.ok(done.tail.length <= 8 * 1024);
    assert.match(done.tail, /END$/);
    const log = statSync(join(h.runDir, done.log ?? 'missing')).size;
    assert.ok(log <= 256 * 1024 + 200, `log of ${log} bytes`);
  });

  it('kills the check and its children when the run is cancelled during a check', async () => {
    h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(h);
    const pidFile = join(scratch, 'pids');
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const command = `sleep 60 & echo $! > ${pidFile}; echo $$ >> ${pidFile}; wait`;
    const config = checksConfig(join(scratch, 'snap'), { checks: [{ id: 'hang', command, source: 'cli' }] });
    mkdirSync(join(scratch, 'snap'));
    const { handle, events } = h.start(plan, { checks: config });
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
    h = await createHarness([routeFor('greet', [write('src/greet.js', GREET), finish('greet')])]);
    fixture(h);
    const marker = join(scratch, 'ran');
    const plan = makePlan([implement('greet', { owns: ['src/greet.js'] })]);
    const { handle, events } = h.start(plan, {
      checksSkipped: { reason: 'not-approved', message: `The checks were not approved: touch ${marker}` },
    });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    assert.equal(ofKind(events, 'check.started').length, 0);
    assert.equal(state.checks?.phase, 'skipped');
    assert.equal(state.checks?.skipped?.reason, 'not-approved');
    assert.equal(existsSync(marker), false);
  });

  it('lets a validator run an approved check with run_check (and only an approved one), and sends its error finding to the owner', async () => {
    const harness = await createHarness([
      routeFor('math', [write('src/math.js', MATH_FIXED), finish('add'), finish('looked again')]),
      routeFor('review', [
        reply([toolUse('run_check', { check: 'test' }), toolUse('run_check', { check: 'rm -rf /' })]),
        reply([toolUse('report_finding', { severity: 'error', message: 'add must reject strings', path: 'src/math.js', line: 1 })]),
        finish('reviewed'),
      ]),
    ]);
    h = harness;
    fixture(h);
    h.write('test/greet.test.js', '');
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('review', { phase: 'validate', owns: [], dependsOn: ['math'] })]);
    const { handle, events } = h.start(plan, { checks: checksConfig(scratch) });
    const state = await handle.done;
    const byValidator = ofKind(events, 'check.finished').filter((e) => e.requestedBy === 'review');
    assert.deepEqual(
      byValidator.map((e) => [e.checkId, e.outcome, e.pass]),
      [['test', 'passed', 0]],
    );
    const results = harness.api.requests.filter((r) => r.route === 'review')[1]?.body;
    const text = JSON.stringify(results);
    assert.match(text, /Check \\"test\\" \(node --test\) passed/);
    assert.match(text, /is not one of this run's checks/);
    // The checks pass, but the validator's error finding goes back to math in round 1; the checks run again.
    assert.deepEqual(
      ofKind(events, 'fixup.started').map((e) => e.tasks.map((t) => [t.taskId, t.checks, t.findings])),
      [[['math', [], 1]]],
    );
    const mathFixup = JSON.stringify(harness.api.requests.filter((r) => r.route === 'math')[2]?.body);
    assert.match(mathFixup, /Errors a validator reported in your files/);
    assert.match(mathFixup, /src\/math\.js:1: add must reject strings/);
    assert.equal(state.checks?.verdict, 'passing');
    assert.equal(state.checks?.pass, 2);
    assert.equal(state.checks?.validatorRuns, 1);
  });

  it('resumes an interrupted fix-up round: the agent continues its conversation with the fix-up turn, the checks run again', async () => {
    const harness = await createHarness([
      routeFor('math', [write('src/math.js', MATH_BUGGY), finish('add'), () => new Promise<never>(() => undefined)]),
      routeFor('greet', [write('src/greet.js', GREET), finish('greet')]),
    ]);
    h = harness;
    fixture(h);
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('greet', { owns: ['src/greet.js'] })]);
    const config = checksConfig(scratch);
    const { handle, events } = h.start(plan, { checks: config });
    while (harness.api.requests.filter((r) => r.route === 'math').length < 3) await new Promise((r) => setTimeout(r, 10));
    assert.equal(ofKind(events, 'fixup.started').length, 1);
    await handle.interrupt();
    assert.equal((await handle.done).status, 'interrupted');

    harness.api.script([routeFor('math', [write('src/math.js', MATH_FIXED), finish('fixed')])]);
    const resumed = await resumeRun({
      runDir: h.runDir,
      workspaceRoot: h.root,
      client: new Anthropic({ apiKey: 'test-key', baseURL: harness.api.baseURL }),
      models: { agent: 'claude-test', validator: 'claude-test-validator' },
      maxConcurrency: 4,
      budgets: DEFAULT_BUDGETS,
      prices: {},
      retry: { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 20 },
      checks: config,
    });
    const state = await resumed.done;
    assert.equal(state.checks?.verdict, 'passing', state.checks?.message);
    const log = readRunLog(join(h.runDir, 'events.jsonl')).events;
    assert.deepEqual(
      ofKind(log, 'check.finished').map((e) => [e.pass, e.outcome]),
      [
        [1, 'failed'],
        [2, 'passed'],
      ],
    );
    assert.equal(ofKind(log, 'fixup.started').length, 1, 'the round is not started twice');
    // The resumed request is the fix-up turn of the same conversation, not a new one.
    const resumedAsk = lastUserText(harness.api.requests.filter((r) => r.route === 'math').at(-2)?.body);
    assert.match(resumedAsk, /Fix-up round 1 of 2/);
    assert.deepEqual(readdirSync(scratch), []);
  });
});
