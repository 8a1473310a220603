import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MAX_EVENT_DIAGNOSTICS } from '../../../src/core/checks/checkTypes';
import { MAX_DIAGNOSTIC_MESSAGE_CHARS, parseDiagnostics, type ParseOptions } from '../../../src/core/checks/diagnostics';

/** Files the snapshot holds (the generic shape and relative stack frames only count files that exist). */
const SNAPSHOT_FILES = [
  'src/api/user.ts',
  'src/sum.js',
  'src/app.mjs',
  'src/sum.test.js',
  'test/sum.test.js',
  'test/sum.test.ts',
  'src/app.py',
  'tests/test_sum.py',
  'main.go',
  'sum_test.go',
  'src/main.rs',
  'app/(group)/page.tsx',
];

describe('checks: diagnostics from output', () => {
  let base: string;
  let snap: string;
  let workspace: string;
  let options: ParseOptions;

  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'fanout-diag-'));
    snap = join(base, 'snapshot');
    workspace = join(base, 'workspace');
    await mkdir(workspace, { recursive: true });
    for (const file of SNAPSHOT_FILES) {
      await mkdir(dirname(join(snap, file)), { recursive: true });
      await writeFile(join(snap, file), '// x\n');
    }
    options = { snapshotDir: snap, workspaceRoot: workspace };
  });
  after(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const parse = (lines: readonly string[], extra: Partial<ParseOptions> = {}) => parseDiagnostics(lines.join('\n'), { ...options, ...extra });

  describe('tsc', () => {
    it('reads the plain form', () => {
      const { diagnostics, total } = parse([
        '',
        "src/api/user.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
        "src/api/user.ts(20,11): error TS2339: Property 'nmae' does not exist on type 'User'.",
        "app/(group)/page.tsx(3,1): error TS2304: Cannot find name 'foo'.",
        "error TS5083: Cannot read file '/x/tsconfig.base.json'.",
      ]);
      assert.equal(total, 3);
      assert.deepEqual(diagnostics, [
        { path: 'src/api/user.ts', line: 12, column: 5, message: "TS2322: Type 'string' is not assignable to type 'number'.", tool: 'tsc' },
        { path: 'src/api/user.ts', line: 20, column: 11, message: "TS2339: Property 'nmae' does not exist on type 'User'.", tool: 'tsc' },
        { path: 'app/(group)/page.tsx', line: 3, column: 1, message: "TS2304: Cannot find name 'foo'.", tool: 'tsc' },
      ]);
    });

    it('reads the pretty form, colours and all', () => {
      const { diagnostics } = parse([
        "\u001b[96msrc/api/user.ts\u001b[0m:\u001b[93m12\u001b[0m:\u001b[93m5\u001b[0m - \u001b[91merror\u001b[0m\u001b[90m TS2322: \u001b[0mType 'string' is not assignable to type 'number'.",
        '',
        '\u001b[7m12\u001b[0m     const id: number = user.name;',
        '\u001b[7m  \u001b[0m \u001b[91m    ~~\u001b[0m',
        '',
        '',
        'Found 1 error in src/api/user.ts\u001b[90m:12\u001b[0m',
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'src/api/user.ts', line: 12, column: 5, message: "TS2322: Type 'string' is not assignable to type 'number'.", tool: 'tsc' },
      ]);
    });
  });

  describe('eslint', () => {
    it('reads stylish output: errors only, rule kept', () => {
      const { diagnostics } = parse([
        '',
        join(snap, 'src/api/user.ts'),
        "   3:7   error    'unused' is assigned a value but never used  @typescript-eslint/no-unused-vars",
        '  10:1   warning  Unexpected console statement                 no-console',
        '',
        join(snap, 'src/sum.js'),
        '  1:1  error  Parsing error: Unexpected token',
        '',
        join(snap, 'node_modules/lib/index.js'),
        '  2:2  error  Something  rule',
        '',
        '✖ 4 problems (3 errors, 1 warning)',
      ]);
      assert.deepEqual(diagnostics, [
        {
          path: 'src/api/user.ts',
          line: 3,
          column: 7,
          message: "'unused' is assigned a value but never used (@typescript-eslint/no-unused-vars)",
          tool: 'eslint',
        },
        { path: 'src/sum.js', line: 1, column: 1, message: 'Parsing error: Unexpected token', tool: 'eslint' },
      ]);
    });

    it('reads the unix and compact forms', () => {
      const { diagnostics } = parse([
        `${join(snap, 'src/api/user.ts')}:3:7: 'unused' is assigned a value but never used. [Error/@typescript-eslint/no-unused-vars]`,
        `${join(snap, 'src/api/user.ts')}:10:1: Unexpected console statement. [Warning/no-console]`,
        `${join(workspace, 'src/sum.js')}: line 4, col 2, Error - 'x' is not defined. (no-undef)`,
        '',
        '3 problems',
      ]);
      assert.deepEqual(diagnostics, [
        {
          path: 'src/api/user.ts',
          line: 3,
          column: 7,
          message: "'unused' is assigned a value but never used. (@typescript-eslint/no-unused-vars)",
          tool: 'eslint',
        },
        { path: 'src/sum.js', line: 4, column: 2, message: "'x' is not defined. (no-undef)", tool: 'eslint' },
      ]);
    });
  });

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
        `      at Context.<anonymous> (${join(snap, 'test/sum.test.js')}:6:12)`,
        '      at process.processImmediate (node:internal/timers:483:21)',
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'test/sum.test.js', line: 6, column: 12, message: 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:', tool: 'stack' },
      ]);
    });

    it("reads node's uncaught error, skipping node internals and later frames", () => {
      const { diagnostics } = parse([
        `${join(snap, 'src/sum.js')}:3`,
        "  throw new TypeError('numbers only');",
        '  ^',
        '',
        'TypeError: numbers only',
        `    at sum (${join(snap, 'src/sum.js')}:3:9)`,
        `    at Object.<anonymous> (${join(snap, 'test/sum.test.js')}:2:1)`,
        '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
        '',
        'Node.js v20.19.0',
      ]);
      assert.deepEqual(diagnostics, [{ path: 'src/sum.js', line: 3, column: 9, message: 'TypeError: numbers only', tool: 'stack' }]);
    });

    it('reads file:// frames past one in node_modules, and a bare frame', () => {
      const url = (rel: string) => pathToFileURL(join(snap, rel)).href;
      const { diagnostics } = parse([
        "TypeError: Cannot read properties of undefined (reading 'map')",
        `    at render (${url('node_modules/lib/index.js')}:10:5)`,
        `    at ${url('src/app.mjs')}:4:1`,
        '',
        'Error: boom',
        `    at ${join(snap, 'src/sum.js')}:8:3`,
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
        `    at ${join(snap, 'src/sum.js')}:7:7`,
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
        `      location: '${join(snap, 'test/sum.test.js')}:4:3'`,
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
        `        TestContext.<anonymous> (${pathToFileURL(join(snap, 'test/sum.test.js')).href}:5:12)`,
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
        `  location: '${join(snap, 'test/sum.test.js')}:3:1'`,
        "  failureType: 'subtestsFailed'",
        "  error: '1 subtest failed'",
        "  code: 'ERR_TEST_FAILURE'",
        '  ...',
        'not ok 2 - loads config # TODO',
        '  ---',
        `  location: '${join(snap, 'src/sum.js')}:1:1'`,
        '  ...',
        'not ok 3 - throws',
        '  ---',
        `  location: '${join(snap, 'src/sum.js')}:9:1'`,
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
        `  location: '${join(snap, 'test/sum.test.js')}:4:1'`,
        "  failureType: 'testCodeFailure'",
        "  error: 'c is not defined'",
        "  code: 'ERR_TEST_FAILURE'",
        "  name: 'ReferenceError'",
        '  stack: |-',
        `    exports.add (${join(snap, 'src/sum.js')}:2:14)`,
        `    TestContext.<anonymous> (${join(snap, 'test/sum.test.js')}:4:39)`,
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

  describe('generic path:line', () => {
    it('reads ruff, mypy, go vet and go test lines for files of the snapshot', () => {
      const { diagnostics } = parse([
        'src/app.py:1:8: F401 [*] `os` imported but unused',
        'src/app.py:5: error: Incompatible return value type (got "str", expected "int")  [return-value]',
        'src/app.py:5: note: Revealed type is "builtins.str"',
        'src/missing.py:3:1: E999 SyntaxError',
        'Found 2 errors in 1 file (checked 1 source file)',
        '# example.com/m',
        './main.go:6:2: fmt.Printf format %d has arg name of wrong type string',
        '--- FAIL: TestSum (0.00s)',
        '    sum_test.go:8: Sum(1, 2) = 3; want 4',
        'FAIL',
        'started at 12:30:45: nothing here',
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'src/app.py', line: 1, column: 8, message: 'F401 [*] `os` imported but unused', tool: 'generic' },
        { path: 'src/app.py', line: 5, message: 'error: Incompatible return value type (got "str", expected "int")  [return-value]', tool: 'generic' },
        { path: 'main.go', line: 6, column: 2, message: 'fmt.Printf format %d has arg name of wrong type string', tool: 'generic' },
        { path: 'sum_test.go', line: 8, message: 'Sum(1, 2) = 3; want 4', tool: 'generic' },
      ]);
    });

    it("reads cargo's --> lines for errors, not warnings, and ruff's full form", () => {
      const { diagnostics } = parse([
        '    Checking demo v0.1.0 (/x/demo)',
        'error[E0308]: mismatched types',
        ' --> src/main.rs:3:18',
        '  |',
        '3 |     let x: i32 = "a";',
        '  |            ---   ^^^ expected `i32`, found `&str`',
        '',
        'warning: unused variable: `y`',
        ' --> src/main.rs:4:9',
        '',
        'F401 [*] `os` imported but unused',
        ' --> src/app.py:1:8',
        '  |',
        'error: could not compile `demo` (bin "demo") due to 1 previous error; 1 warning emitted',
      ]);
      assert.deepEqual(diagnostics, [
        { path: 'src/main.rs', line: 3, column: 18, message: 'error[E0308]: mismatched types', tool: 'generic' },
        { path: 'src/app.py', line: 1, column: 8, message: 'F401 [*] `os` imported but unused', tool: 'generic' },
      ]);
    });

    it("reads pytest's summary lines", () => {
      const { diagnostics } = parse([
        '=========================== short test summary info ============================',
        'FAILED tests/test_sum.py::test_adds - assert 3 == 4',
        'ERROR tests/test_missing.py - ModuleNotFoundError',
        '1 failed, 2 passed in 0.05s',
      ]);
      assert.deepEqual(diagnostics, [{ path: 'tests/test_sum.py', message: 'test_adds: assert 3 == 4', tool: 'generic' }]);
    });
  });

  describe('paths', () => {
    it('maps paths under the snapshot and the workspace, and drops everything else', () => {
      const { diagnostics } = parse([
        `${join(snap, 'src/sum.js')}(1,1): error TS1: under the snapshot`,
        `${join(workspace, 'src/sum.js')}(2,1): error TS1: under the workspace`,
        `${pathToFileURL(join(snap, 'src/sum.js')).href}(3,1): error TS1: a file URL`,
        './src/sum.js(4,1): error TS1: dot slash',
        '/etc/passwd(1,1): error TS1: outside',
        '../outside.ts(1,1): error TS1: escaping',
        'src/../../outside.ts(1,1): error TS1: escaping inside',
        'node_modules/lib/index.d.ts(1,1): error TS1: a dependency',
        '.git/hooks/pre-commit(1,1): error TS1: git',
        `${base}/snapshot-other/src/x.ts(1,1): error TS1: a sibling folder`,
      ]);
      assert.deepEqual(
        diagnostics.map((d) => `${d.path}:${d.line}`),
        ['src/sum.js:1', 'src/sum.js:2', 'src/sum.js:3', 'src/sum.js:4'],
      );
    });

    it('handles a trailing slash and a snapshot reached through a symlink', async () => {
      const link = join(base, 'snap-link');
      await symlink(snap, link);
      const printed = [`${join(snap, 'src/sum.js')}(1,1): error TS1: real path`, `${join(link, 'src/sum.js')}(2,1): error TS1: link path`];
      const viaLink = parse(printed, { snapshotDir: `${link}/`, workspaceRoot: `${workspace}/` });
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
            ? `    at fn (${join(snap, 'src/sum.js')}:${i}:3)`
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
        hostileResult = parseDiagnostics(hostile, options);
        realisticResult = parseDiagnostics(realistic, options);
      });
      assert.equal(hostileResult?.total, 0);
      assert.ok((realisticResult?.total ?? 0) > 50_000, `found ${realisticResult?.total}`);
      assert.ok(elapsed < Math.max(2000, floor * 100), `took ${elapsed.toFixed(0)} ms (floor ${floor.toFixed(1)} ms)`);
    });

    it('reads at most 8 MiB of output', () => {
      const filler = `${'x'.repeat(99)}\n`.repeat((8 * 1024 * 1024) / 100 + 10);
      const { diagnostics } = parseDiagnostics(`src/sum.js(1,1): error TS1: first\n${filler}src/sum.js(2,1): error TS1: past the end\n`, options);
      assert.deepEqual(
        diagnostics.map((d) => d.line),
        [1],
      );
    });
  });
});
