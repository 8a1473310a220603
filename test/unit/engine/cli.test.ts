import * as assert from 'node:assert/strict';
import { runCli } from '../../support/cli';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunLog } from '../../../src/core/store/runLog';
import { reply, startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../../fake/messagesServer';
import { routeFor } from './harness';

describe('headless entry (node dist/cli.js)', function () {
  this.timeout(30_000);
  let dir: string;
  let api: FakeMessagesApi | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-cli-'));
    execFileSync('git', ['init', '-q', join(dir, 'ws')]);
    writeFileSync(join(dir, 'ws', 'README.md'), 'hello\n');
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const plan = (tasks: unknown[]) => {
    const file = join(dir, 'plan.json');
    writeFileSync(file, JSON.stringify({ request: 'Greet', tasks }));
    return file;
  };

  it('lint --json prints findings as [{severity, code, message, tasks, paths}] and exits 1 on errors', async () => {
    const file = plan([
      { id: 'a', title: 'A', phase: 'implement', role: 'X', instructions: 'i', owns: ['src/**'] },
      { id: 'b', title: 'B', phase: 'implement', role: 'X', instructions: 'i', owns: ['src/api/user.ts'], dependsOn: ['ghost'] },
    ]);
    const { code, stdout } = await runCli(['lint', '--plan', file, '--workspace', join(dir, 'ws'), '--json'], {});
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as { severity: string; code: string; tasks: string[]; paths: string[]; message: string }[];
    assert.deepEqual(Object.keys(findings[0] ?? {}).sort(), ['code', 'message', 'paths', 'severity', 'tasks']);
    assert.ok(findings.some((f) => f.code === 'ownership-overlap' && f.severity === 'error'));
    assert.ok(findings.some((f) => f.code === 'unknown-dependency' && f.message.includes('ghost')));
  });

  it('run stages changes, writes the run log and one git-applicable patch per task, and leaves the workspace alone', async () => {
    api = await startFakeMessagesApi({
      routes: [
        routeFor('greet', [
          reply([toolUse('write_file', { path: 'src/greet.ts', content: 'export const hi = 1;\n' })]),
          reply([toolUse('finish', { summary: 'ok' })]),
        ]),
        routeFor('docs', [
          reply([toolUse('edit_file', { path: 'README.md', old_text: 'hello', new_text: 'hello, world' })]),
          reply([toolUse('finish', { summary: 'ok' })]),
        ]),
      ],
    });
    const file = plan([
      { id: 'greet', title: 'Greet', phase: 'implement', role: 'Code', instructions: 'Write src/greet.ts', owns: ['src/greet.ts'] },
      { id: 'docs', title: 'Docs', phase: 'implement', role: 'Docs', instructions: 'Edit README.md', owns: ['README.md'] },
    ]);
    const out = join(dir, 'out');
    const ws = join(dir, 'ws');
    const { code, stdout, stderr } = await runCli(['run', '--plan', file, '--workspace', ws, '--out', out], {
      ANTHROPIC_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: api.baseURL,
    });
    assert.equal(code, 0, stderr + stdout);
    assert.match(stdout, /greet: staged create src\/greet\.ts/);
    assert.match(stdout, /run done/);
    assert.equal(existsSync(join(ws, 'src/greet.ts')), false);
    assert.equal(readFileSync(join(ws, 'README.md'), 'utf8'), 'hello\n');
    const log = readRunLog(join(out, 'events.jsonl'));
    assert.equal(log.events.at(-1)?.kind, 'run.finished');
    assert.ok(!readFileSync(join(out, 'events.jsonl'), 'utf8').includes('test-key'), 'the key never reaches the run log');
    for (const task of ['greet', 'docs']) {
      execFileSync('git', ['apply', '--check', join(out, 'patches', `${task}.patch`)], { cwd: ws });
    }
    execFileSync('git', ['apply', join(out, 'patches', 'docs.patch')], { cwd: ws });
    assert.equal(readFileSync(join(ws, 'README.md'), 'utf8'), 'hello, world\n');
  });

  it('run exits 2 with the findings on a plan error, and 2 with a clear message without a key', async () => {
    const bad = plan([{ id: 'a', title: 'A', phase: 'implement', role: 'X', instructions: 'i', owns: [] }]);
    const noKey = await runCli(['run', '--plan', bad, '--workspace', join(dir, 'ws')], { ANTHROPIC_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /ANTHROPIC_API_KEY is not set/);
    const planError = await runCli(['run', '--plan', bad, '--workspace', join(dir, 'ws'), '--out', join(dir, 'o')], { ANTHROPIC_API_KEY: 'k' });
    assert.equal(planError.code, 2);
    assert.match(planError.stderr, /owns-nothing/);
    writeFileSync(join(dir, 'garbage.json'), '{"tasks": [{"id": 5}]}');
    const garbage = await runCli(['lint', '--plan', join(dir, 'garbage.json'), '--workspace', join(dir, 'ws')], {});
    assert.equal(garbage.code, 2);
    assert.match(garbage.stderr, /does not describe a plan/);
  });
});
