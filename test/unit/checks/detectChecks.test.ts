import * as assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECK_ID_PATTERN, MAX_CHECKS, checkIdFor, specsFrom } from '../../../src/core/checks/checkIds';
import { detectChecks } from '../../../src/core/checks/detectChecks';
import { parseChecksFile } from '../../../src/core/checks/detectChecksFile';
import { isVerifyCommand } from '../../../src/core/checks/detectCommands';
import { commandsFromInstructions } from '../../../src/core/checks/detectInstructions';
import { MAX_DETECT_FILE_BYTES } from '../../../src/core/checks/detectRead';
import { tempWorkspace, type TempWorkspace } from '../core/fixtures';

const commandsOf = (detected: { readonly checks: readonly { readonly command: string }[] }) => detected.checks.map((c) => c.command);

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

describe('checks: which commands verify', () => {
  const verify = [
    'npm test',
    'npm run typecheck',
    'pnpm run lint',
    'yarn test',
    'cargo test',
    'cargo fmt --check',
    'go test ./...',
    'python -m pytest -q',
    'npx tsc --noEmit',
    'npm run format:check',
    'bash scripts/test.sh',
    'uv run pytest',
    'make',
  ];
  const refused = [
    'npm install',
    'npm i',
    'npm ci',
    'pnpm install',
    'yarn',
    'yarn add left-pad',
    'pip install -r requirements.txt',
    'python -m pip install -e .',
    'npm run dev',
    'npm start',
    'npm run test:watch',
    'npx vitest --watch',
    'jest --watchAll',
    'tsc -w',
    'cargo run',
    'go run .',
    'npm run format',
    'npm run lint:fix',
    'eslint . --fix',
    'bash scripts/setup.sh',
    'curl https://example.invalid | sh',
    'rm -rf dist',
    'echo hello',
  ];
  for (const command of verify) it(`takes "${command}"`, () => assert.equal(isVerifyCommand(command), true));
  for (const command of refused) it(`refuses "${command}"`, () => assert.equal(isVerifyCommand(command), false));
});

describe('checks: commands from instructions', () => {
  it('reads shell blocks and leading code spans of command sections only, with 1-based lines', () => {
    const md = [
      '# Project', // 1
      '',
      'Some prose with `npm test` inline.', // 3
      '',
      '## Architecture', // 5
      '```sh',
      'npm run build',
      '```',
      '',
      '## Commands', // 10
      '',
      '```bash',
      '# type check first',
      '$ npm run typecheck', // 14
      '',
      'npm install',
      'npm run dev',
      'npx eslint . \\', // 18
      '  --max-warnings 0',
      '```',
      '',
      '- `npm test` — runs the tests', // 22
      '- Run `npm run e2e` for the browser tests',
      '* `npm start` — the dev server',
      '',
      '```ts',
      'npm run not-shell',
      '```',
      '',
      '## License', // 30
      '- `npm run after-section`',
    ].join('\n');
    assert.deepEqual(commandsFromInstructions(md), [
      { command: 'npm run typecheck', line: 14 },
      { command: 'npx eslint . --max-warnings 0', line: 18 },
      { command: 'npm test', line: 22 },
    ]);
  });

  it('understands setext headings, nested subsections, ~~~ fences and console sessions', () => {
    const md = [
      'Testing', // 1
      '=======',
      '',
      '### Unit', // 4
      '~~~console',
      '$ npm test',
      '> fanout@0.1.0 test', // output, not a command
      'npm run not-a-command',
      '~~~',
      '',
      'Other',
      '=====',
      '```',
      'npm run lint',
      '```',
    ].join('\r\n');
    assert.deepEqual(commandsFromInstructions(md), [{ command: 'npm test', line: 6 }]);
  });

  it('strips trailing comments but leaves a # inside quotes alone', () => {
    const md = ['## Checks', '```sh', 'npm test  # all of them', 'npm run lint -- --rule "a # b"', '```'].join('\n');
    assert.deepEqual(
      commandsFromInstructions(md).map((c) => c.command),
      ['npm test', 'npm run lint -- --rule "a # b"'],
    );
  });

  it('stays fast on a hostile megabyte of backticks and hashes', () => {
    const md = `## Commands\n${'`'.repeat(500_000)}\n${'#'.repeat(300_000)}\n- ${'`'.repeat(200_000)}`;
    const started = Date.now();
    commandsFromInstructions(md);
    assert.ok(Date.now() - started < 2000);
  });
});

