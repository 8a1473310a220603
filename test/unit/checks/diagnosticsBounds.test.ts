/** How the diagnostics parser maps paths, dedupes and caps what it finds, and bounds the output it reads. */
import * as assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_EVENT_DIAGNOSTICS } from '../../../src/core/checks/checkTypes';
import { MAX_DIAGNOSTIC_MESSAGE_CHARS, parseDiagnostics } from '../../../src/core/checks/diagnostics';
import { useDiagnosticsSnapshot } from './diagnosticsFixtures';

describe('checks: diagnostics from output', () => {
  const fx = useDiagnosticsSnapshot();
  const { parse } = fx;

  describe('paths', () => {
    it('maps paths under the snapshot and the workspace, and drops everything else', () => {
      const { diagnostics } = parse([
        `${join(fx.snap, 'src/sum.js')}(1,1): error TS1: under the snapshot`,
        `${join(fx.workspace, 'src/sum.js')}(2,1): error TS1: under the workspace`,
        `${pathToFileURL(join(fx.snap, 'src/sum.js')).href}(3,1): error TS1: a file URL`,
        './src/sum.js(4,1): error TS1: dot slash',
        '/etc/passwd(1,1): error TS1: outside',
        '../outside.ts(1,1): error TS1: escaping',
        'src/../../outside.ts(1,1): error TS1: escaping inside',
        'node_modules/lib/index.d.ts(1,1): error TS1: a dependency',
        '.git/hooks/pre-commit(1,1): error TS1: git',
        `${fx.base}/snapshot-other/src/x.ts(1,1): error TS1: a sibling folder`,
      ]);
      assert.deepEqual(
        diagnostics.map((d) => `${d.path}:${d.line}`),
        ['src/sum.js:1', 'src/sum.js:2', 'src/sum.js:3', 'src/sum.js:4'],
      );
    });

    it('handles a trailing slash and a snapshot reached through a symlink', async () => {
      const link = join(fx.base, 'snap-link');
      await symlink(fx.snap, link);
      const printed = [`${join(fx.snap, 'src/sum.js')}(1,1): error TS1: real path`, `${join(link, 'src/sum.js')}(2,1): error TS1: link path`];
      const viaLink = parse(printed, { snapshotDir: `${link}/`, workspaceRoot: `${fx.workspace}/` });
      assert.deepEqual(
        viaLink.diagnostics.map((d) => `${d.path}:${d.line}`),
        ['src/sum.js:1', 'src/sum.js:2'],
      );
    });
  });

  describe('dedupe, cap and bounds', () => {
    it('keeps one of each path, line and message, in output order, and caps the list but not the total', () => {
      const lines = [
        'src/sum.js(1,1): error TS1: one',
        'src/sum.js(1,1): error TS1: one',
        'src/sum.js(1,9): error TS1: one',
        'src/sum.js(1,1): error TS2: two',
        'src/sum.js(3,1): error TS1: one',
        'src/app.mjs(1,1): error TS1: one',
      ];
      const all = parse(lines);
      assert.equal(all.total, 4);
      assert.deepEqual(
        all.diagnostics.map((d) => `${d.path}:${d.line} ${d.message}`),
        ['src/sum.js:1 TS1: one', 'src/sum.js:1 TS2: two', 'src/sum.js:3 TS1: one', 'src/app.mjs:1 TS1: one'],
      );
      const capped = parse(lines, { maxDiagnostics: 2 });
      assert.equal(capped.total, 4);
      assert.equal(capped.diagnostics.length, 2);
    });

    it(`caps the list at ${MAX_EVENT_DIAGNOSTICS} by default and messages at ${MAX_DIAGNOSTIC_MESSAGE_CHARS} characters`, () => {
      const lines = Array.from({ length: 150 }, (_, i) => `src/sum.js(${i + 1},1): error TS1: ${'m'.repeat(1000)}`);
      const { diagnostics, total } = parse(lines);
      assert.equal(total, 150);
      assert.equal(diagnostics.length, MAX_EVENT_DIAGNOSTICS);
      assert.equal(diagnostics[0].message.length, MAX_DIAGNOSTIC_MESSAGE_CHARS);
    });

    it('skips lines longer than 4000 characters', () => {
      const { diagnostics } = parse([`src/sum.js(1,1): error TS1: ${'x'.repeat(5000)}`, 'src/sum.js(2,1): error TS1: short']);
      assert.deepEqual(
        diagnostics.map((d) => d.line),
        [2],
      );
    });

    it('parses hostile and large output in linear time', () => {
      const time = (fn: () => void): number => {
        const started = process.hrtime.bigint();
        fn();
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const longLine = 'a('.repeat(1_000_000);
      const nearMisses = [
        'a('.repeat(1990),
        `${'src/sum.js:'.repeat(360)}x`,
        `  1:1  error  ${' '.repeat(3980)}x`,
        `FAILED ${'::'.repeat(1990)} x`,
        `at ${' ('.repeat(1990)}`,
        `${'a:1'.repeat(1300)}`,
        `not ok 1 - ${'# TODO '.repeat(560)}`,
        `${'Error'.repeat(790)}x`,
      ];
      const hostile = `${longLine}\n${Array.from({ length: 2000 }, (_, i) => nearMisses[i % nearMisses.length]).join('\n')}`;
      const realistic = Array.from({ length: 100_000 }, (_, i) =>
        i % 4 === 0
          ? `src/sum.js(${i},1): error TS2322: Type 'string' is not assignable to type 'number'.`
          : i % 4 === 1
            ? `    at fn (${join(fx.snap, 'src/sum.js')}:${i}:3)`
            : i % 4 === 2
              ? `src/app.py:${i}:1: E501 line too long`
              : 'plain log line with nothing in it',
      ).join('\n');
      // The floor: one trivial linear pass over the same text on this machine.
      let floorLines = 0;
      const floor = time(() => {
        for (const text of [hostile, realistic]) floorLines += text.split('\n').filter((l) => l.includes('error')).length;
      });
      assert.ok(floorLines > 0);
      let hostileResult: ReturnType<typeof parseDiagnostics> | undefined;
      let realisticResult: ReturnType<typeof parseDiagnostics> | undefined;
      const elapsed = time(() => {
        hostileResult = parseDiagnostics(hostile, fx.options);
        realisticResult = parseDiagnostics(realistic, fx.options);
      });
      assert.equal(hostileResult?.total, 0);
      assert.ok((realisticResult?.total ?? 0) > 50_000, `found ${realisticResult?.total}`);
      assert.ok(elapsed < Math.max(2000, floor * 100), `took ${elapsed.toFixed(0)} ms (floor ${floor.toFixed(1)} ms)`);
    });

    it('reads at most 8 MiB of output', () => {
      const filler = `${'x'.repeat(99)}\n`.repeat((8 * 1024 * 1024) / 100 + 10);
      const { diagnostics } = parseDiagnostics(`src/sum.js(1,1): error TS1: first\n${filler}src/sum.js(2,1): error TS1: past the end\n`, fx.options);
      assert.deepEqual(
        diagnostics.map((d) => d.line),
        [1],
      );
    });
  });
});
