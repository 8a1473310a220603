/** The fake Messages API's script files, and the fake as its own process (serve.ts) started from one. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { httpError, reply, stallAfter, thinking, toolUse, type LoggedRequest } from '../fake/messagesServer';
import { parseScriptFile, type ScriptFile } from '../fake/scriptFile';
import { body, useFakeServer } from './fakeServerFixtures';

describe('fake Messages API server', () => {
  useFakeServer();

  it('validates JSON script files and names what is wrong', () => {
    const valid: ScriptFile = {
      eventDelayMs: 10,
      modelOverrides: { 'claude-tiny': { contextWindow: 2000 } },
      routes: [
        {
          name: 'T1',
          match: { regex: 'T1\\b' },
          turns: [
            httpError(529, { retryAfterMs: 10 }),
            reply([thinking('Checking a first.'), toolUse('read_file', { path: 'a' })]),
            reply(['No.'], { stopReason: 'refusal', stopDetails: { category: 'cyber', explanation: null } }),
            reply(['Cut.'], { stopReason: 'model_context_window_exceeded' }),
            stallAfter(2),
          ],
        },
      ],
    };
    assert.deepEqual(parseScriptFile(JSON.parse(JSON.stringify(valid))), valid);
    assert.throws(() => parseScriptFile({ routes: [{ match: 'x', turns: [{ kind: 'explode' }] }] }), /invalid fake Messages API script[\s\S]*kind/);
    assert.throws(() => parseScriptFile({ routes: [{ match: 'x', turns: [{ kind: 'drop' }] }] }), /afterFrames/);
  });

  it('runs as its own process from a script file and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fanout-fake-'));
    const script: ScriptFile = { routes: [{ match: 'T1', turns: [reply(['from the other process'])] }], modelOverrides: { m: { contextWindow: 10 } } };
    await writeFile(join(dir, 'script.json'), JSON.stringify(script));
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../fake/serve.ts'), join(dir, 'script.json'), '--log', join(dir, 'log.json')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const lines = createInterface({ input: child.stdout });
      const first = await lines[Symbol.asyncIterator]().next();
      assert.equal(first.done, false, 'serve.ts printed a line');
      const { baseURL } = JSON.parse(String(first.value)) as { baseURL: string };
      assert.match(baseURL, /^http:\/\/127\.0\.0\.1:\d+$/);
      const tooLong = await fetch(`${baseURL}/v1/messages`, { method: 'POST', body: JSON.stringify(body('T1')) });
      assert.match(JSON.stringify(await tooLong.json()), /prompt is too long: \d+ tokens > 10 maximum/, 'the script file overrides the model table');
      const response = await fetch(`${baseURL}/v1/messages`, { method: 'POST', body: JSON.stringify(body('T1', { model: 'n' })) });
      assert.equal(((await response.json()) as { content: Array<{ text: string }> }).content[0].text, 'from the other process');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      const log = JSON.parse(await readFile(join(dir, 'log.json'), 'utf8')) as LoggedRequest[];
      assert.deepEqual(
        log.map((entry) => [entry.route, entry.status]),
        [
          [null, 400],
          ['route0', 200],
        ],
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops the separate process when its stdin closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fanout-fake-'));
    await writeFile(join(dir, 'script.json'), JSON.stringify({ routes: [] }));
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../fake/serve.ts'), join(dir, 'script.json')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const first = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
      assert.match(String(first.value), /"baseURL":"http:\/\/127\.0\.0\.1:\d+"/);
      child.stdin.end();
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    }
  });
});