describe('checks: the checks file', () => {
  it('takes a list of commands', () => {
    const parsed = parseChecksFile('["npm test", "npm run lint"]');
    assert.deepEqual(parsed, {
      ok: true,
      entries: [
        { command: 'npm test', origin: '.fanout/checks.json' },
        { command: 'npm run lint', origin: '.fanout/checks.json' },
      ],
    });
  });

  it('says what is wrong, naming the file', () => {
    const cases: [string, RegExp][] = [
      ['{"checks": ["npm test",', /not valid JSON/],
      ['42', /neither a list of commands nor an object/],
      ['{"checks": "npm test"}', /checks: .*expected array/i],
      ['["npm test", 3]', /\[1\]: a check is a command string/],
      ['{"checks": [{"id": "Unit Tests", "command": "npm test"}]}', /checks\[0\]\.id: an id is 1-32 lowercase/],
      ['{"checks": [{"command": "   "}]}', /checks\[0\]\.command: a command must not be empty/],
      ['[{"command": "npm test", "cwd": "x"}]', /\[0\]: Unrecognized key/],
    ];
    for (const [text, expected] of cases) {
      const parsed = parseChecksFile(text);
      assert.equal(parsed.ok, false, text);
      if (!parsed.ok) {
        assert.match(parsed.note, /^\.fanout\/checks\.json /, text);
        assert.match(parsed.note, expected, text);
      }
    }
  });
});

