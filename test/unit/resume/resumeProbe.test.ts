/**
 * The resume probe: the CLI runs a plan as a child process against the fake Messages API, is killed
 * with SIGKILL while one agent has finished and another is mid-conversation, and `run --resume DIR`
 * finishes the run. The fake's request log shows what was asked again (nothing that had finished).
 */
import * as assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readRunLog } from '../../../src/core/store/runLog';
import { isInterrupted } from '../../../src/core/store/liveness';
import { reduceRunEvents } from '../../../src/core/run/runState';
import { reply, startFakeMessagesApi, thinking, toolUse, type FakeMessagesApi, type LoggedRequest, type Turn } from '../../fake/messagesServer';
import { rejectedRequests, routeFor } from '../../fake/routes';
import { runCli } from '../../support/cli';

const CLI = resolve(__dirname, '../../../src/cli.ts');
const MODEL = 'claude-sonnet-5-5';

function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, output: () => output };
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const byRoute = (requests: readonly LoggedRequest[], route: string): LoggedRequest[] => requests.filter((r) => r.route === route);

describe('resume after kill -9 (CLI probe)', function () {
  this.timeout(60_000);
  let dir: string;
  let api: FakeMessagesApi | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-resume-'));
    execFileSync('git', ['init', '-q', join(dir, 'ws')]);
    writeFileSync(join(dir, 'ws', 'README.md'), 'hello\n');
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('continues a killed run: finished agents and finished turns are not asked again, staged files and spend are kept', async () => {
    // The slow agent's third request waits here until the process asking it is killed.
    const gate = new Promise<Turn>(() => undefined);
    let resumedRequest: LoggedRequest | undefined;
    api = await startFakeMessagesApi({
      routes: [
        routeFor('quick', [
          reply([thinking('Write the quick file.'), toolUse('write_file', { path: 'src/quick.ts', content: 'export const quick = 1;\n' })]),
          reply([thinking('Done.'), toolUse('finish', { summary: 'quick done' })]),
        ]),
        routeFor('slow', [
          reply([thinking('First the file.'), toolUse('write_file', { path: 'src/slow.ts', content: 'export const slow = 1;\n' })]),
          reply([thinking('Now look at the readme.'), toolUse('read_file', { path: 'README.md' })]),
          () => gate,
          (request) => {
            resumedRequest = request;
            return reply([thinking('All there; finish.'), toolUse('finish', { summary: 'slow done' })]);
          },
        ]),
        routeFor('third', [
          reply([thinking('Write the third file.'), toolUse('write_file', { path: 'src/third.ts', content: 'export const third = 3;\n' })]),
          reply([toolUse('finish', { summary: 'third done' })]),
        ]),
      ],
    });
    const planFile = join(dir, 'plan.json');
    writeFileSync(
      planFile,
      JSON.stringify({
        request: 'Three files',
        tasks: [
          { id: 'quick', title: 'Quick', phase: 'implement', role: 'Code', instructions: 'Write src/quick.ts', owns: ['src/quick.ts'] },
          { id: 'slow', title: 'Slow', phase: 'implement', role: 'Code', instructions: 'Write src/slow.ts', owns: ['src/slow.ts'] },
          { id: 'third', title: 'Third', phase: 'implement', role: 'Code', instructions: 'Write src/third.ts', owns: ['src/third.ts'], dependsOn: ['slow'] },
        ],
      }),
    );
    const out = join(dir, 'out');
    const ws = join(dir, 'ws');
    const env = { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api.baseURL };
    const first = spawnCli(['run', '--plan', planFile, '--workspace', ws, '--out', out, '--model', MODEL], env);
    const logPath = join(out, 'events.jsonl');
    const logged = () => (existsSync(logPath) ? readRunLog(logPath).events : []);
    await until('quick finished, slow past two turns and asking its third', () => {
      const events = logged();
      const quickDone = events.some((e) => e.kind === 'agent.finished' && e.taskId === 'quick');
      const slowTurns = events.filter((e) => e.kind === 'agent.usage' && e.taskId === 'slow').length;
      return quickDone && slowTurns >= 2 && byRoute(api?.requests ?? [], 'slow').length === 3;
    });
    first.child.kill('SIGKILL');
    await first.exited;

    const before = { quick: byRoute(api.requests, 'quick').length, slow: byRoute(api.requests, 'slow').length, third: byRoute(api.requests, 'third').length };
    const killedEvents = logged();
    assert.equal(
      killedEvents.some((e) => e.kind === 'run.finished'),
      false,
      'a killed run has no run.finished',
    );
    const killedState = reduceRunEvents(killedEvents);
    assert.equal(isInterrupted(out, killedState), true, 'the killed run is interrupted');
    const spentBefore = Object.values(killedState.agents).reduce((sum, a) => sum + a.costUsd, 0);
    const tokensBefore = Object.values(killedState.agents).reduce((sum, a) => sum + a.usage.input + a.usage.output, 0);
    assert.ok(spentBefore > 0);

    const resumed = await runCli(['run', '--resume', out], env);
    assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout + first.output());
    // The one request without an answer is the slow agent's third, held at the gate when its process was killed.
    assert.deepEqual(rejectedRequests(api.requests.filter((r) => r !== byRoute(api?.requests ?? [], 'slow')[2])), []);

    const after = { quick: byRoute(api.requests, 'quick').length, slow: byRoute(api.requests, 'slow').length, third: byRoute(api.requests, 'third').length };
    // Reported by the probe: requests per route before the kill and in all.
    process.stdout.write(`      requests before kill ${JSON.stringify(before)}, after resume ${JSON.stringify(after)}\n`);
    assert.deepEqual(before, { quick: 2, slow: 3, third: 0 });
    assert.deepEqual(after, { quick: 2, slow: 4, third: 2 }, 'quick asked nothing new; slow asked only its interrupted turn again');

    // The resumed request is the interrupted one, message for message (thinking and signatures included).
    const interrupted = byRoute(api.requests, 'slow')[2];
    assert.ok(resumedRequest !== undefined && interrupted !== undefined);
    assert.deepEqual(resumedRequest.body?.messages, interrupted.body?.messages);
    assert.deepEqual(resumedRequest.body?.system, interrupted.body?.system);
    const sent = JSON.stringify(resumedRequest.body?.messages);
    assert.match(sent, /"signature":"[^"]+"/, 'thinking blocks went back with their signatures');

    const finalEvents = logged();
    const final = reduceRunEvents(finalEvents);
    assert.equal(final.status, 'done');
    assert.equal(finalEvents.filter((e) => e.kind === 'run.started').length, 1);
    assert.equal(finalEvents.filter((e) => e.kind === 'run.resumed').length, 1);
    assert.equal(finalEvents.filter((e) => e.kind === 'agent.started' && e.taskId === 'quick').length, 1, 'quick never started again');
    assert.equal(final.agents.slow?.turns, 3);
    const spentAfter = Object.values(final.agents).reduce((sum, a) => sum + a.costUsd, 0);
    const tokensAfter = Object.values(final.agents).reduce((sum, a) => sum + a.usage.input + a.usage.output, 0);
    assert.ok(spentAfter > spentBefore && tokensAfter > tokensBefore);
    assert.equal(final.agents.quick?.costUsd, killedState.agents.quick?.costUsd);
    assert.match(resumed.stdout, /run done/);

    for (const [task, path] of [
      ['quick', 'src/quick.ts'],
      ['slow', 'src/slow.ts'],
      ['third', 'src/third.ts'],
    ] as const) {
      const patch = readFileSync(join(out, 'patches', `${task}.patch`), 'utf8');
      assert.ok(patch.includes(path), `${task}'s patch holds ${path}`);
    }
    assert.equal(existsSync(join(out, 'live.json')), false, 'the finished run is no longer marked live');
  });
});
