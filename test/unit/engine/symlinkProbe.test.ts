/**
 * A hostile agent against the whole engine: it writes through symlinks inside the workspace that
 * lead into another task's folder and to a file no task owns.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { reply, toolUse } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const write = (path: string, content: string) => reply([toolUse('write_file', { path, content })]);
const finish = (summary = 'done') => reply([toolUse('finish', { summary })]);

describe('engine probe: writes through symlinks inside the workspace', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it("refuses a task's writes through a symlink into another task's folder and to an unowned file; the owner still stages its file", async () => {
    const harness = await createHarness([
      routeFor('a', [write('src/a/link/real.ts', 'hijacked by a\n'), write('src/a/pkg.json', '{"hijacked":true}\n'), finish()]),
      routeFor('b', [write('src/b/real.ts', 'from b\n'), finish()]),
    ]);
    h = harness;
    harness.write('src/b/real.ts', 'original\n');
    harness.write('package.json', '{}\n');
    mkdirSync(join(harness.root, 'src/a'), { recursive: true });
    symlinkSync('../b', join(harness.root, 'src/a/link'));
    symlinkSync('../../package.json', join(harness.root, 'src/a/pkg.json'));

    const plan = makePlan([implement('a', { owns: ['src/a/**'] }), implement('b', { owns: ['src/b/**'] })]);
    // One agent at a time, a first: b writes its file after a's attempts were refused.
    const { handle, events } = harness.start(plan, { maxConcurrency: 1 });
    const state = await handle.done;

    assert.equal(state.status, 'done');
    assert.ok(harness.api.requests.findIndex((r) => r.route === 'b') > harness.api.requests.map((r) => r.route).lastIndexOf('a'), 'b ran after a had finished');
    assert.deepEqual(
      state.denied.map((d) => [d.taskId, d.path, d.reason, d.owner]),
      [
        ['a', 'src/a/link/real.ts', 'not-owned', 'b'],
        ['a', 'src/a/pkg.json', 'not-owned', undefined],
      ],
    );
    assert.match(
      state.denied[0]?.message ?? '',
      /goes through the symlink "src\/a\/link" \(to src\/b\), so it is really src\/b\/real\.ts: you do not own src\/b\/real\.ts; its owner is task b/,
    );
    assert.match(state.denied[1]?.message ?? '', /"src\/a\/pkg\.json" is a symlink to package\.json: no task owns package\.json/);
    // Nothing staged for a; b staged its own file under its real name, and only b.
    assert.deepEqual(
      handle.staging.entries().map((e) => [e.path, e.taskId]),
      [['src/b/real.ts', 'b']],
    );
    assert.deepEqual(
      events.filter((e) => e.kind === 'file.staged').map((e) => (e.kind === 'file.staged' ? [e.taskId, e.path] : [])),
      [['b', 'src/b/real.ts']],
    );
    assert.equal(handle.staging.entry('src/b/real.ts')?.proposed, 'from b\n');
    // The workspace is untouched.
    assert.equal(readFileSync(join(harness.root, 'src/b/real.ts'), 'utf8'), 'original\n');
    assert.equal(readFileSync(join(harness.root, 'package.json'), 'utf8'), '{}\n');
    assert.equal(existsSync(join(harness.root, 'src/a/real.ts')), false);
  });
});