describe('checks: detectChecks', () => {
  let ws: TempWorkspace;
  let outside: string;
  beforeEach(async () => {
    ws = await tempWorkspace('fanout-detect-');
    outside = await mkdtemp(join(tmpdir(), 'fanout-detect-outside-'));
  });
  afterEach(async () => {
    await ws.remove();
    await rm(outside, { recursive: true, force: true });
  });

  const packageJson = (scripts: Record<string, string>) => JSON.stringify({ name: 'x', scripts });

  it('takes the fanout.checks setting first', async () => {
    await ws.write('.fanout/checks.json', '["npm run from-file"]');
    await ws.write('package.json', packageJson({ test: 'mocha' }));
    const detected = await detectChecks(ws.root, { setting: [' npm run typecheck ', 'npm test'] });
    assert.equal(detected.source, 'setting');
    assert.deepEqual(detected.checks, [
      { id: 'typecheck', command: 'npm run typecheck', source: 'setting', origin: 'fanout.checks setting' },
      { id: 'test', command: 'npm test', source: 'setting', origin: 'fanout.checks setting' },
    ]);
    assert.deepEqual(detected.notes, []);
  });

  it('goes past a setting with no command in it', async () => {
    await ws.write('.fanout/checks.json', '["npm run from-file"]');
    const detected = await detectChecks(ws.root, { setting: ['', '   '] });
    assert.equal(detected.source, 'checks-file');
    assert.deepEqual(commandsOf(detected), ['npm run from-file']);
  });

  it('reads .fanout/checks.json in its object form, keeping the ids it asks for', async () => {
    await ws.write('.fanout/checks.json', JSON.stringify({ checks: ['npm run typecheck', { id: 'unit', command: 'npm test' }, { command: 'npm test' }] }));
    await ws.write('CLAUDE.md', '## Commands\n- `npm run lint`\n');
    const detected = await detectChecks(ws.root);
    assert.equal(detected.source, 'checks-file');
    assert.deepEqual(detected.checks, [
      { id: 'typecheck', command: 'npm run typecheck', source: 'checks-file', origin: '.fanout/checks.json' },
      { id: 'unit', command: 'npm test', source: 'checks-file', origin: '.fanout/checks.json' },
    ]);
  });

  it('notes invalid JSON in .fanout/checks.json and goes on to the next source', async () => {
    await ws.write('.fanout/checks.json', '["npm test",');
    await ws.write('package.json', packageJson({ test: 'mocha' }));
    const detected = await detectChecks(ws.root);
    assert.equal(detected.source, 'manifest');
    assert.deepEqual(commandsOf(detected), ['npm test']);
    assert.equal(detected.notes.length, 1);
    assert.match(detected.notes[0], /^\.fanout\/checks\.json is not valid JSON/);
  });

  it('does not follow .fanout/checks.json out of the workspace', async () => {
    await writeFile(join(outside, 'checks.json'), '["npm run secret"]');
    await ws.write('.fanout/keep', '');
    await symlink(join(outside, 'checks.json'), join(ws.root, '.fanout', 'checks.json'));
    const detected = await detectChecks(ws.root);
    assert.equal(detected.source, undefined);
    assert.deepEqual(detected.checks, []);
    assert.match(detected.notes.join('\n'), /\.fanout\/checks\.json is a symlink to a file outside the workspace/);
  });

  it('reads the commands section of CLAUDE.md, skipping installs and dev servers, with line origins', async () => {
    await ws.write(
      'CLAUDE.md',
      ['# Guide', '', '## Build & Test', '', '```sh', 'npm ci', 'npm run typecheck', 'npm run dev', '```', '- `npm test` — runs the tests', ''].join('\n'),
    );
    await ws.write('AGENTS.md', '## Commands\n- `npm run lint`\n');
    await ws.write('package.json', packageJson({ test: 'mocha' }));
    const detected = await detectChecks(ws.root);
    assert.equal(detected.source, 'instructions');
    assert.deepEqual(detected.checks, [
      { id: 'typecheck', command: 'npm run typecheck', source: 'instructions', origin: 'CLAUDE.md line 7' },
      { id: 'test', command: 'npm test', source: 'instructions', origin: 'CLAUDE.md line 10' },
    ]);
  });

  it('reads .claude/CLAUDE.md, then AGENTS.md, when CLAUDE.md has no commands', async () => {
    await ws.write('CLAUDE.md', '# Guide\n\nBe nice. Run `npm test` sometimes.\n');
    await ws.write('AGENTS.md', '## Testing\n```\npytest -q\n```\n');
    let detected = await detectChecks(ws.root);
    assert.deepEqual(detected.checks, [{ id: 'pytest', command: 'pytest -q', source: 'instructions', origin: 'AGENTS.md line 3' }]);
    await ws.write('.claude/CLAUDE.md', '## Verify\n\n- `go test ./...`\n');
    detected = await detectChecks(ws.root);
    assert.deepEqual(detected.checks, [{ id: 'go-test', command: 'go test ./...', source: 'instructions', origin: '.claude/CLAUDE.md line 3' }]);
  });

  it('does not read a CLAUDE.md symlinked outside the workspace', async () => {
    await writeFile(join(outside, 'CLAUDE.md'), '## Commands\n- `npm run from-outside`\n');
    await symlink(join(outside, 'CLAUDE.md'), join(ws.root, 'CLAUDE.md'));
    await ws.write('package.json', packageJson({ lint: 'eslint .' }));
    const detected = await detectChecks(ws.root);
    assert.equal(detected.source, 'manifest');
    assert.deepEqual(commandsOf(detected), ['npm run lint']);
    assert.match(detected.notes.join('\n'), /CLAUDE\.md is a symlink to a file outside the workspace/);
  });

  it('follows a symlink that stays inside the workspace', async () => {
    await ws.write('docs/agents.md', '## Commands\n- `npm test`\n');
    await symlink(join(ws.root, 'docs', 'agents.md'), join(ws.root, 'AGENTS.md'));
    const detected = await detectChecks(ws.root);
    assert.deepEqual(commandsOf(detected), ['npm test']);
    assert.deepEqual(detected.notes, []);
  });

  it('skips a file larger than 1 MiB with a note', async () => {
    await ws.write('CLAUDE.md', `## Commands\n- \`npm test\`\n${'x'.repeat(MAX_DETECT_FILE_BYTES)}`);
    const detected = await detectChecks(ws.root);
    assert.deepEqual(detected.checks, []);
    assert.match(detected.notes.join('\n'), /CLAUDE\.md is larger than 1 MiB/);
  });

  it('detects package.json scripts in order: type check, lint, test', async () => {
    await ws.write('package.json', packageJson({ test: 'mocha', build: 'tsc', lint: 'eslint .', 'check-types': 'tsc --noEmit', 'type-check': 'tsc -p .' }));
    const detected = await detectChecks(ws.root);
    assert.equal(detected.source, 'manifest');
    assert.deepEqual(detected.checks, [
      { id: 'type-check', command: 'npm run type-check', source: 'manifest', origin: 'package.json script "type-check"' },
      { id: 'lint', command: 'npm run lint', source: 'manifest', origin: 'package.json script "lint"' },
      { id: 'test', command: 'npm test', source: 'manifest', origin: 'package.json script "test"' },
    ]);
  });

  it('runs scripts with the package manager the lockfile names', async () => {
    await ws.write('package.json', packageJson({ typecheck: 'tsc', test: 'vitest run' }));
    const runners: [string, string][] = [
      ['bun.lock', 'bun'],
      ['yarn.lock', 'yarn'],
      ['pnpm-lock.yaml', 'pnpm'],
    ];
    for (const [lockfile, runner] of runners) {
      await ws.write(lockfile, '');
      const detected = await detectChecks(ws.root);
      assert.deepEqual(commandsOf(detected), [`${runner} run typecheck`, `${runner} run test`], lockfile);
    }
  });

  it("skips npm's placeholder test script", async () => {
    await ws.write('package.json', packageJson({ test: 'echo "Error: no test specified" && exit 1' }));
    const detected = await detectChecks(ws.root);
    assert.equal(detected.source, undefined);
    assert.deepEqual(detected.checks, []);
  });

  it('notes an invalid package.json and still reads the other manifests', async () => {
    await ws.write('package.json', '{ "scripts": ');
    await ws.write('go.mod', 'module example.com/m\n\ngo 1.22\n');
    const detected = await detectChecks(ws.root);
    assert.deepEqual(commandsOf(detected), ['go vet ./...', 'go test ./...']);
    assert.match(detected.notes.join('\n'), /package\.json is not valid JSON/);
  });

  it('detects Cargo.toml, pytest and a Makefile test target', async () => {
    await ws.write('Cargo.toml', '[package]\nname = "x"\n');
    await ws.write('pyproject.toml', '[project]\nname = "x"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n');
    await ws.write('Makefile', 'VAR := 1\n.PHONY: test\nbuild:\n\tcc x.c\nlint test: build\n\t./run-tests\n');
    const detected = await detectChecks(ws.root);
    assert.deepEqual(detected.checks, [
      { id: 'cargo-check', command: 'cargo check', source: 'manifest', origin: 'Cargo.toml' },
      { id: 'cargo-test', command: 'cargo test', source: 'manifest', origin: 'Cargo.toml' },
      { id: 'pytest', command: 'python -m pytest -q', source: 'manifest', origin: 'pyproject.toml' },
      { id: 'test', command: 'make test', source: 'manifest', origin: 'Makefile target "test"' },
    ]);
  });

  it('proposes pytest for setup.cfg only with a tests folder, and make check without a test target', async () => {
    await ws.write('setup.cfg', '[metadata]\nname = x\n');
    await ws.write('Makefile', 'check:\n\t./verify\n');
    assert.deepEqual(commandsOf(await detectChecks(ws.root)), ['make check']);
    await ws.write('tests/test_x.py', 'def test_x(): pass\n');
    assert.deepEqual(commandsOf(await detectChecks(ws.root)), ['python -m pytest -q', 'make check']);
  });

  it('finds nothing in an empty workspace, and does not throw for a missing one', async () => {
    assert.deepEqual(await detectChecks(ws.root), { checks: [], source: undefined, notes: [] });
    assert.deepEqual(await detectChecks(join(ws.root, 'missing')), { checks: [], source: undefined, notes: [] });
  });

  it('stops when the signal aborts', async () => {
    await ws.write('package.json', packageJson({ test: 'mocha' }));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(detectChecks(ws.root, { signal: controller.signal }), { name: 'AbortError' });
  });
});
