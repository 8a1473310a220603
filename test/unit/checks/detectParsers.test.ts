/** The pure readers behind check detection: which commands verify, commands in instruction files, and the checks file. */
import * as assert from 'node:assert/strict';
import { parseChecksFile } from '../../../src/core/checks/detectChecksFile';
import { isVerifyCommand } from '../../../src/core/checks/detectCommands';
import { commandsFromInstructions } from '../../../src/core/checks/detectInstructions';

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
