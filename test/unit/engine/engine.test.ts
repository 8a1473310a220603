import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { PlanValidationError } from '../../../src/core/run/engine';
import { readRunLog } from '../../../src/core/store/runLog';
import { reduceRunEvents } from '../../../src/core/run/runState';
import { cannedToolbox } from '../../../bench/engineCore';
import { httpError, reply, stallAfter, streamErrorAfter, dropAfter, toolUse, type TurnSource } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const write = (path: string, content: string) => reply([toolUse('write_file', { path, content })]);
const read = (path: string) => reply([toolUse('read_file', { path })]);
const finish = (summary = 'done') => reply([toolUse('finish', { summary })]);

/** The text of the tool_result blocks in the last request of a route. */
function lastToolResults(h: Harness, route: string): string {
  const reqs = h.api.requests.filter((r) => r.route === route);
  const last = reqs[reqs.length - 1];
  return JSON.stringify(last?.body ?? {});
}

describe('engine: a run end to end (real SDK, fake Messages API)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('runs independent agents in parallel: their requests interleave and every file is staged, not written', async () => {
    const ids = ['a', 'b', 'c', 'd'];
    h = await createHarness(
      ids.map((id) => routeFor(id, [write(`src/${id}.ts`, `export const ${id} = 1;\n`), finish()])),
      { eventDelayMs: 5 },
    );
    const { handle } = h.start(makePlan(ids.map((id) => implement(id))), { maxConcurrency: 4 });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    assert.deepEqual(
      Object.keys(state.files).sort(),
      ids.map((id) => `src/${id}.ts`),
    );
    // Interleaving: every agent's first request arrived before any agent's second.
    const firstTurns = h.api.requests.filter((r) => r.turnIndex === 0).map((r) => r.seq);
    const secondTurns = h.api.requests.filter((r) => r.turnIndex === 1).map((r) => r.seq);
    assert.ok(Math.max(...firstTurns) < Math.min(...secondTurns), 'all first turns precede all second turns');
    const { existsSync } = await import('node:fs');
    for (const id of ids) assert.equal(existsSync(join(h.root, `src/${id}.ts`)), false, 'the workspace is untouched');
    assert.equal(handle.staging.entry('src/a.ts')?.proposed, 'export const a = 1;\n');
  });

  it('runs its agents with the tools it is given', async () => {
    // The bench's engine core: every call but finish answered with the SDK floor's canned line.
    h = await createHarness([routeFor('a', [write('src/a.ts', 'export const a = 1;\n'), finish()])]);
    const state = await h.start(makePlan([implement('a')]), { toolbox: cannedToolbox() }).handle.done;
    assert.equal(state.status, 'done');
    assert.match(lastToolResults(h, 'a'), /Result of write_file: \{\\"path\\":\\"src\/a\.ts\\"/);
    assert.deepEqual(Object.keys(state.files), [], 'the given tools staged nothing');
    assert.equal(state.agents.a?.summary, 'done', 'finish went through the real tool');
  });

  it("shows contract output to dependents but not a running sibling's staged file", async () => {
    const requestsOf = (route: string) => h?.api.requests.filter((r) => r.route === route).length ?? 0;
    h = await createHarness([
      routeFor('types', [write('src/types.ts', 'export interface User { id: string }\n'), finish()]),
      // "early" stages its file, then stays running until "late" has read it.
      routeFor('early', [
        write('src/early.ts', 'SIBLING SECRET\n'),
        async () => {
          await waitFor(() => requestsOf('late') >= 3);
          return finish();
        },
      ]),
      // "late" reads the contract, then early.ts once early's write is staged (its 2nd request was sent).
      routeFor('late', [
        read('src/types.ts'),
        async () => {
          await waitFor(() => requestsOf('early') >= 2);
          return read('src/early.ts');
        },
        finish(),
      ]),
    ]);
    h.write('src/early.ts', 'original\n');
    const plan = makePlan([implement('types', { phase: 'contract', owns: ['src/types.ts'] }), implement('early'), implement('late', { dependsOn: ['types'] })]);
    const state = await h.start(plan).handle.done;
    assert.equal(state.status, 'done');
    assert.equal(state.files['src/early.ts']?.taskId, 'early');
    const lateBodies = h.api.requests.filter((r) => r.route === 'late').map((r) => JSON.stringify(r.body));
    assert.ok(lateBodies[1]?.includes('export interface User'), 'the contract is visible to a dependent');
    assert.ok(lateBodies[2]?.includes('original'), 'the sibling sees the workspace version');
    assert.ok(!lateBodies[2]?.includes('SIBLING SECRET'), "a sibling's staged write is invisible");
  });

  it("starts each agent with its owned files' content and its dependencies' summaries, after the shared prefix", async () => {
    h = await createHarness([
      routeFor('types', [write('src/types.ts', 'export type Id = string;\n'), finish('Defined Id in src/types.ts')]),
      routeFor('docs', [finish()]),
    ]);
    h.write('README.md', 'Existing readme text\n');
    const plan = makePlan([
      implement('types', { phase: 'contract', owns: ['src/types.ts'] }),
      implement('docs', { owns: ['README.md', 'docs/**'], dependsOn: ['types'] }),
    ]);
    await h.start(plan).handle.done;
    const first = h.api.requests.find((r) => r.route === 'docs');
    const body = first?.body as { system: { text: string; cache_control?: unknown }[]; messages: { content: unknown }[] };
    const opening = JSON.stringify(body.messages[0]?.content);
    assert.match(opening, /Existing readme text/);
    assert.match(opening, /Defined Id in src\/types\.ts/);
    assert.ok(!JSON.stringify(body.system[0]).includes('Existing readme text'), 'task context stays out of the cached prefix');
  });

  it('rejects a plan whose tasks own overlapping paths, before any request', async () => {
    h = await createHarness([]);
    const plan = makePlan([implement('api', { owns: ['src/**'] }), implement('user', { owns: ['src/api/user.ts'] })]);
    assert.throws(
      () => h?.start(plan),
      (e: unknown) =>
        e instanceof PlanValidationError && e.findings.some((f) => f.code === 'ownership-overlap' && f.tasks.includes('api') && f.tasks.includes('user')),
    );
    assert.equal(h.api.requests.length, 0);
  });

  it('refuses writes outside ownership with an error naming the owner, and records the denial', async () => {
    h = await createHarness([
      routeFor('a', [write('src/b.ts', 'hijack'), write('../outside.ts', 'x'), write('.git/config', 'x'), finish()]),
      routeFor('b', [finish()]),
    ]);
    const state = await h.start(makePlan([implement('a'), implement('b')])).handle.done;
    assert.equal(state.status, 'done');
    assert.deepEqual(
      state.denied.map((d) => d.reason),
      ['not-owned', 'outside-workspace', 'git-internal'],
    );
    assert.equal(state.denied[0]?.owner, 'b');
    assert.match(lastToolResults(h, 'a'), /is_error/);
    assert.equal(Object.keys(state.files).length, 0);
  });

  it('blocks the dependents of a failed task while independent tasks go on', async () => {
    h = await createHarness([
      routeFor('base', [httpError(400, { errorType: 'invalid_request_error', message: 'bad request' })]),
      routeFor('child', [finish()]),
      routeFor('grandchild', [finish()]),
      routeFor('free', [write('src/free.ts', 'ok\n'), finish()]),
    ]);
    const plan = makePlan([
      implement('base'),
      implement('child', { dependsOn: ['base'] }),
      implement('grandchild', { dependsOn: ['child'] }),
      implement('free'),
    ]);
    const state = await h.start(plan).handle.done;
    assert.equal(state.status, 'failed');
    assert.equal(state.agents.base?.status, 'failed');
    assert.equal(state.agents.child?.status, 'blocked');
    assert.match(state.agents.child?.message ?? '', /"base"/);
    assert.equal(state.agents.grandchild?.status, 'blocked');
    assert.equal(state.agents.free?.status, 'done');
    assert.equal(h.api.requests.filter((r) => r.route === 'child').length, 0);
  });

  it('cancels one agent while the others finish, keeping its staged files', async () => {
    h = await createHarness([routeFor('slow', [write('src/slow.ts', 'partial\n'), stallAfter(2)]), routeFor('fast', [write('src/fast.ts', 'ok\n'), finish()])]);
    const { handle, events } = h.start(makePlan([implement('slow'), implement('fast')]), { retry: { idleTimeoutMs: 60_000 } });
    await waitFor(() => events.some((e) => e.kind === 'file.staged' && e.taskId === 'slow') && h!.api.requests.filter((r) => r.route === 'slow').length === 2);
    handle.cancelAgent('slow');
    const state = await handle.done;
    assert.equal(state.agents.slow?.status, 'cancelled');
    assert.equal(state.agents.fast?.status, 'done');
    assert.equal(state.files['src/slow.ts']?.taskId, 'slow', 'the cancelled agent keeps its staged file');
    assert.equal(state.status, 'failed');
  });

  it('retries a stalled stream, a dropped stream and an in-stream overload, then finishes', async () => {
    h = await createHarness([
      routeFor('a', [stallAfter(2), write('src/a.ts', 'a\n'), dropAfter(3), streamErrorAfter(2, { errorType: 'overloaded_error' }), finish()]),
    ]);
    const { handle } = h.start(makePlan([implement('a')]), { retry: { idleTimeoutMs: 250 } });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    assert.equal(state.agents.a?.retries, 3);
    assert.equal(state.files['src/a.ts']?.proposedHash !== null, true);
  });

  it('gets every agent through a 529 storm with a shared backoff', async () => {
    const storm: TurnSource[] = [
      httpError(529, { errorType: 'overloaded_error', retryAfterMs: 30 }),
      httpError(529, { errorType: 'overloaded_error', retryAfterMs: 30 }),
    ];
    const ids = ['s1', 's2', 's3', 's4', 's5', 's6'];
    h = await createHarness(
      ids.map((id) => routeFor(id, [...storm, write(`src/${id}.ts`, 'x\n'), httpError(529, { errorType: 'overloaded_error' }), finish()])),
    );
    const state = await h.start(makePlan(ids.map((id) => implement(id)))).handle.done;
    assert.equal(state.status, 'done');
    for (const id of ids) {
      assert.equal(state.agents[id]?.status, 'done');
      assert.equal(state.agents[id]?.retries, 3);
    }
  });

  it('ends an agent that exhausts its turn budget with that reason', async () => {
    h = await createHarness([routeFor('loop', [read('README.md'), read('README.md'), read('README.md'), finish()])]);
    h.write('README.md', 'hello\n');
    const state = await h.start(makePlan([implement('loop')]), { budgets: { maxTurnsPerAgent: 2 } }).handle.done;
    assert.equal(state.agents.loop?.status, 'failed');
    assert.equal(state.agents.loop?.reason, 'budget-turns');
    assert.match(state.agents.loop?.message ?? '', /fanout\.budget\.maxTurnsPerAgent/);
    assert.equal(h.api.requests.length, 2);
  });

  it('replays its run log into exactly the live state', async () => {
    h = await createHarness([
      routeFor('types', [write('src/types.ts', 'export type Id = string;\n'), finish('types')]),
      routeFor('x', [read('src/types.ts'), write('src/x.ts', 'x\n'), finish('x')]),
      routeFor('y', [httpError(429, { retryAfterMs: 20 }), write('src/y.ts', 'y\n'), finish('y')]),
      routeFor('check', [reply([toolUse('report_finding', { severity: 'warning', message: 'x lacks tests', path: 'src/x.ts', line: 1 })]), finish('checked')]),
    ]);
    const plan = makePlan([
      implement('types', { phase: 'contract', owns: ['src/types.ts'] }),
      implement('x', { dependsOn: ['types'] }),
      implement('y'),
      implement('check', { phase: 'validate', owns: [] }),
    ]);
    const { handle, events } = h.start(plan);
    const live = await handle.done;
    assert.equal(live.status, 'done');
    assert.equal(live.findings.length, 1);
    const replayed = readRunLog(join(h.runDir, 'events.jsonl'));
    assert.deepEqual(replayed.skippedLines, []);
    assert.equal(replayed.events.length, events.length);
    assert.deepEqual(reduceRunEvents(replayed.events), live);
    assert.deepEqual(reduceRunEvents(events), live);
  });

  it('re-queues a failed agent on retry and reopens the run', async () => {
    h = await createHarness([routeFor('flaky', [httpError(400, { message: 'nope' }), write('src/flaky.ts', 'ok\n'), finish()])]);
    const { handle } = h.start(makePlan([implement('flaky')]));
    const first = await handle.done;
    assert.equal(first.agents.flaky?.status, 'failed');
    handle.retryAgent('flaky');
    const second = await handle.settled();
    assert.equal(second.status, 'done');
    assert.equal(second.agents.flaky?.attempt, 2);
    assert.ok(second.files['src/flaky.ts']);
    const replayed = readRunLog(join(h.runDir, 'events.jsonl'));
    assert.deepEqual(reduceRunEvents(replayed.events), second);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
