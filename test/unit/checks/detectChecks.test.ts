/** Check detection in a workspace on disk: the setting, the checks file, instruction files and manifests, in that order. */
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectChecks } from '../../../src/core/checks/detectChecks';
import { MAX_DETECT_FILE_BYTES } from '../../../src/core/checks/detectRead';
import { tempWorkspace, type TempWorkspace } from '../core/fixtures';

const commandsOf = (detected: { readonly checks: readonly { readonly command: string }[] }) => detected.checks.map((c) => c.command);

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
