/**
 * The fix-up rounds against the whole engine, with real processes: a fixture project whose tests run
 * with `node --test`, agents scripted on the fake Messages API. A bug one agent stages fails the
 * tests; the failure goes back to that agent only; its fix passes the second pass; the workspace is
 * never touched. Also: rounds that run out, a validator's check and finding, and a resumed round.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { reply, toolUse } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor } from '../engine/harness';
import { patchesByTask } from '../../../src/core/workspace/patches';
import Anthropic from '@anthropic-ai/sdk';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { resumeRun } from '../../../src/core/run/engine';
import { readRunLog } from '../../../src/core/store/runLog';
import { GREET, MATH_BUGGY, MATH_FIXED } from '../../support/checksFixture';
import { checksConfig, finish, fixture, ofKind, useCheckPhaseRun, write } from './fixupRunFixtures';

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

function lastUserText(body: unknown): string {
  const messages = (body as { messages: { role: string; content: string | { type: string; text?: string }[] }[] }).messages;
  const last = messages[messages.length - 1];
  if (last === undefined) return '';
  return typeof last.content === 'string' ? last.content : last.content.map((b) => b.text ?? '').join('\n');
}

describe('checks: the check phase and fix-up rounds on a node --test fixture', function () {
  this.timeout(60_000);
  const ctx = useCheckPhaseRun();

  it('sends a failing test back to the agent that owns the failing file, and only it; the fix passes the second pass', async () => {
    const harness = await createHarness([
      routeFor('math', [write('src/math.js', MATH_BUGGY), finish('add'), write('src/math.js', MATH_FIXED), finish('fixed the typo')]),
      routeFor('greet', [write('src/greet.js', GREET), finish('greet')]),
    ]);
    ctx.h = harness;
    fixture(ctx.h);
    const before = treeHash(ctx.h.root);
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('greet', { owns: ['src/greet.js'] })]);
    const { handle, events } = ctx.h.start(plan, { checks: checksConfig(ctx.scratch) });
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
    assert.equal(treeHash(ctx.h.root), before);
    assert.equal(existsSync(join(ctx.h.root, 'src/math.js')), false);
    const patch = patchesByTask(handle.staging.entries()).get('math') ?? '';
    assert.match(patch, /\+ {2}return a \+ b;/);
    assert.doesNotMatch(patch, /a \+ c/);
    // The output is in the run folder, and the snapshot is gone.
    assert.match(readFileSync(join(ctx.h.runDir, 'checks/p1-test.log'), 'utf8'), /ReferenceError/);
    await handle.settled();
    assert.deepEqual(readdirSync(ctx.scratch), []);
  });

  it('ends "checks failing" with what still fails once the fix-up rounds are used', async () => {
    ctx.h = await createHarness([
      routeFor('math', [write('src/math.js', MATH_BUGGY), finish('add'), finish('tried'), finish('tried again')]),
      routeFor('greet', [write('src/greet.js', GREET), finish('greet')]),
    ]);
    fixture(ctx.h);
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('greet', { owns: ['src/greet.js'] })]);
    const { handle, events } = ctx.h.start(plan, { checks: checksConfig(ctx.scratch) });
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

  it('lets a validator run an approved check with run_check (and only an approved one), and sends its error finding to the owner', async () => {
    const harness = await createHarness([
      routeFor('math', [write('src/math.js', MATH_FIXED), finish('add'), finish('looked again')]),
      routeFor('review', [
        reply([toolUse('run_check', { check: 'test' }), toolUse('run_check', { check: 'rm -rf /' })]),
        reply([toolUse('report_finding', { severity: 'error', message: 'add must reject strings', path: 'src/math.js', line: 1 })]),
        finish('reviewed'),
      ]),
    ]);
    ctx.h = harness;
    fixture(ctx.h);
    ctx.h.write('test/greet.test.js', '');
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('review', { phase: 'validate', owns: [], dependsOn: ['math'] })]);
    const { handle, events } = ctx.h.start(plan, { checks: checksConfig(ctx.scratch) });
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
    ctx.h = harness;
    fixture(ctx.h);
    const plan = makePlan([implement('math', { owns: ['src/math.js'] }), implement('greet', { owns: ['src/greet.js'] })]);
    const config = checksConfig(ctx.scratch);
    const { handle, events } = ctx.h.start(plan, { checks: config });
    while (harness.api.requests.filter((r) => r.route === 'math').length < 3) await new Promise((r) => setTimeout(r, 10));
    assert.equal(ofKind(events, 'fixup.started').length, 1);
    await handle.interrupt();
    assert.equal((await handle.done).status, 'interrupted');

    harness.api.script([routeFor('math', [write('src/math.js', MATH_FIXED), finish('fixed')])]);
    const resumed = await resumeRun({
      runDir: ctx.h.runDir,
      workspaceRoot: ctx.h.root,
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
    const log = readRunLog(join(ctx.h.runDir, 'events.jsonl')).events;
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
    assert.deepEqual(readdirSync(ctx.scratch), []);
  });
});
