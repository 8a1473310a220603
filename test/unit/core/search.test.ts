/**
 * search_text's engines: ripgrep in a child process and RE2 in process, both linear time. A hostile
 * pattern must never hold the event loop; staged content replaces the workspace's; cancellation,
 * the deadline and every cap stop a search with what it found and say so.
 */
import * as assert from 'node:assert/strict';
import { chmod, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ToolOutcome } from '../../../src/core/workspace/tools/toolTypes';
import { StagingStore } from '../../../src/core/workspace/staging';
import { SearchBudget } from '../../../src/core/workspace/search/searchBudget';
import { searchFiles, type SearchScope } from '../../../src/core/workspace/search/searchFiles';
import { compileSearchPattern, type SearchPattern } from '../../../src/core/workspace/search/searchPattern';
import { MAX_LINE_WORK } from '../../../src/core/workspace/search/re2Lines';
import { ripgrepEnv, runRipgrep } from '../../../src/core/workspace/search/ripgrep';
import { findOnPath, ripgrepOnPath, RipgrepLocator } from '../../../src/core/workspace/search/ripgrepLocator';
import type { ToolboxOptions } from '../../../src/core/workspace/tools/common';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import { plan, task, tempWorkspace, toolContext, type TempWorkspace } from './fixtures';

const writer = task('api', 'implement', ['src/api/**']);
const sibling = task('ui', 'implement', ['src/ui/**']);
const thePlan = plan(writer, sibling);

/** 5,000 lines of forty 'a' and a 'b': `^(a+)+$` backtracks 2^40 times on each in a backtracking engine. */
const HOSTILE_LINES = `${'a'.repeat(40)}b\n`.repeat(5000);
const HOSTILE = '^(a+)+$';
/** Far below the seconds a backtracking engine holds the loop on one such line. */
const MAX_LOOP_DELAY_MS = 250;

async function pattern(query: string, regex = true, caseSensitive = true): Promise<SearchPattern> {
  const compiled = await compileSearchPattern({ query, regex, caseSensitive });
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled;
}

