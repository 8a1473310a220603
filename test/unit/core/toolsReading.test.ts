/** The agent's read tools: list_files, read_file and search_text over the workspace and the staged files it may see. */
import * as assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import { tempWorkspace } from './fixtures';
import { api, integration, useToolsSuite } from './toolsFixtures';

describe('agent tools', () => {
  const suite = useToolsSuite();
  const { toolbox, ctxFor } = suite;

  describe('list_files', () => {
    it('respects .gitignore at every level, skips .git and node_modules, and merges visible staged files', async () => {
      await suite.ws.write('.gitignore', 'dist/\n*.log\n');
      await suite.ws.write('dist/bundle.js', 'x');
      await suite.ws.write('debug.log', 'x');
      await suite.ws.write('src/keep.log', 'x');
      await suite.ws.write('src/.gitignore', '!keep.log\ngenerated.ts\n');
      await suite.ws.write('src/generated.ts', 'x');
      await suite.ws.write('node_modules/pkg/index.js', 'x');
      await suite.ws.write('.git/config', 'x');
      await suite.store.viewFor('api', []).write('src/api/new.ts', 'new\n');
      await suite.store.viewFor('api', []).write('src/api/user.ts', null);
      await suite.store.viewFor('ui', []).write('src/ui/hidden.ts', 'sibling\n');

      const result = await createToolbox().execute('list_files', {}, ctxFor(integration, ['api']));
      assert.equal(result.isError, false);
      assert.deepEqual(result.content.split('\n'), ['.gitignore', 'README.md', 'src/.gitignore', 'src/api/new.ts', 'src/index.ts', 'src/keep.log']);
    });

    it('filters by glob (a bare name matches at any depth) and bounds the output', async () => {
      for (let i = 0; i < 8; i++) await suite.ws.write(`src/api/m${i}.ts`, 'x');
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
        await symlink(outside.root, join(suite.ws.root, 'src/api/linkdir'));
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
      await suite.ws.write('logo.png', Buffer.from([1, 2, 0, 3]));
      await suite.ws.write('huge.txt', 'x'.repeat(5000));
      const outside = await tempWorkspace('fanout-outside-');
      try {
        await outside.write('secret.txt', 'secret');
        await symlink(join(outside.root, 'secret.txt'), join(suite.ws.root, 'src/secret.txt'));
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
      await suite.ws.write('.gitignore', 'ignored/\n');
      await suite.ws.write('ignored/user.ts', 'export const user = 9;\n');
      await suite.ws.write('bin.dat', Buffer.from('export const user\0'));
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
});
