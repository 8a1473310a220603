import * as assert from 'node:assert/strict';
import { mkdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEventBody } from '../../../src/core/run/events';
import type { TaskSpec } from '../../../src/core/plan/plan';
import { sha256, StagingStore } from '../../../src/core/workspace/staging';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import { plan, task, tempWorkspace, toolContext, type RecordingContext, type TempWorkspace } from './fixtures';

const api = task('api', 'implement', ['src/api/**']);
const integration = task('integration', 'implement', ['src/index.ts'], ['api']);
const ui = task('ui', 'implement', ['src/ui/**']);
const review = task('review', 'validate', [], ['integration']);
const thePlan = plan(api, integration, ui, review);

function kinds(events: readonly RunEventBody[]): string[] {
  return events.map((e) => e.kind);
}

describe('agent tools', () => {
  let ws: TempWorkspace;
  let store: StagingStore;
  const toolbox = createToolbox({ maxListEntries: 5, maxSearchMatches: 3 });
  const ctxFor = (t: TaskSpec, visible: readonly string[] | 'all' = []): RecordingContext => toolContext(ws.root, t, thePlan, store.viewFor(t.id, visible));

  beforeEach(async () => {
    ws = await tempWorkspace();
    store = new StagingStore(ws.root, { maxFileBytes: 4096 });
    await ws.write('src/api/user.ts', 'export const user = 1;\nexport const admin = 2;\n');
    await ws.write('src/index.ts', 'export * from "./api/user";\n');
    await ws.write('README.md', '# Demo\n');
  });
  afterEach(() => ws.remove());

  describe('definitions', () => {
    it('gives every phase the same tools in a stable order (one shared prompt prefix)', () => {
      assert.deepEqual(
        toolbox.definitions('implement').map((t) => t.name),
        ['list_files', 'read_file', 'search_text', 'write_file', 'edit_file', 'delete_file', 'report_finding', 'finish'],
      );
      assert.deepEqual(toolbox.definitions('contract'), toolbox.definitions('implement'));
      assert.equal(JSON.stringify(toolbox.definitions('validate')), JSON.stringify(toolbox.definitions('implement')));
      const edit = toolbox.definitions('implement').find((t) => t.name === 'edit_file');
      assert.equal(edit?.input_schema.type, 'object');
      assert.deepEqual(edit?.input_schema.required, ['path', 'old_text', 'new_text']);
      assert.equal(JSON.stringify(toolbox.definitions('validate')), JSON.stringify(createToolbox().definitions('validate')));
    });

    it('describes calls for the UI, even with garbage input', () => {
      assert.deepEqual(toolbox.describe('edit_file', { path: './src/api/user.ts' }), { summary: 'edit src/api/user.ts', path: 'src/api/user.ts' });
      assert.deepEqual(toolbox.describe('read_file', { path: 'a.ts', start_line: 3 }), { summary: 'read a.ts:3-end', path: 'a.ts' });
      assert.deepEqual(toolbox.describe('write_file', 'garbage'), { summary: 'write ?' });
      assert.deepEqual(toolbox.describe('nope', null), { summary: 'unknown tool nope' });
    });
  });

  describe('input validation', () => {
    it('answers malformed input with an error naming the field', async () => {
      const ctx = ctxFor(api);
      const missing = await toolbox.execute('read_file', { start_line: 1 }, ctx);
      assert.equal(missing.isError, true);
      assert.match(missing.content, /^Invalid input for read_file:\n- path: Invalid input: expected string, received undefined/);
      const wrongType = await toolbox.execute('edit_file', 'not an object', ctx);
      assert.match(wrongType.content, /- input: Invalid input: expected object, received string/);
      const badLine = await toolbox.execute('read_file', { path: 'README.md', start_line: 0 }, ctx);
      assert.match(badLine.content, /- start_line: /);
      const unknown = await toolbox.execute('rm_rf', {}, ctx);
      assert.match(unknown.content, /^Unknown tool "rm_rf". Available tools: list_files, read_file/);
      assert.deepEqual(ctx.events, []);
    });
  });

  describe('list_files', () => {
    it('respects .gitignore at every level, skips .git and node_modules, and merges visible staged files', async () => {
      await ws.write('.gitignore', 'dist/\n*.log\n');
      await ws.write('dist/bundle.js', 'x');
      await ws.write('debug.log', 'x');
      await ws.write('src/keep.log', 'x');
      await ws.write('src/.gitignore', '!keep.log\ngenerated.ts\n');
      await ws.write('src/generated.ts', 'x');
      await ws.write('node_modules/pkg/index.js', 'x');
      await ws.write('.git/config', 'x');
      await store.viewFor('api', []).write('src/api/new.ts', 'new\n');
      await store.viewFor('api', []).write('src/api/user.ts', null);
      await store.viewFor('ui', []).write('src/ui/hidden.ts', 'sibling\n');

      const result = await createToolbox().execute('list_files', {}, ctxFor(integration, ['api']));
      assert.equal(result.isError, false);
      assert.deepEqual(result.content.split('\n'), ['.gitignore', 'README.md', 'src/.gitignore', 'src/api/new.ts', 'src/index.ts', 'src/keep.log']);
    });

    it('filters by glob (a bare name matches at any depth) and bounds the output', async () => {
      for (let i = 0; i < 8; i++) await ws.write(`src/api/m${i}.ts`, 'x');
      const ctx = ctxFor(api);
      const bounded = await toolbox.execute('list_files', { pattern: 'src/api/*.ts' }, ctx);
      const lines = bounded.content.split('\n');
      assert.equal(lines[0], '9 files; the first 5:');
      assert.equal(lines.length, 7);
      assert.equal(lines[6], '… 4 more (narrow the pattern to see them)');
      const byName = await toolbox.execute('list_files', { pattern: 'user.ts' }, ctx);
      assert.equal(byName.content, 'src/api/user.ts');
      assert.equal((await toolbox.execute('list_files', { pattern: 'api' }, ctx)).content.split('\n')[0], '9 files; the first 5:');
      assert.equal((await toolbox.execute('list_files', { pattern: '*.md' }, ctx)).content, 'README.md');
      const none = await toolbox.execute('list_files', { pattern: 'lib/**' }, ctx);
      assert.equal(none.content, 'No files match "lib/**".');
      const escape = await toolbox.execute('list_files', { pattern: '../**' }, ctx);
      assert.equal(escape.isError, true);
      const tooLong = await toolbox.execute('list_files', { pattern: `${'src/'.repeat(1100)}*.ts` }, ctx);
      assert.equal(tooLong.isError, true);
      assert.match(tooLong.content, /^The pattern is over 4096 bytes, longer than any path can be/);
    });
    it('never follows a symlinked folder out of the workspace', async () => {
      const outside = await tempWorkspace('fanout-outside-');
      try {
        await outside.write('secret.ts', 'export const secret = 1;\n');
        await symlink(outside.root, join(ws.root, 'src/api/linkdir'));
        const ctx = ctxFor(api);
        const all = await toolbox.execute('list_files', { pattern: 'src/**' }, ctx);
        assert.doesNotMatch(all.content, /secret/);
        const direct = await toolbox.execute('list_files', { pattern: 'src/api/linkdir/**' }, ctx);
        assert.match(direct.content, /^No files match "src\/api\/linkdir\/\*\*" \(src\/api\/linkdir is skipped/);
        const search = await toolbox.execute('search_text', { query: 'secret' }, ctx);
        assert.equal(search.content, 'No matches for "secret".');
      } finally {
        await outside.remove();
      }
    });
  });

  describe('read_file', () => {
    it('returns exact content, line ranges, and staged content first', async () => {
      const ctx = ctxFor(api);
      const whole = await toolbox.execute('read_file', { path: 'src/api/user.ts' }, ctx);
      assert.deepEqual(whole, { content: 'export const user = 1;\nexport const admin = 2;\n', isError: false, path: 'src/api/user.ts' });
      const range = await toolbox.execute('read_file', { path: 'src/api/user.ts', start_line: 2, end_line: 2 }, ctx);
      assert.equal(range.content, '[src/api/user.ts: lines 2-2 of 2]\nexport const admin = 2;\n');
      await ctx.view.write('src/api/user.ts', 'staged\n');
      assert.equal((await toolbox.execute('read_file', { path: 'src/api/user.ts' }, ctx)).content, 'staged\n');
    });

    it('refuses escapes, binaries and oversized files, and reports missing and deleted files', async () => {
      await ws.write('logo.png', Buffer.from([1, 2, 0, 3]));
      await ws.write('huge.txt', 'x'.repeat(5000));
      const outside = await tempWorkspace('fanout-outside-');
      try {
        await outside.write('secret.txt', 'secret');
        await symlink(join(outside.root, 'secret.txt'), join(ws.root, 'src/secret.txt'));
        const ctx = ctxFor(api);
        const expectations: [unknown, RegExp][] = [
          [{ path: '../../etc/passwd' }, /leads outside the workspace/],
          [{ path: '/etc/passwd' }, /is an absolute path/],
          [{ path: '.git/config' }, /inside \.git/],
          [{ path: 'src/secret.txt' }, /is a symlink that points outside the workspace/],
          [{ path: 'logo.png' }, /logo\.png is a binary file/],
          [{ path: 'huge.txt' }, /huge\.txt is 5000 bytes, over the 4096-byte limit/],
          [{ path: 'nope.ts' }, /nope\.ts does not exist\. Use list_files/],
          [{ path: 'src' }, /src is a folder/],
        ];
        for (const [input, message] of expectations) {
          const result = await toolbox.execute('read_file', input, ctx);
          assert.equal(result.isError, true, JSON.stringify(input));
          assert.match(result.content, message);
        }
        await ctx.view.write('src/api/user.ts', null);
        assert.match((await toolbox.execute('read_file', { path: 'src/api/user.ts' }, ctx)).content, /has been deleted \(staged by task api\)/);
        assert.deepEqual(ctx.events, []);
      } finally {
        await outside.remove();
      }
    });
  });

  describe('search_text', () => {
    it('finds literal and regex matches with path:line, skipping binaries and ignored files, bounded', async () => {
      await ws.write('.gitignore', 'ignored/\n');
      await ws.write('ignored/user.ts', 'export const user = 9;\n');
      await ws.write('bin.dat', Buffer.from('export const user\0'));
      const ctx = ctxFor(api);
      const literal = await toolbox.execute('search_text', { query: 'const user' }, ctx);
      assert.equal(literal.content, '1 match in 1 file:\nsrc/api/user.ts:1: export const user = 1;\n(1 binary or oversized file skipped)');
      const regex = await toolbox.execute('search_text', { query: '^export (const|\\*)', regex: true, glob: 'src/**' }, ctx);
      assert.equal(regex.content.split('\n')[0], '3 matches in 2 files:');
      const bounded = await toolbox.execute('search_text', { query: 'e', case_sensitive: false }, ctx);
      assert.match(bounded.content, /… \d+ more matches not shown/);
      const bad = await toolbox.execute('search_text', { query: '(', regex: true }, ctx);
      assert.equal(bad.isError, true);
      assert.match(bad.content, /^Invalid regular expression/);
    });
  });

  describe('write_file, edit_file, delete_file', () => {
    it('stages an owned write and emits file.staged; the workspace is untouched', async () => {
      const ctx = ctxFor(api);
      const result = await toolbox.execute('write_file', { path: 'src/api/new.ts', content: 'export {};\n' }, ctx);
      assert.deepEqual(result, { content: 'Created src/api/new.ts (11 bytes); staged for review.', isError: false, path: 'src/api/new.ts' });
      assert.deepEqual(ctx.events, [
        { kind: 'file.staged', taskId: 'api', path: 'src/api/new.ts', change: 'create', baseHash: null, proposedHash: sha256('export {};\n'), bytes: 11 },
      ]);
      await assert.rejects(readFile(join(ws.root, 'src/api/new.ts')));
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
      await ws.write('src/api/dup.ts', 'x = 1;\nx = 1;\n');
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
      assert.equal(store.entry('src/api/user.ts')?.proposed, 'export const user = 1;\nexport const admin = $& + 3;\n');
      assert.deepEqual(kinds(ctx.events), ['file.staged']);
    });

    it("edits a CRLF file with LF old_text in the file's own line endings", async () => {
      await ws.write('src/api/win.ts', 'a\r\nb\r\nc\r\n');
      const ctx = ctxFor(api);
      const result = await toolbox.execute('edit_file', { path: 'src/api/win.ts', old_text: 'a\nb', new_text: 'a\nB' }, ctx);
      assert.equal(result.isError, false, result.content);
      assert.equal(store.entry('src/api/win.ts')?.proposed, 'a\r\nB\r\nc\r\n');
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
      assert.deepEqual(store.entries(), []);
    });

    it('makes an over-long path a write denial (invalid-path) and a plain tool error for a read', async () => {
      // Each name and the relative path are within limits; with the workspace root the path is over PATH_MAX.
      const long = `src/api/${`${'d'.repeat(250)}/`.repeat(16)}${'e'.repeat(50)}.ts`;
      assert.ok(Buffer.byteLength(long) <= 4096 && Buffer.byteLength(join(ws.root, long)) > 4096);
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
      assert.deepEqual(store.entries(), []);
    });

    it('refuses paths that cannot coexist with path-conflict, naming the other path and its author', async () => {
      const gen = task('gen', 'implement', ['src/gen/*']);
      const deep = task('deep', 'implement', ['src/gen/*/y.ts']);
      const genPlan = plan(gen, deep);
      const genCtx = toolContext(ws.root, gen, genPlan, store.viewFor('gen', []));
      const deepCtx = toolContext(ws.root, deep, genPlan, store.viewFor('deep', []));
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
        store.entries().map((e) => e.path),
        ['src/gen/x', 'src/gen/z/y.ts'],
      );
    });

    it('refuses overwriting a binary file with a binary denial', async () => {
      await mkdir(join(ws.root, 'src/api/img'), { recursive: true });
      await ws.write('src/api/img/logo.png', Buffer.from([1, 0, 2]));
      const ctx = ctxFor(api);
      const result = await toolbox.execute('write_file', { path: 'src/api/img/logo.png', content: 'text' }, ctx);
      assert.equal(result.isError, true);
      assert.equal(ctx.events[0]?.kind === 'write.denied' ? ctx.events[0].reason : '', 'binary');
    });
  });

  describe('report_finding and finish', () => {
    it('report_finding emits finding.reported', async () => {
      const ctx = ctxFor(review, 'all');
      const result = await toolbox.execute('report_finding', { severity: 'warning', message: 'Missing null check.', path: './src/index.ts', line: 1 }, ctx);
      assert.deepEqual(result, { content: 'Recorded warning finding for src/index.ts:1.', isError: false, path: 'src/index.ts' });
      assert.deepEqual(ctx.events, [
        { kind: 'finding.reported', taskId: 'review', severity: 'warning', message: 'Missing null check.', path: 'src/index.ts', line: 1 },
      ]);
      const bad = await toolbox.execute('report_finding', { severity: 'fatal', message: 'x' }, ctx);
      assert.match(bad.content, /- severity: Invalid option/);
      const notForWriters = await toolbox.execute('report_finding', { severity: 'info', message: 'x' }, ctxFor(api));
      assert.match(notForWriters.content, /^report_finding is not available to implement tasks/);
    });

    it('finish returns the summary', async () => {
      const result = await toolbox.execute('finish', { summary: 'Added the user API.' }, ctxFor(api));
      assert.deepEqual(result, { content: 'Finished.', isError: false, finished: { summary: 'Added the user API.' } });
    });
  });
});