/** Runs `work` while Node samples the event loop's delay; the longest delay in ms. */
async function watchLoop<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly maxDelayMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    // The first sample only starts the clock: let it run before the work, and once more after it (a
    // block at the very end shows only when the sampling timer runs again).
    await new Promise((resolve) => setTimeout(resolve, 30));
    const value = await work();
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { value, maxDelayMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

async function realRipgrep(): Promise<string> {
  const rg = await ripgrepOnPath();
  assert.ok(rg, 'ripgrep (rg) must be on PATH for these tests: `npm run prereqs` installs it');
  return rg;
}

/** An executable shell script in `dir`. */
async function script(ws: TempWorkspace, name: string, body: string): Promise<string> {
  await ws.write(name, `#!/bin/sh\n${body}\n`);
  const path = join(ws.root, name);
  await chmod(path, 0o755);
  return path;
}

/** An rg that writes its arguments and environment to `dir`, then runs the real one. */
async function spyRipgrep(ws: TempWorkspace, real: string): Promise<{ readonly path: string; calls(): Promise<string[][]>; env(): Promise<string> }> {
  const dir = ws.root;
  const path = await script(ws, 'spy-rg', `printf '%s\\n' "$@" > "${dir}/args.$$.txt"\nenv > "${dir}/env.txt"\nexec "${real}" "$@"`);
  return {
    path,
    async calls() {
      const names = (await readdir(dir)).filter((n) => /^args\.\d+\.txt$/.test(n));
      return Promise.all(names.map(async (n) => (await readFile(join(dir, n), 'utf8')).split('\n').slice(0, -1)));
    },
    env: () => readFile(join(dir, 'env.txt'), 'utf8'),
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('search_text engines', () => {
  let ws: TempWorkspace;
  let tools: TempWorkspace;
  let store: StagingStore;
  let rg: string;

  const search = (input: Record<string, unknown>, options: ToolboxOptions, signal?: AbortSignal, visible: readonly string[] = []): Promise<ToolOutcome> =>
    createToolbox(options).execute('search_text', input, toolContext(ws.root, writer, thePlan, store.viewFor(writer.id, visible), signal));

  before(async () => {
    rg = await realRipgrep();
    // Loading re2js and its first compile happen once per process, whatever the pattern: not what the probe measures.
    await pattern('warm up');
  });

  beforeEach(async () => {
    ws = await tempWorkspace('fanout-search-');
    tools = await tempWorkspace('fanout-search-tools-');
    store = new StagingStore(ws.root);
    await ws.write('src/api/user.ts', 'export const user = 1;\r\nexport const admin = 2;\r\n');
    await ws.write('src/index.ts', 'export * from "./api/user";\nconst USER_COUNT = 3;\n');
    await ws.write('README.md', '# Demo\nUsers and admins.\n');
  });
  afterEach(async () => {
    await ws.remove();
    await tools.remove();
  });

  describe('a hostile pattern never holds the event loop', () => {
    for (const engine of ['ripgrep', 're2js'] as const) {
      it(`returns for ^(a+)+$ over 5,000 long lines with the loop never late by ${MAX_LOOP_DELAY_MS} ms (${engine})`, async () => {
        await ws.write('data/aaa.txt', HOSTILE_LINES);
        // The agent's own staged copy is searched in process in both cases.
        await store.viewFor(writer.id, []).write('src/api/aaa.txt', HOSTILE_LINES);
        const spy = await spyRipgrep(tools, rg);
        const options = { ripgrepPath: engine === 'ripgrep' ? spy.path : null };
        const { value, maxDelayMs } = await watchLoop(() => search({ query: HOSTILE, regex: true }, options));
        assert.equal(value.content, `No matches for "${HOSTILE}".`);
        assert.ok(maxDelayMs < MAX_LOOP_DELAY_MS, `the event loop was held ${maxDelayMs.toFixed(0)} ms`);
        assert.equal((await spy.calls()).length, engine === 'ripgrep' ? 1 : 0, 'rg runs exactly when it is the engine');

        const matching = await watchLoop(() => search({ query: '^(a+)+b$', regex: true, glob: 'data/**' }, options));
        assert.match(matching.value.content, /^5000 matches in 1 file:\ndata\/aaa\.txt:1: a{40}b\n/);
        assert.match(matching.value.content, /\n… 4900 more matches not shown; narrow the query or the glob\.$/);
        assert.ok(matching.maxDelayMs < MAX_LOOP_DELAY_MS, `the event loop was held ${matching.maxDelayMs.toFixed(0)} ms`);
      });
    }
  });

  describe('both engines give the same answers', () => {
    const queries: Record<string, unknown>[] = [
      { query: 'const user' },
      { query: 'user', case_sensitive: false },
      { query: '^export (const|\\*)', regex: true },
      { query: '= \\d;$', regex: true },
      { query: 'admin', glob: 'src/**/*.ts' },
      { query: 'admin', glob: 'README.md' },
      { query: '[', regex: false },
      { query: '\\u0055SER_COUNT', regex: true },
      { query: 'nothing at all' },
    ];
    for (const input of queries) {
      it(`answers ${JSON.stringify(input)} alike`, async () => {
        const spy = await spyRipgrep(tools, rg);
        const viaRipgrep = await search(input, { ripgrepPath: spy.path });
        const inProcess = await search(input, { ripgrepPath: null });
        assert.equal(viaRipgrep.isError, false);
        assert.equal(viaRipgrep.content, inProcess.content);
        assert.ok((await spy.calls()).length > 0, 'ripgrep searched the files');
      });
    }

    it('hands JavaScript-spelled regexes to ripgrep in a dialect it takes: slashes, named groups, \\u escapes', async () => {
      await ws.write('src/api/dots.ts', 'import { user } from "./api/user";\nconst café = 1;\n');
      for (const query of ['api/user', '[/]api', '(?<quote>")\\.\\/', 'caf\\u00e9', '\\\\/']) {
        const viaRipgrep = await searchFiles(await scopeFor(ws, store), request(await pattern(query), new RipgrepLocator(rg)));
        const inProcess = await searchFiles(await scopeFor(ws, store), request(await pattern(query), new RipgrepLocator(null)));
        assert.equal(viaRipgrep.diskEngine, 'ripgrep', query);
        assert.deepEqual(viaRipgrep.files, inProcess.files, query);
      }
      const slash = await searchFiles(await scopeFor(ws, store), request(await pattern('api/user'), new RipgrepLocator(rg)));
      assert.deepEqual(
        slash.files.map((f) => f.path),
        ['src/api/dots.ts', 'src/index.ts'],
      );
    });

    it('finds what the old search found: path:line with CRLF lines cut, $ before \\r\\n, case-insensitive literals', async () => {
      const result = await search({ query: 'USER', case_sensitive: false }, {});
      assert.equal(
        result.content,
        [
          '4 matches in 3 files:',
          'README.md:2: Users and admins.',
          'src/api/user.ts:1: export const user = 1;',
          'src/index.ts:1: export * from "./api/user";',
          'src/index.ts:2: const USER_COUNT = 3;',
        ].join('\n'),
      );
      const anchored = await search({ query: '= 2;$', regex: true }, {});
      assert.equal(anchored.content, '1 match in 1 file:\nsrc/api/user.ts:2: export const admin = 2;');
    });
  });

  describe('staged content', () => {
    for (const engine of ['ripgrep', 're2js'] as const) {
      it(`replaces the workspace's, drops deleted files and never shows another task's unseen writes (${engine})`, async () => {
        await ws.write('src/api/old.ts', 'needle on disk\n');
        await ws.write('src/api/gone.ts', 'needle in a deleted file\n');
        await ws.write('src/ui/panel.ts', 'needle in the workspace copy\n');
        const own = store.viewFor(writer.id, []);
        await own.write('src/api/old.ts', 'changed\nneedle staged\n');
        await own.write('src/api/new.ts', 'a new needle\n');
        await own.write('src/api/gone.ts', null);
        await store.viewFor(sibling.id, []).write('src/ui/panel.ts', 'needle the sibling staged\n');
        await store.viewFor(sibling.id, []).write('src/ui/extra.ts', 'needle only the sibling has\n');
        const options = { ripgrepPath: engine === 'ripgrep' ? rg : null };

        const alone = await search({ query: 'needle' }, options);
        assert.equal(
          alone.content,
          [
            '3 matches in 3 files:',
            'src/api/new.ts:1: a new needle',
            'src/api/old.ts:2: needle staged',
            'src/ui/panel.ts:1: needle in the workspace copy',
          ].join('\n'),
        );
        const seeingSibling = await search({ query: 'needle' }, options, undefined, [sibling.id]);
        assert.equal(
          seeingSibling.content,
          [
            '4 matches in 4 files:',
            'src/api/new.ts:1: a new needle',
            'src/api/old.ts:2: needle staged',
            'src/ui/extra.ts:1: needle only the sibling has',
            'src/ui/panel.ts:1: needle the sibling staged',
          ].join('\n'),
        );
      });
    }
  });

  describe('patterns RE2 cannot run', () => {
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ query: '(a)\\1', regex: true }, /^Invalid regular expression: backreferences \(\\1, \\k<name>\) are not supported\. .*RE2 syntax/],
      [{ query: 'foo(?=bar)', regex: true }, /^Invalid regular expression: lookahead and lookbehind .* are not supported\. Match the neighbouring text itself/],
      [{ query: '(?<!x)y', regex: true }, /lookahead and lookbehind/],
      [{ query: 'a*+', regex: true }, /possessive quantifiers/],
      [{ query: '(a{100}){100}', regex: true }, /a repeat count goes up to 1000, and nested repeats multiply/],
      [{ query: '(', regex: true }, /^Invalid regular expression: error parsing regexp: missing closing \)/],
      [{ query: 'two\nlines' }, /matches within single lines, and the query contains a line break/],
      [{ query: 'x'.repeat(1001) }, /The query is 1001 characters; search for at most 1000/],
    ];
    for (const [input, message] of refusals) {
      it(`refuses ${JSON.stringify(input).slice(0, 40)} with a message the model can act on`, async () => {
        const result = await search(input, { ripgrepPath: rg });
        assert.equal(result.isError, true);
        assert.match(result.content, message);
      });
    }

    it('searches in process when ripgrep refuses what RE2 accepts (\\Q…\\E)', async () => {
      await ws.write('src/api/dots.ts', 'a.b\nab\n');
      const scope = await scopeFor(ws, store);
      const result = await searchFiles(scope, request(await pattern('a\\Q.\\Eb'), new RipgrepLocator(rg)));
      assert.deepEqual(result.files, [{ path: 'src/api/dots.ts', hits: [{ line: 1, text: 'a.b' }] }]);
      assert.equal(result.diskEngine, 're2js');
    });
  });

  describe('ripgrep as a child process', () => {
    it('passes the pattern as one --regexp= argument and the files after --, with no secret in its environment', async () => {
      await ws.write('-n.txt', '--pre=touch pwned\n');
      const spy = await spyRipgrep(tools, rg);
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
      const pidFile = join(tools.root, 'pid');
      const slow = await script(tools, 'slow-rg', `echo $$ > "${pidFile}"\nexec sleep 30`);
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
      const pidFile = join(tools.root, 'pid');
      const slow = await script(tools, 'slow-rg', `echo $$ > "${pidFile}"\nexec sleep 30`);
      const started = Date.now();
      const result = await search({ query: 'user' }, { ripgrepPath: slow, searchTimeoutMs: 300 });
      assert.ok(Date.now() - started < 5000);
      assert.equal(result.content, 'No matches for "user".\n(search stopped after 0.3 s; the results are incomplete: narrow the glob or the query)');
      await waitUntil(async () => !alive(await waitForPid(pidFile)), 'the rg process is gone');
    });

    it('stops reading at its output cap', async () => {
      await ws.write('many.txt', 'user\n'.repeat(10_000));
      const budget = new SearchBudget({ timeoutMs: 10_000, maxBytes: 1 << 20, maxCount: 100_000 }, new AbortController().signal);
      try {
        const result = await runRipgrep({
          rg,
          cwd: ws.root,
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
      await ws.write('bin.dat', Buffer.from('export const user\0'));
      await ws.write('big.txt', `user\n${'x'.repeat(2000)}\n`);
      for (const ripgrepPath of [rg, null]) {
        const result = await search({ query: 'const user' }, { ripgrepPath, maxSearchFileBytes: 1000 });
        assert.equal(
          result.content,
          '1 match in 1 file:\nsrc/api/user.ts:1: export const user = 1;\n(2 binary or oversized files skipped)',
          String(ripgrepPath),
        );
      }
      const big = await search({ query: 'user', glob: 'big.txt' }, { ripgrepPath: rg, maxSearchFileBytes: 1000 });
      assert.equal(big.content, 'No matches for "user" in big.txt.\n(1 binary or oversized file skipped)');
    });
  });

  describe('the in-process engine', () => {
    it('stops when cancelled, between lines', async () => {
      for (let i = 0; i < 40; i++) await ws.write(`data/f${i}.txt`, `${'some text without the word\n'.repeat(20_000)}`);
      const controller = new AbortController();
      const pending = search({ query: '(a|b|c)+z$', regex: true }, { ripgrepPath: null }, controller.signal);
      setTimeout(() => controller.abort(new Error('cancelled by the test')), 30);
      const started = Date.now();
      assert.deepEqual(await pending, { content: 'The task was cancelled.', isError: true });
      assert.ok(Date.now() - started < 1000, `cancelled after ${Date.now() - started} ms`);
    });

    it('stops at its deadline and at its byte budget, saying so', async () => {
      for (let i = 0; i < 40; i++) await ws.write(`data/f${i}.txt`, `${'some text without the word\n'.repeat(20_000)}`);
      const timed = await search({ query: '(a|b|c)+z$', regex: true }, { ripgrepPath: null, searchTimeoutMs: 50 });
      assert.equal(timed.content, 'No matches for "(a|b|c)+z$".\n(search stopped after 0.05 s; the results are incomplete: narrow the glob or the query)');
      await ws.write('a.txt', 'needle\n'.repeat(10));
      await ws.write('b.txt', 'needle\n'.repeat(10));
      const bytes = await search({ query: 'needle', glob: '*.txt' }, { ripgrepPath: null, maxSearchBytes: 100 });
      assert.match(bytes.content, /^10 matches in 1 file:\na\.txt:1: needle\n/);
      assert.match(bytes.content, /\(search stopped after reading 100 bytes; the results are incomplete: narrow the glob\)$/);
    });

    it('leaves out lines too long for a costly pattern, and says a literal finds them', async () => {
      const costly = await pattern('(?i)(\\pL{1,100}){10}q');
      const longLine = 'w'.repeat(Math.ceil(MAX_LINE_WORK / costly.cost) + 10);
      await ws.write('min.js', `${longLine}q\nabcdefghijq\n`);
      const result = await search({ query: '(?i)(\\pL{1,100}){10}q', regex: true, glob: 'min.js' }, { ripgrepPath: null });
      assert.equal(
        result.content,
        '1 match in 1 file:\nmin.js:2: abcdefghijq\n(1 line too long to search with this pattern skipped; a literal query searches them)',
      );
      const literal = await search({ query: 'wq', glob: 'min.js' }, { ripgrepPath: null });
      assert.equal(literal.content, `1 match in 1 file:\nmin.js:1: ${'w'.repeat(240)}…`);
    });

    it('counts up to its cap, with either engine', async () => {
      await ws.write('many.txt', 'hit\n'.repeat(50));
      for (const ripgrepPath of [rg, null]) {
        const result = await search({ query: 'hit' }, { ripgrepPath, maxSearchCount: 20, maxSearchMatches: 2 });
        assert.equal(
          result.content,
          [
            '20 matches in 1 file:',
            'many.txt:1: hit',
            'many.txt:2: hit',
            '… 18 more matches not shown; narrow the query or the glob.',
            '(counting stopped at 20 matching lines; there are more: narrow the query or the glob)',
          ].join('\n'),
          String(ripgrepPath),
        );
      }
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
      const locator = new RipgrepLocator(join(ws.root, 'no-such-rg'), () => {
        lookups++;
        return Promise.resolve(undefined);
      });
      const result = await searchFiles(await scopeFor(ws, store), request(await pattern('admin'), locator));
      assert.deepEqual(result.files, [
        { path: 'README.md', hits: [{ line: 2, text: 'Users and admins.' }] },
        { path: 'src/api/user.ts', hits: [{ line: 2, text: 'export const admin = 2;' }] },
      ]);
      assert.equal(result.diskEngine, 're2js');
      assert.equal(await locator.path(), undefined);
      assert.equal(lookups, 2);
      assert.equal(await new RipgrepLocator(null, () => Promise.resolve(rg)).path(), undefined, 'null turns ripgrep off');
    });
  });
});

function request(searchPattern: SearchPattern, locator: RipgrepLocator) {
  return { pattern: searchPattern, caps: { timeoutMs: 10_000, maxBytes: 1 << 24, maxCount: 1000 }, locator, signal: new AbortController().signal };
}

async function scopeFor(ws: TempWorkspace, store: StagingStore): Promise<SearchScope> {
  const view = store.viewFor(writer.id, []);
  const paths = ['README.md', 'src/api/dots.ts', 'src/api/user.ts', 'src/index.ts'];
  const exists = await Promise.all(
    paths.map((p) =>
      readFile(join(ws.root, p)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return { root: ws.root, paths: paths.filter((_, i) => exists[i]), staged: new Set(), read: (p) => view.read(p), maxFileBytes: 1 << 20 };
}

async function waitUntil(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

async function waitForPid(file: string): Promise<number> {
  let pid = 0;
  await waitUntil(async () => {
    pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    return pid > 0;
  }, `${file} names a process`);
  return pid;
}
