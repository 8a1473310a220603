import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunLog } from '../../../src/core/store/runLog';
import { runCli } from '../../support/cli';
import { reply, startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../../fake/messagesServer';
import { routeFor } from './harness';

describe('headless entry: one run per --out folder', function () {
  this.timeout(30_000);
  let dir: string;
  let api: FakeMessagesApi;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-cli-out-'));
    execFileSync('git', ['init', '-q', join(dir, 'ws')]);
    writeFileSync(join(dir, 'ws', 'README.md'), 'hello\n');
    writeFileSync(
      join(dir, 'plan.json'),
      JSON.stringify({
        request: 'Greet',
        tasks: [{ id: 'greet', title: 'Greet', phase: 'implement', role: 'Code', instructions: 'Write src/greet.ts', owns: ['src/greet.ts'] }],
      }),
    );
    api = await startFakeMessagesApi({
      routes: [{ ...routeFor('greet', [reply([toolUse('finish', { summary: 'ok' })])]), onExhausted: 'repeatLast' }],
    });
  });
  afterEach(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (out: string) =>
    runCli(['run', '--plan', join(dir, 'plan.json'), '--workspace', join(dir, 'ws'), '--out', out], {
      ANTHROPIC_API_KEY: 'k',
      ANTHROPIC_BASE_URL: api.baseURL,
    });

  it('refuses a folder that holds anything, before any request, and leaves the run in it alone', async () => {
    const out = join(dir, 'out');
    const first = await run(out);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const log = readFileSync(join(out, 'events.jsonl'), 'utf8');
    const requests = api.requests.length;

    const second = await run(out);
    assert.equal(second.code, 2, second.stderr + second.stdout);
    assert.match(second.stderr, /--out .*out is not empty \(it holds agents, events\.jsonl, patches\)\. Nothing ran: each run needs a folder of its own/);
    assert.equal(api.requests.length, requests, 'nothing was asked of the model');
    assert.equal(readFileSync(join(out, 'events.jsonl'), 'utf8'), log, 'the first run’s log is untouched');
    assert.equal(readRunLog(join(out, 'events.jsonl')).events.filter((e) => e.kind === 'run.started').length, 1);

    writeFileSync(join(dir, 'a-file'), 'x');
    const file = await run(join(dir, 'a-file'));
    assert.equal(file.code, 2);
    assert.match(file.stderr, /is a file, not a folder/);
  });

  it('takes a new folder or an existing empty one', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const result = await run(empty);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.equal(readRunLog(join(empty, 'events.jsonl')).events.at(-1)?.kind, 'run.finished');
  });
});
