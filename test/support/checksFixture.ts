/**
 * The `node --test` fixture the check-phase tests and `bench/checkPhase.ts` share: a package whose
 * tests need `src/math.js` (owned by task `math`) and `src/greet.js` (owned by task `greet`), and the
 * contents the scripted agents stage: a typo that throws inside `add`, its fix, and a greeter.
 */
export const MATH_BUGGY = 'exports.add = (a, b) => {\n  return a + c;\n};\n';
export const MATH_FIXED = 'exports.add = (a, b) => {\n  return a + b;\n};\n';
export const GREET = 'exports.greet = (name) => `Hello, ${name}!`;\n';

/** Writes the fixture's package.json and tests through `write` (workspace-relative path, content). */
export function writeChecksFixture(write: (path: string, content: string) => void): void {
  write('package.json', '{ "name": "fixture", "private": true, "scripts": { "test": "node --test" } }\n');
  write('test/math.test.js', testFile('add', '../src/math.js', 'adds', '2, 3', '5'));
  write('test/greet.test.js', testFile('greet', '../src/greet.js', 'greets', "'Ann'", "'Hello, Ann!'"));
}

function testFile(name: string, module: string, title: string, args: string, expected: string): string {
  return `const test = require('node:test');\nconst assert = require('node:assert');\nconst { ${name} } = require('${module}');\ntest('${title}', () => assert.strictEqual(${name}(${args}), ${expected}));\n`;
}
