/**
 * search_text's in-process RE2 engine: cancellation and the deadline stop it between lines, its byte
 * and count caps stop it, and lines too long for a costly pattern are left out, saying so.
 */
import * as assert from 'node:assert/strict';
import { MAX_LINE_WORK } from '../../../src/core/workspace/search/re2Lines';
import { pattern, useSearchSuite } from './searchFixtures';

describe('search_text engines', () => {
  const suite = useSearchSuite();
  const { search } = suite;

  describe('the in-process engine', () => {
    it('stops when cancelled, between lines', async () => {
      for (let i = 0; i < 40; i++) await suite.ws.write(`data/f${i}.txt`, `${'some text without the word\n'.repeat(20_000)}`);
      const controller = new AbortController();
      const pending = search({ query: '(a|b|c)+z$', regex: true }, { ripgrepPath: null }, controller.signal);
      setTimeout(() => controller.abort(new Error('cancelled by the test')), 30);
      const started = Date.now();
      assert.deepEqual(await pending, { content: 'The task was cancelled.', isError: true });
      assert.ok(Date.now() - started < 1000, `cancelled after ${Date.now() - started} ms`);
    });

    it('stops at its deadline and at its byte budget, saying so', async () => {
      for (let i = 0; i < 40; i++) await suite.ws.write(`data/f${i}.txt`, `${'some text without the word\n'.repeat(20_000)}`);
      const timed = await search({ query: '(a|b|c)+z$', regex: true }, { ripgrepPath: null, searchTimeoutMs: 50 });
      assert.equal(timed.content, 'No matches for "(a|b|c)+z$".\n(search stopped after 0.05 s; the results are incomplete: narrow the glob or the query)');
      await suite.ws.write('a.txt', 'needle\n'.repeat(10));
      await suite.ws.write('b.txt', 'needle\n'.repeat(10));
      const bytes = await search({ query: 'needle', glob: '*.txt' }, { ripgrepPath: null, maxSearchBytes: 100 });
      assert.match(bytes.content, /^10 matches in 1 file:\na\.txt:1: needle\n/);
      assert.match(bytes.content, /\(search stopped after reading 100 bytes; the results are incomplete: narrow the glob\)$/);
    });

    it('leaves out lines too long for a costly pattern, and says a literal finds them', async () => {
      const costly = await pattern('(?i)(\\pL{1,100}){10}q');
      const longLine = 'w'.repeat(Math.ceil(MAX_LINE_WORK / costly.cost) + 10);
      await suite.ws.write('min.js', `${longLine}q\nabcdefghijq\n`);
      const result = await search({ query: '(?i)(\\pL{1,100}){10}q', regex: true, glob: 'min.js' }, { ripgrepPath: null });
      assert.equal(
        result.content,
        '1 match in 1 file:\nmin.js:2: abcdefghijq\n(1 line too long to search with this pattern skipped; a literal query searches them)',
      );
      const literal = await search({ query: 'wq', glob: 'min.js' }, { ripgrepPath: null });
      assert.equal(literal.content, `1 match in 1 file:\nmin.js:1: ${'w'.repeat(240)}…`);
    });

    it('counts up to its cap, with either engine', async () => {
      await suite.ws.write('many.txt', 'hit\n'.repeat(50));
      for (const ripgrepPath of [suite.rg, null]) {
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
});
