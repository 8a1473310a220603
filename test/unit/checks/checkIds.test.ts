/** Check ids named after their commands, and check specs built from lists of commands. */
import * as assert from 'node:assert/strict';
import { CHECK_ID_PATTERN, MAX_CHECKS, checkIdFor, specsFrom } from '../../../src/core/checks/checkIds';

describe('checks: ids', () => {
  const cases: [string, string][] = [
    ['npm run typecheck', 'typecheck'],
    ['npm test', 'test'],
    ['npm t', 'test'],
    ['pnpm lint', 'lint'],
    ['pnpm run lint', 'lint'],
    ['yarn test', 'test'],
    ['bun run test:unit', 'test-unit'],
    ['cargo test', 'cargo-test'],
    ['cargo check --all-targets', 'cargo-check'],
    ['go test ./...', 'go-test'],
    ['go vet ./...', 'go-vet'],
    ['make test', 'test'],
    ['npx tsc --noEmit -p .', 'tsc'],
    ['python -m pytest -q', 'pytest'],
    ['uv run pytest', 'pytest'],
    ['CI=1 npm test', 'test'],
    ['./gradlew check', 'gradlew-check'],
    ['ruff check .', 'ruff-check'],
    ['pytest -q', 'pytest'],
    ['eslint --max-warnings 0 .', 'eslint'],
    ['bash scripts/test.sh', 'test'],
    ['/usr/local/bin/verify --all', 'verify'],
    ['node verify.mjs', 'verify'],
    ['node --test', 'node'],
  ];
  for (const [command, id] of cases) {
    it(`names "${command}" ${id}`, () => assert.equal(checkIdFor(command, new Set()), id));
  }

  it('makes ids unique with -2, -3', () => {
    assert.equal(checkIdFor('npm test', new Set(['test'])), 'test-2');
    assert.equal(checkIdFor('yarn test', new Set(['test', 'test-2'])), 'test-3');
  });

  it('keeps every id within the pattern, even for odd or long commands', () => {
    const long = `npm run ${'very-long-script-name-'.repeat(5)}`;
    const odd = ['ÄÖÜ !!!', '   ', '$$$', long, 'sh -c "exit 1"', '---x'];
    for (const command of odd) {
      const id = checkIdFor(command, new Set());
      assert.match(id, CHECK_ID_PATTERN, `${command} → ${id}`);
      const again = checkIdFor(command, new Set([id]));
      assert.match(again, CHECK_ID_PATTERN, `${command} → ${again}`);
      assert.notEqual(again, id);
    }
    assert.equal(checkIdFor('ÄÖÜ !!!', new Set()), 'check');
  });

  it('builds specs: trimmed, empty and repeated commands dropped, ids unique, origins kept', () => {
    const specs = specsFrom(['  npm test  ', '', 'npm test', 'yarn test', '   ', 'npm run lint'], 'setting', (i) => `entry ${i}`);
    assert.deepEqual(specs, [
      { id: 'test', command: 'npm test', source: 'setting', origin: 'entry 0' },
      { id: 'test-2', command: 'yarn test', source: 'setting', origin: 'entry 3' },
      { id: 'lint', command: 'npm run lint', source: 'setting', origin: 'entry 5' },
    ]);
  });

  it(`keeps at most ${MAX_CHECKS} checks and leaves origin out when not given`, () => {
    const specs = specsFrom(
      Array.from({ length: 30 }, (_, i) => `make target${i}`),
      'cli',
    );
    assert.equal(specs.length, MAX_CHECKS);
    assert.equal(new Set(specs.map((s) => s.id)).size, MAX_CHECKS);
    assert.equal('origin' in specs[0], false);
    assert.equal(specs[19].command, 'make target19');
  });
});
