/** Diagnostics read from the output of compilers and linters: tsc, eslint, and the generic path:line shape (ruff, mypy, go, cargo, pytest). */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { useDiagnosticsSnapshot } from './diagnosticsFixtures';

describe('checks: diagnostics from output', () => {
  const fx = useDiagnosticsSnapshot();
  const { parse } = fx;

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
        join(fx.snap, 'src/api/user.ts'),
        "   3:7   error    'unused' is assigned a value but never used  @typescript-eslint/no-unused-vars",
        '  10:1   warning  Unexpected console statement                 no-console',
        '',
        join(fx.snap, 'src/sum.js'),
        '  1:1  error  Parsing error: Unexpected token',
        '',
        join(fx.snap, 'node_modules/lib/index.js'),
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
        `${join(fx.snap, 'src/api/user.ts')}:3:7: 'unused' is assigned a value but never used. [Error/@typescript-eslint/no-unused-vars]`,
        `${join(fx.snap, 'src/api/user.ts')}:10:1: Unexpected console statement. [Warning/no-console]`,
        `${join(fx.workspace, 'src/sum.js')}: line 4, col 2, Error - 'x' is not defined. (no-undef)`,
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
});
