/**
 * Runs the fake Messages API (`test/fake/serve.ts`) as its own process for one scenario: its CPU is
 * never the engine's. It stops when its stdin closes and then writes its request log.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { LoggedRequest } from '../src/fakeApi/script';
import type { ScriptFile } from '../test/fake/scriptFile';

export interface FakeServer {
  readonly baseURL: string;
  readonly pid: number;
  /** Closes stdin, waits for the process to exit, returns its request log. */
  stop(): Promise<readonly LoggedRequest[]>;
}

const SERVE = resolve(__dirname, '..', 'test', 'fake', 'serve.ts');
const START_TIMEOUT_MS = 20_000;

export async function startFakeServer(script: ScriptFile): Promise<FakeServer> {
  const dir = await mkdtemp(join(tmpdir(), 'fanout-bench-fake-'));
  const scriptPath = join(dir, 'script.json');
  const logPath = join(dir, 'requests.json');
  await writeFile(scriptPath, JSON.stringify(script));
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, scriptPath, '--log', logPath], {
    cwd: resolve(__dirname, '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const lines = createInterface({ input: child.stdout });
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    exited.then(([code, signal]) => {
      throw new Error(`fake server exited before listening (code ${code}, signal ${signal})`);
    }),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('fake server did not start in time')), START_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  lines.close();
  const { baseURL } = JSON.parse(first) as { baseURL: string };
  const pid = child.pid ?? -1;
  return {
    baseURL,
    pid,
    async stop() {
      child.stdin.end();
      const [code] = await exited;
      if (code !== 0) throw new Error(`fake server (pid ${pid}) exited with code ${code}`);
      const log = JSON.parse(await readFile(logPath, 'utf8')) as LoggedRequest[];
      await rm(dir, { recursive: true, force: true });
      return log;
    },
  };
}
