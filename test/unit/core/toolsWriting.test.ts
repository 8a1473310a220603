/** The agent's write tools: write_file, edit_file and delete_file stage owned changes and refuse the rest with write.denied events. */
import * as assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEventBody } from '../../../src/core/run/events';
import { sha256 } from '../../../src/core/workspace/staging';
import { plan, task, toolContext } from './fixtures';
import { api, review, useToolsSuite } from './toolsFixtures';

function kinds(events: readonly RunEventBody[]): string[] {
  return events.map((e) => e.kind);
}

describe('agent tools', () => {
  const suite = useToolsSuite();
  const { toolbox, ctxFor } = suite;

  describe('write_file, edit_file, delete_file', () => {
    it('stages an owned write and emits file.staged; the workspace is untouched', async () => {
      const ctx = ctxFor(api);
      const result = await toolbox.execute('write_file', { path: 'src/api/new.ts', content: 'export {};\n' }, ctx);
      assert.deepEqual(result, { content: 'Created src/api/new.ts (11 bytes); staged for review.', isError: false, path: 'src/api/new.ts' });
      assert.deepEqual(ctx.events, [
        { kind: 'file.staged', taskId: 'api', path: 'src/api/new.ts', change: 'create', baseHash: null, proposedHash: sha256('export {};\n'), bytes: 11 },
      ]);
      await assert.rejects(readFile(join(suite.ws.root, 'src/api/new.ts')));
      const same = await toolbox.execute('write_file', { path: 'src/api/new.ts', content: 'export {};\n' }, ctx);
      assert.match(same.content, /already has exactly this content/);
      assert.equal(ctx.events.length, 1);
    });

    it("refuses a write to another task's file, naming the owner, with a write.denied event", async () => {
      const ctx = ctxFor(api);
      const result = await toolbox.execute('write_file', { path: 'src/index.ts', content: 'x' }, ctx);
      assert.equal(result.isError, true);
      assert.match(result.content, /^you do not own src\/index\.ts; its owner is task integration/);
      assert.deepEqual(ctx.events, [
        { kind: 'write.denied', taskId: 'api', path: 'src/index.ts', tool: 'write_file', reason: 'not-owned', owner: 'integration', message: result.content },
      ]);
      const escape = await toolbox.execute('delete_file', { path: 'src/../../x' }, ctx);
      assert.equal(escape.isError, true);
      assert.deepEqual(kinds(ctx.events), ['write.denied', 'write.denied']);
      assert.equal(ctx.events[1]?.kind === 'write.denied' ? ctx.events[1].reason : '', 'outside-workspace');
    });

    it('refuses validators any write, even through a tool they were not given', async () => {
      const ctx = ctxFor(review, 'all');
      const result = await toolbox.execute('edit_file', { path: 'src/api/user.ts', old_text: 'a', new_text: 'b' }, ctx);
      assert.equal(result.isError, true);
      assert.match(result.content, /^validators cannot write files/);
      assert.deepEqual(kinds(ctx.events), ['write.denied']);
    });

    it('edits when old_text matches exactly once, and refuses zero or two matches with the count', async () => {
      await suite.ws.write('src/api/dup.ts', 'x = 1;\nx = 1;\n');
      const ctx = ctxFor(api);
      const zero = await toolbox.execute('edit_file', { path: 'src/api/user.ts', old_text: 'const nobody', new_text: 'y' }, ctx);
      assert.equal(zero.isError, true);
      assert.match(zero.content, /^old_text was found 0 times in src\/api\/user\.ts; it must match exactly once/);
      const two = await toolbox.execute('edit_file', { path: 'src/api/dup.ts', old_text: 'x = 1;', new_text: 'x = 2;' }, ctx);
      assert.equal(two.isError, true);
      assert.match(two.content, /^old_text matches 2 times in src\/api\/dup\.ts; it must match exactly once\. Include more surrounding lines/);
      assert.deepEqual(ctx.events, []);
      const once = await toolbox.execute('edit_file', { path: 'src/api/user.ts', old_text: 'admin = 2', new_text: 'admin = $& + 3' }, ctx);
      assert.equal(once.isError, false);
      assert.equal(once.content, 'Updated src/api/user.ts (52 bytes); staged for review.');
      assert.equal(suite.store.entry('src/api/user.ts')?.proposed, 'export const user = 1;\nexport const admin = $& + 3;\n');
      assert.deepEqual(kinds(ctx.events), ['file.staged']);
    });

    it("edits a CRLF file with LF old_text in the file's own line endings", async () => {
      await suite.ws.write('src/api/win.ts', 'a\r\nb\r\nc\r\n');
      const ctx = ctxFor(api);
      const result = await toolbox.execute('edit_file', { path: 'src/api/win.ts', old_text: 'a\nb', new_text: 'a\nB' }, ctx);
      assert.equal(result.isError, false, result.content);
      assert.equal(suite.store.entry('src/api/win.ts')?.proposed, 'a\r\nB\r\nc\r\n');
    });

    it('deletes an owned file, and refuses deleting a missing one without a denial', async () => {
      const ctx = ctxFor(api);
      const missing = await toolbox.execute('delete_file', { path: 'src/api/none.ts' }, ctx);
      assert.equal(missing.isError, true);
      assert.equal(missing.content, 'src/api/none.ts does not exist; nothing to delete.');
      const deleted = await toolbox.execute('delete_file', { path: 'src/api/user.ts' }, ctx);
      assert.equal(deleted.content, 'Deleted src/api/user.ts; staged for review.');
      assert.deepEqual(kinds(ctx.events), ['file.staged']);
      const again = await toolbox.execute('delete_file', { path: 'src/api/user.ts' }, ctx);
      assert.match(again.content, /is already staged for deletion/);
    });

    it('refuses a path ending in a slash as invalid-path with a write.denied event, and stages nothing', async () => {
      const ctx = ctxFor(api);
      const result = await toolbox.execute('write_file', { path: 'src/api/newdir/', content: 'x' }, ctx);
      assert.equal(result.isError, true);
      assert.match(
        result.content,
        /^"src\/api\/newdir\/" ends with "\/", "\." or "\.\.", so it names a folder; name a file, like "src\/api\/newdir\/index\.ts"\.$/,
      );
      assert.deepEqual(ctx.events, [
        { kind: 'write.denied', taskId: 'api', path: 'src/api/newdir/', tool: 'write_file', reason: 'invalid-path', message: result.content },
      ]);
      const del = await toolbox.execute('delete_file', { path: 'src/api/user.ts/' }, ctx);
      assert.equal(del.isError, true);
      assert.equal(ctx.events[1]?.kind === 'write.denied' ? ctx.events[1].reason : '', 'invalid-path');
      assert.deepEqual(suite.store.entries(), []);
    });

    it('makes an over-long path a write denial (invalid-path) and a plain tool error for a read', async () => {
      // Each name and the relative path are within limits; with the workspace root the path is over PATH_MAX.
      const long = `src/api/${`${'d'.repeat(250)}/`.repeat(16)}${'e'.repeat(50)}.ts`;
      assert.ok(Buffer.byteLength(long) <= 4096 && Buffer.byteLength(join(suite.ws.root, long)) > 4096);
      const ctx = ctxFor(api);
      const write = await toolbox.execute('write_file', { path: long, content: 'x' }, ctx);
      assert.equal(write.isError, true);
      assert.match(write.content, /is longer than the file system allows; use a shorter path\.$/);
      assert.deepEqual(
        ctx.events.map((e) => (e.kind === 'write.denied' ? e.reason : e.kind)),
        ['invalid-path'],
      );
      const tooLongName = await toolbox.execute('write_file', { path: `src/api/${'n'.repeat(256)}.ts`, content: 'x' }, ctx);
      assert.match(tooLongName.content, /file and folder names can be at most 255 bytes/);
      assert.equal(ctx.events[1]?.kind === 'write.denied' ? ctx.events[1].reason : '', 'invalid-path');
      const read = await toolbox.execute('read_file', { path: long }, ctx);
      assert.equal(read.isError, true);
      assert.match(read.content, /is longer than the file system allows; use a shorter path\.$/);
      assert.equal(ctx.events.length, 2, 'a read is a tool error, not a denial');
      assert.deepEqual(suite.store.entries(), []);
    });

    it('refuses paths that cannot coexist with path-conflict, naming the other path and its author', async () => {
      const gen = task('gen', 'implement', ['src/gen/*']);
      const deep = task('deep', 'implement', ['src/gen/*/y.ts']);
      const genPlan = plan(gen, deep);
      const genCtx = toolContext(suite.ws.root, gen, genPlan, suite.store.viewFor('gen', []));
      const deepCtx = toolContext(suite.ws.root, deep, genPlan, suite.store.viewFor('deep', []));
      assert.equal((await toolbox.execute('write_file', { path: 'src/gen/x', content: 'a file\n' }, genCtx)).isError, false);
      const under = await toolbox.execute('write_file', { path: 'src/gen/x/y.ts', content: 'y\n' }, deepCtx);
      assert.equal(under.isError, true);
      assert.deepEqual(deepCtx.events, [
        {
          kind: 'write.denied',
          taskId: 'deep',
          path: 'src/gen/x/y.ts',
          tool: 'write_file',
          reason: 'path-conflict',
          owner: 'gen',
          message: 'src/gen/x/y.ts cannot be created: src/gen/x is staged as a file by task gen, and a file cannot also be a folder. Choose another path.',
        },
      ]);
      assert.equal((await toolbox.execute('write_file', { path: 'src/gen/z/y.ts', content: 'y\n' }, deepCtx)).isError, false);
      const over = await toolbox.execute('write_file', { path: 'src/gen/z', content: 'file\n' }, genCtx);
      assert.match(over.content, /^src\/gen\/z cannot be a file: src\/gen\/z\/y\.ts is staged by task deep/);
      const onDisk = await toolbox.execute('write_file', { path: 'src/api/user.ts/inner.ts', content: 'x' }, ctxFor(api));
      assert.match(onDisk.content, /^src\/api\/user\.ts\/inner\.ts cannot be created: src\/api\/user\.ts is a file in the workspace/);
      assert.deepEqual(
        suite.store.entries().map((e) => e.path),
        ['src/gen/x', 'src/gen/z/y.ts'],
      );
    });

    it('refuses overwriting a binary file with a binary denial', async () => {
      await mkdir(join(suite.ws.root, 'src/api/img'), { recursive: true });
      await suite.ws.write('src/api/img/logo.png', Buffer.from([1, 0, 2]));
      const ctx = ctxFor(api);
      const result = await toolbox.execute('write_file', { path: 'src/api/img/logo.png', content: 'text' }, ctx);
      assert.equal(result.isError, true);
      assert.equal(ctx.events[0]?.kind === 'write.denied' ? ctx.events[0].reason : '', 'binary');
    });
  });
});
