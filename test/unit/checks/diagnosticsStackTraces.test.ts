/** Diagnostics read from failing tests: stack traces (mocha, node, jest, vitest) and node --test TAP. */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { useDiagnosticsSnapshot } from './diagnosticsFixtures';

describe('checks: diagnostics from output', () => {
  const fx = useDiagnosticsSnapshot();
  const { parse } = fx;

  describe('stack traces', () => {
    it('reads a mocha failure: the first frame of ours, with the assertion as message', () => {
      const { diagnostics } = parse([
        '  sum',
        '    1) adds',
        '',
        '  0 passing (5ms)',
        '  1 failing',
        '',
        '  1) sum',
        '       adds:',
        '',
        '      AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:',
        '',
        '3 !== 4',
        '',
        '      + expected - actual',
        '',
        '      -3',
        '      +4',
        '      ',
        `      at Context.<anonymous> (${join(fx.snap, 'test/sum.test.js')}:6:12)`,
        '      at process.processImmediate (node:internal/timers:483:21)',
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'test/sum.test.js', line: 6, column: 12, message: 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:', tool: 'stack' },
      ]);
    });

    it("reads node's uncaught error, skipping node internals and later frames", () => {
      const { diagnostics } = parse([
        `${join(fx.snap, 'src/sum.js')}:3`,
        "  throw new TypeError('numbers only');",
        '  ^',
        '',
        'TypeError: numbers only',
        `    at sum (${join(fx.snap, 'src/sum.js')}:3:9)`,
        `    at Object.<anonymous> (${join(fx.snap, 'test/sum.test.js')}:2:1)`,
        '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
        '',
        'Node.js v20.19.0',
      ]);
      assert.deepEqual(diagnostics, [{ path: 'src/sum.js', line: 3, column: 9, message: 'TypeError: numbers only', tool: 'stack' }]);
    });

    it('reads file:// frames past one in node_modules, and a bare frame', () => {
      const url = (rel: string) => pathToFileURL(join(fx.snap, rel)).href;
      const { diagnostics } = parse([
        "TypeError: Cannot read properties of undefined (reading 'map')",
        `    at render (${url('node_modules/lib/index.js')}:10:5)`,
        `    at ${url('src/app.mjs')}:4:1`,
        '',
        'Error: boom',
        `    at ${join(fx.snap, 'src/sum.js')}:8:3`,
        '',
        `${url('src/app.mjs')}:9:2`,
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'src/app.mjs', line: 4, column: 1, message: "TypeError: Cannot read properties of undefined (reading 'map')", tool: 'stack' },
        { path: 'src/sum.js', line: 8, column: 3, message: 'Error: boom', tool: 'stack' },
        { path: 'src/app.mjs', line: 9, column: 2, message: 'Error thrown here (stack trace)', tool: 'stack' },
      ]);
    });

    it("reads jest's relative frames with the test's title as message", () => {
      const { diagnostics } = parse([
        ' FAIL  src/sum.test.js',
        '  sum',
        '    ✕ adds (3 ms)',
        '',
        '  ● sum › adds',
        '',
        '    expect(received).toBe(expected) // Object.is equality',
        '',
        '    Expected: 4',
        '    Received: 3',
        '',
        "      3 | describe('sum', () => {",
        "      4 |   it('adds', () => {",
        '    > 5 |     expect(sum(1, 2)).toBe(4);',
        '        |                       ^',
        '      6 |   });',
        '',
        '      at Object.toBe (src/sum.test.js:5:23)',
        '',
        'Test Suites: 1 failed, 1 total',
      ]);
      assert.deepEqual(diagnostics, [{ path: 'src/sum.test.js', line: 5, column: 23, message: 'sum › adds', tool: 'stack' }]);
    });

    it("reads vitest's ❯ frames", () => {
      const { diagnostics } = parse([
        ' ❯ test/sum.test.ts (1 test | 1 failed) 4ms',
        '   × sum > adds 3ms',
        '',
        '⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯',
        '',
        ' FAIL  test/sum.test.ts > sum > adds',
        'AssertionError: expected 3 to be 4 // Object.is equality',
        '',
        '- Expected',
        '+ Received',
        '',
        '- 4',
        '+ 3',
        '',
        ' ❯ test/sum.test.ts:6:23',
        "      4| describe('sum', () => {",
        "      5|   it('adds', () => {",
        '      6|     expect(sum(1, 2)).toBe(4);',
        '       |                       ^',
      ]);
      assert.deepEqual(diagnostics, [
        {
          path: 'test/sum.test.ts',
          line: 6,
          column: 23,
          message: 'test/sum.test.ts > sum > adds: AssertionError: expected 3 to be 4 // Object.is equality',
          tool: 'stack',
        },
      ]);
    });

    it('drops relative frames that are not files of the snapshot, and "at" prose, and does not reuse an error line', () => {
      const { diagnostics } = parse([
        'Error: x',
        '    at internal/process/task_queues.js:95:5',
        '    at new Promise (<anonymous>)',
        'at least 3 tests failed',
        `    at ${join(fx.snap, 'src/sum.js')}:7:7`,
      ]);
      // The error line belonged to the first stack (none of whose frames was ours), not to the later frame.
      assert.deepEqual(diagnostics, [{ path: 'src/sum.js', line: 7, column: 7, message: 'Error thrown here (stack trace)', tool: 'stack' }]);
    });
  });

  describe('node --test TAP', () => {
    it('reads the location of a failing test, not of its failing parent', () => {
      const { diagnostics } = parse([
        'TAP version 13',
        '# Subtest: sum',
        '    # Subtest: adds',
        '    not ok 1 - adds',
        '      ---',
        '      duration_ms: 0.812',
        `      location: '${join(fx.snap, 'test/sum.test.js')}:4:3'`,
        "      failureType: 'testCodeFailure'",
        '      error: |-',
        '        Expected values to be strictly equal:',
        '        ',
        '        3 !== 4',
        '        ',
        "      code: 'ERR_ASSERTION'",
        "      name: 'AssertionError'",
        '      expected: 4',
        '      actual: 3',
        "      operator: 'strictEqual'",
        '      stack: |-',
        `        TestContext.<anonymous> (${pathToFileURL(join(fx.snap, 'test/sum.test.js')).href}:5:12)`,
        '        Test.runInAsyncScope (node:async_hooks:206:9)',
        '      ...',
        '    # Subtest: subtracts',
        '    ok 2 - subtracts',
        '      ---',
        '      duration_ms: 0.1',
        '      ...',
        '    1..2',
        'not ok 1 - sum',
        '  ---',
        '  duration_ms: 2.1',
        "  type: 'suite'",
        `  location: '${join(fx.snap, 'test/sum.test.js')}:3:1'`,
        "  failureType: 'subtestsFailed'",
        "  error: '1 subtest failed'",
        "  code: 'ERR_TEST_FAILURE'",
        '  ...',
        'not ok 2 - loads config # TODO',
        '  ---',
        `  location: '${join(fx.snap, 'src/sum.js')}:1:1'`,
        '  ...',
        'not ok 3 - throws',
        '  ---',
        `  location: '${join(fx.snap, 'src/sum.js')}:9:1'`,
        "  error: 'numbers only'",
        '1..3',
        '# tests 4',
        '# fail 2',
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'test/sum.test.js', line: 4, column: 3, message: 'adds: Expected values to be strictly equal:', tool: 'tap' },
        { path: 'src/sum.js', line: 9, column: 1, message: 'throws: numbers only', tool: 'tap' },
      ]);
    });

    it('reads where a failing test threw from its stack block (the code under test), then the test', () => {
      const { diagnostics } = parse([
        'TAP version 13',
        '# Subtest: adds',
        'not ok 1 - adds',
        '  ---',
        '  duration_ms: 14.5',
        `  location: '${join(fx.snap, 'test/sum.test.js')}:4:1'`,
        "  failureType: 'testCodeFailure'",
        "  error: 'c is not defined'",
        "  code: 'ERR_TEST_FAILURE'",
        "  name: 'ReferenceError'",
        '  stack: |-',
        `    exports.add (${join(fx.snap, 'src/sum.js')}:2:14)`,
        `    TestContext.<anonymous> (${join(fx.snap, 'test/sum.test.js')}:4:39)`,
        '    Test.runInAsyncScope (node:async_hooks:206:9)',
        '  ...',
        '1..1',
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'src/sum.js', line: 2, column: 14, message: 'adds: c is not defined', tool: 'stack' },
        { path: 'test/sum.test.js', line: 4, column: 1, message: 'adds: c is not defined', tool: 'tap' },
      ]);
    });
  });
});
