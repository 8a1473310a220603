/**
 * The headless entry with checks: `run --check CMD --fix-rounds N` on the node --test fixture, as a
 * real child process against the fake Messages API. Progress lines for checks and fix-up rounds, the
 * `--json` summary's `checks`, exit 1 while checks fail, and detected checks that run only when asked.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonSummary, runCli } from '../../support/cli';
import { reply, startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../../fake/messagesServer';
import { routeFor } from '../engine/harness';

const write = (path: string, content: string) => reply([toolUse('write_file', { path, content })]);
const finish = () => reply([toolUse('finish', { summary: 'done' })]);
const BUGGY = 'exports.add = (a, b) => {\n  return a + c;\n};\n';
const FIXED = 'exports.add = (a, b) => {\n  return a + b;\n};\n';

describe('headless entry: run --check', function () {
  this.timeout(60_000);
  let dir: string;
  let ws: string;
  let api: FakeMessagesApi | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-cli-checks-'));
    ws = join(dir, 'ws');
    mkdirSync(join(ws, 'test'), { recursive: true });
    writeFileSync(join(ws, 'package.json'), '{ "name": "fixture", "private": true, "scripts": { "test": "node --test" } }\n');
    writeFileSync(
      join(ws, 'test/math.test.js'),
      "const test = require('node:test');\nconst assert = require('node:assert');\nconst { add } = require('../src/math.js');\ntest('adds', () => assert.strictEqual(add(2, 3), 5));\n",
    );
    writeFileSync(
      join(dir, 'plan.json'),
      JSON.stringify({
        request: 'Add',
        tasks: [{ id: 'math', title: 'Math', phase: 'implement', role: 'Code', instructions: 'Write src/math.js', owns: ['src/math.js'] }],
      }),
    );
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api?.baseURL ?? '' });

  it('fixes a failing test in a fix-up round and exits 0; the --json summary holds every check result', async () => {
    api = await startFakeMessagesApi({ routes: [routeFor('math', [write('src/math.js', BUGGY), finish(), write('src/math.js', FIXED), finish()])] });
    const { code, stdout, stderr } = await runCli(
      ['run', '--plan', join(dir, 'plan.json'), '--workspace', ws, '--out', join(dir, 'out'), '--check', 'node --test', '--json'],
      env(),
    );
    assert.equal(code, 0, stderr);
    assert.match(stderr, /check node \(pass 1\): node --test/);
    assert.match(stderr, /check node: failed \(exit 1\) in [\d.]+s, \d problem\(s\): src\/math\.js:2 \(math\)/);
    assert.match(stderr, /fix-up round 1: math \(node\)/);
    assert.match(stderr, /math: fix-up round 1 on /);
    assert.match(stderr, /check node: passed in/);
    assert.match(stderr, /checks passing: Every check passed \(pass 2\)\./);
    const summary = jsonSummary<{
      checks: { verdict: string; passes: number; rounds: number; results: { id: string; status: string; exitCode: number }[] };
    }>(stdout);
    assert.equal(summary.checks.verdict, 'passing');
    assert.equal(summary.checks.passes, 2);
    assert.equal(summary.checks.rounds, 1);
    assert.deepEqual(
      summary.checks.results.map((r) => [r.id, r.status, r.exitCode]),
      [['node', 'passed', 0]],
    );
  });

  it('exits 1 with what still fails when no fix-up round is left', async () => {
    api = await startFakeMessagesApi({ routes: [routeFor('math', [write('src/math.js', BUGGY), finish()])] });
    const { code, stdout } = await runCli(
      ['run', '--plan', join(dir, 'plan.json'), '--workspace', ws, '--out', join(dir, 'out'), '--check', 'node --test', '--fix-rounds', '0'],
      env(),
    );
    assert.equal(code, 1, stdout);
    assert.match(stdout, /checks failing: Still failing after pass 1: node\./);
    assert.match(stdout, /Checks failing \(Still failing after pass 1: node\.\)/);
  });

  it('prints the detected checks and runs none of them without --run-detected-checks', async () => {
    api = await startFakeMessagesApi({ routes: [routeFor('math', [write('src/math.js', BUGGY), finish()])] });
    const { code, stdout } = await runCli(['run', '--plan', join(dir, 'plan.json'), '--workspace', ws, '--out', join(dir, 'out')], env());
    assert.equal(code, 0, stdout);
    assert.match(stdout, /Checks found but not run \(pass --run-detected-checks to run them, or --check "CMD"\):\n {2}test: npm test/);
    assert.match(stdout, /checks skipped: Detected checks were not run/);
    assert.doesNotMatch(stdout, /check test \(pass 1\)/);
  });
});
