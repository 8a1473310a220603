/**
 * search_text's two engines, ripgrep in a child process and RE2 in process, both linear time: a
 * hostile pattern never holds the event loop, both give the same answers, staged content replaces
 * the workspace's, and patterns RE2 cannot run are refused with a message the model can act on.
 */
import * as assert from 'node:assert/strict';
import { searchFiles } from '../../../src/core/workspace/search/searchFiles';
import { RipgrepLocator } from '../../../src/core/workspace/search/ripgrepLocator';
import {
  HOSTILE,
  HOSTILE_LINES,
  MAX_LOOP_DELAY_MS,
  pattern,
  request,
  scopeFor,
  sibling,
  spyRipgrep,
  useSearchSuite,
  watchLoop,
  writer,
} from './searchFixtures';

describe('search_text engines', () => {
  const suite = useSearchSuite();
  const { search } = suite;

  describe('a hostile pattern never holds the event loop', () => {
    for (const engine of ['ripgrep', 're2js'] as const) {
      it(`returns for ^(a+)+$ over 5,000 long lines with the loop never late by ${MAX_LOOP_DELAY_MS} ms (${engine})`, async () => {
        await suite.ws.write('data/aaa.txt', HOSTILE_LINES);
        // The agent's own staged copy is searched in process in both cases.
        await suite.store.viewFor(writer.id, []).write('src/api/aaa.txt', HOSTILE_LINES);
        const spy = await spyRipgrep(suite.tools, suite.rg);
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
        const spy = await spyRipgrep(suite.tools, suite.rg);
        const viaRipgrep = await search(input, { ripgrepPath: spy.path });
        const inProcess = await search(input, { ripgrepPath: null });
        assert.equal(viaRipgrep.isError, false);
        assert.equal(viaRipgrep.content, inProcess.content);
        assert.ok((await spy.calls()).length > 0, 'ripgrep searched the files');
      });
    }

    it('hands JavaScript-spelled regexes to ripgrep in a dialect it takes: slashes, named groups, \\u escapes', async () => {
      await suite.ws.write('src/api/dots.ts', 'import { user } from "./api/user";\nconst café = 1;\n');
      for (const query of ['api/user', '[/]api', '(?<quote>")\\.\\/', 'caf\\u00e9', '\\\\/']) {
        const viaRipgrep = await searchFiles(await scopeFor(suite.ws, suite.store), request(await pattern(query), new RipgrepLocator(suite.rg)));
        const inProcess = await searchFiles(await scopeFor(suite.ws, suite.store), request(await pattern(query), new RipgrepLocator(null)));
        assert.equal(viaRipgrep.diskEngine, 'ripgrep', query);
        assert.deepEqual(viaRipgrep.files, inProcess.files, query);
      }
      const slash = await searchFiles(await scopeFor(suite.ws, suite.store), request(await pattern('api/user'), new RipgrepLocator(suite.rg)));
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
        await suite.ws.write('src/api/old.ts', 'needle on disk\n');
        await suite.ws.write('src/api/gone.ts', 'needle in a deleted file\n');
        await suite.ws.write('src/ui/panel.ts', 'needle in the workspace copy\n');
        const own = suite.store.viewFor(writer.id, []);
        await own.write('src/api/old.ts', 'changed\nneedle staged\n');
        await own.write('src/api/new.ts', 'a new needle\n');
        await own.write('src/api/gone.ts', null);
        await suite.store.viewFor(sibling.id, []).write('src/ui/panel.ts', 'needle the sibling staged\n');
        await suite.store.viewFor(sibling.id, []).write('src/ui/extra.ts', 'needle only the sibling has\n');
        const options = { ripgrepPath: engine === 'ripgrep' ? suite.rg : null };

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
        const result = await search(input, { ripgrepPath: suite.rg });
        assert.equal(result.isError, true);
        assert.match(result.content, message);
      });
    }

    it('searches in process when ripgrep refuses what RE2 accepts (\\Q…\\E)', async () => {
      await suite.ws.write('src/api/dots.ts', 'a.b\nab\n');
      const scope = await scopeFor(suite.ws, suite.store);
      const result = await searchFiles(scope, request(await pattern('a\\Q.\\Eb'), new RipgrepLocator(suite.rg)));
      assert.deepEqual(result.files, [{ path: 'src/api/dots.ts', hits: [{ line: 1, text: 'a.b' }] }]);
      assert.equal(result.diskEngine, 're2js');
    });
  });
});
