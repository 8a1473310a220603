/**
 * search_text through ripgrep: the child process gets the pattern as one argument and no secrets, is
 * killed on cancellation and at the deadline, stops at its output cap and skips binary and oversized
 * files; finding rg on PATH, and falling back to the in-process engine when it cannot start.
 */
import * as assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { SearchBudget } from '../../../src/core/workspace/search/searchBudget';
import { searchFiles } from '../../../src/core/workspace/search/searchFiles';
import { ripgrepEnv, runRipgrep } from '../../../src/core/workspace/search/ripgrep';
import { findOnPath, RipgrepLocator } from '../../../src/core/workspace/search/ripgrepLocator';
import { tempWorkspace } from './fixtures';
import { alive, pattern, request, scopeFor, script, spyRipgrep, useSearchSuite, waitForPid, waitUntil } from './searchFixtures';

describe('search_text engines', () => {
  const suite = useSearchSuite();
  const { search } = suite;

  describe('ripgrep as a child process', () => {
    it('passes the pattern as one --regexp= argument and the files after --, with no secret in its environment', async () => {
      await suite.ws.write('-n.txt', '--pre=touch pwned\n');
      const spy = await spyRipgrep(suite.tools, suite.rg);
      const saved = process.env.ANTHROPIC_API_KEY;
      process.env.ANTHROPIC_API_KEY = 'fanout-test-secret';
      process.env.FANOUT_TEST_TOKEN = 'another-secret';
      try {
        const result = await search({ query: '--pre=touch' }, { ripgrepPath: spy.path });
        assert.equal(result.content, '1 match in 1 file:\n-n.txt:1: --pre=touch pwned');
      } finally {
        if (saved === undefined) delete process.env.ANTHROPIC_API_KEY;
        else process.env.ANTHROPIC_API_KEY = saved;
        delete process.env.FANOUT_TEST_TOKEN;
      }
      const [args] = await spy.calls();
      assert.ok(args.includes('--regexp=--pre=touch'));
      assert.ok(args.includes('--fixed-strings'));
      assert.ok(args.indexOf('--') < args.indexOf('-n.txt'), 'file names come after --');
      const env = await spy.env();
      assert.doesNotMatch(env, /ANTHROPIC|fanout-test-secret|another-secret/);
      assert.match(env, /^PATH=/m);
      assert.deepEqual(ripgrepEnv({ PATH: '/bin', ANTHROPIC_API_KEY: 'k', AWS_SECRET_ACCESS_KEY: 's', HOME: '/root', SystemRoot: 'C:\\Windows' }), {
        PATH: '/bin',
        SystemRoot: 'C:\\Windows',
      });
    });

    it('is killed when the search is cancelled', async () => {
      const pidFile = join(suite.tools.root, 'pid');
      const slow = await script(suite.tools, 'slow-rg', `echo $$ > "${pidFile}"\nexec sleep 30`);
      const controller = new AbortController();
      const started = Date.now();
      const pending = search({ query: 'user' }, { ripgrepPath: slow }, controller.signal);
      const pid = await waitForPid(pidFile);
      controller.abort(new Error('cancelled by the test'));
      const result = await pending;
      assert.deepEqual(result, { content: 'The task was cancelled.', isError: true });
      assert.ok(Date.now() - started < 5000);
      await waitUntil(() => !alive(pid), 'the rg process is gone');
    });

    it('is killed at the deadline, and the result says it stopped', async () => {
      const pidFile = join(suite.tools.root, 'pid');
      const slow = await script(suite.tools, 'slow-rg', `echo $$ > "${pidFile}"\nexec sleep 30`);
      const started = Date.now();
      const result = await search({ query: 'user' }, { ripgrepPath: slow, searchTimeoutMs: 300 });
      assert.ok(Date.now() - started < 5000);
      assert.equal(result.content, 'No matches for "user".\n(search stopped after 0.3 s; the results are incomplete: narrow the glob or the query)');
      await waitUntil(async () => !alive(await waitForPid(pidFile)), 'the rg process is gone');
    });

    it('stops reading at its output cap', async () => {
      await suite.ws.write('many.txt', 'user\n'.repeat(10_000));
      const budget = new SearchBudget({ timeoutMs: 10_000, maxBytes: 1 << 20, maxCount: 100_000 }, new AbortController().signal);
      try {
        const result = await runRipgrep({
          rg: suite.rg,
          cwd: suite.ws.root,
          files: ['many.txt'],
          pattern: await pattern('user', false),
          budget,
          maxCount: 100_000,
          maxOutputBytes: 4096,
        });
        assert.equal(result.kind, 'searched');
        assert.equal(budget.stop, 'output');
        const hits = result.kind === 'searched' ? (result.hits.get('many.txt') ?? []) : [];
        assert.ok(hits.length > 0 && hits.length < 4096 / 'many.txt'.length, `${hits.length} lines read`);
      } finally {
        budget.dispose();
      }
    });

    it('skips binary and oversized files, and reports them', async () => {
      await suite.ws.write('bin.dat', Buffer.from('export const user\0'));
      await suite.ws.write('big.txt', `user\n${'x'.repeat(2000)}\n`);
      for (const ripgrepPath of [suite.rg, null]) {
        const result = await search({ query: 'const user' }, { ripgrepPath, maxSearchFileBytes: 1000 });
        assert.equal(
          result.content,
          '1 match in 1 file:\nsrc/api/user.ts:1: export const user = 1;\n(2 binary or oversized files skipped)',
          String(ripgrepPath),
        );
      }
      const big = await search({ query: 'user', glob: 'big.txt' }, { ripgrepPath: suite.rg, maxSearchFileBytes: 1000 });
      assert.equal(big.content, 'No matches for "user" in big.txt.\n(1 binary or oversized file skipped)');
    });
  });

  describe('finding ripgrep', () => {
    it('looks on PATH: absolute folders only, executable files only', async () => {
      const bin = await tempWorkspace('fanout-search-bin-');
      try {
        await bin.write('plain/rg', 'not executable');
        await bin.write('exec/rg', '#!/bin/sh\n');
        await chmod(join(bin.root, 'exec/rg'), 0o755);
        const path = ['relative', join(bin.root, 'missing'), join(bin.root, 'plain'), join(bin.root, 'exec')].join(':');
        assert.equal(await findOnPath(path, 'linux'), join(bin.root, 'exec/rg'));
        assert.equal(await findOnPath(join(bin.root, 'plain'), 'linux'), undefined);
        assert.equal(await findOnPath(undefined, 'linux'), undefined);
      } finally {
        await bin.remove();
      }
    });

    it('falls back from a configured rg that cannot start to PATH, then to the in-process engine', async () => {
      let lookups = 0;
      const locator = new RipgrepLocator(join(suite.ws.root, 'no-such-rg'), () => {
        lookups++;
        return Promise.resolve(undefined);
      });
      const result = await searchFiles(await scopeFor(suite.ws, suite.store), request(await pattern('admin'), locator));
      assert.deepEqual(result.files, [
        { path: 'README.md', hits: [{ line: 2, text: 'Users and admins.' }] },
        { path: 'src/api/user.ts', hits: [{ line: 2, text: 'export const admin = 2;' }] },
      ]);
      assert.equal(result.diskEngine, 're2js');
      assert.equal(await locator.path(), undefined);
      assert.equal(lookups, 2);
      assert.equal(await new RipgrepLocator(null, () => Promise.resolve(suite.rg)).path(), undefined, 'null turns ripgrep off');
    });
  });
});
