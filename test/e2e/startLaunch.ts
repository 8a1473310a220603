// Runs `npm start` for real (code-server included) in a private TMPDIR and looks at what it left:
// processes (through `ps`, independently of the launcher's own bookkeeping), the port, and the
// files in that TMPDIR. Used by startScript.e2e.ts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../workbench/codeServer';
import { delay, pickPort } from '../workbench/net';

export interface PsRow {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly stat: string;
  readonly args: string;
}

/** Every process on the machine, zombies left out (they are dead, only not reaped yet). */
export function ps(): PsRow[] {
  const out = spawnSync('ps', ['-eo', 'pid=,ppid=,pgid=,stat=,args='], { encoding: 'utf8' }).stdout;
  const rows: PsRow[] = [];
  for (const line of out.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match && !match[4].startsWith('Z')) {
      rows.push({ pid: Number(match[1]), ppid: Number(match[2]), pgid: Number(match[3]), stat: match[4], args: match[5] });
    }
  }
  return rows;
}

/** `root` and every live process below it. */
export function descendants(root: number, rows: readonly PsRow[] = ps()): PsRow[] {
  const found = rows.filter((row) => row.pid === root);
  for (let i = 0; i < found.length; i++) {
    found.push(...rows.filter((row) => row.ppid === found[i].pid));
  }
  return found;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolveListening) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolveListening(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolveListening(true);
    });
    socket.once('error', () => resolveListening(false));
  });
}

function httpStatus(url: string): Promise<number> {
  return fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.status,
    () => 0,
  );
}

export interface StartedLaunch {
  /** The `npm start` process; it leads its own process group (like a shell's foreground job). */
  readonly npm: ChildProcess;
  readonly npmPid: number;
  /** The private TMPDIR: the record and every temp folder of the launch live in it. */
  readonly tmp: string;
  readonly port: number;
  /** Every process of the launch while it served (npm, its shell, the launcher, code-server and its children). */
  readonly tree: readonly PsRow[];
  /** The process running scripts/start.ts (the innermost one when a wrapper runs it too). */
  readonly launcherPid: number;
  readonly output: string[];
  /** Files of the launch in the TMPDIR while it served. */
  readonly filesWhileServing: readonly string[];
}

const OWN_FILE = /^fanout-/;

function launchFiles(tmp: string): string[] {
  try {
    return readdirSync(tmp).filter((name) => OWN_FILE.test(name));
  } catch {
    return [];
  }
}

function recordIn(tmp: string): { readonly url: string } | undefined {
  const name = launchFiles(tmp).find((file) => /^fanout-start-[0-9a-f]+\.json$/.test(file));
  if (!name) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(tmp, name), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'url' in parsed && typeof parsed.url === 'string' ? { url: parsed.url } : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `npm start` and waits until its code-server answers HTTP 200 and the record is written. */
export async function startNpmStart(): Promise<StartedLaunch> {
  const tmp = await mkdtemp(join(tmpdir(), 'fanout-start-test-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, PORT: String(await pickPort()), FANOUT_SKIP_PREREQS: '1' };
  for (const name of Object.keys(env).filter((n) => n.startsWith('ANTHROPIC_') || n.startsWith('npm_'))) {
    delete env[name];
  }
  const npm = spawn('npm', ['start'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  npm.stdout.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  npm.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const npmPid = npm.pid ?? -1;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (npm.exitCode !== null || npm.signalCode !== null) {
      throw new Error(`npm start exited before serving:\n${output.join('')}`);
    }
    if (Date.now() > deadline) {
      await forceCleanUp({ npmPid, tmp, tree: descendants(npmPid) });
      throw new Error(`npm start did not serve within 90 s:\n${output.join('')}`);
    }
    const record = recordIn(tmp);
    if (record) {
      const port = Number(new URL(record.url).port);
      if ((await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200) {
        const tree = descendants(npmPid);
        const launchers = tree.filter((row) => row.args.includes('scripts/start.ts'));
        const innermost = launchers.filter((row) => !launchers.some((other) => other.ppid === row.pid));
        if (innermost.length !== 1) {
          throw new Error(`expected one process running scripts/start.ts, found:\n${launchers.map((r) => `${r.pid} ${r.args}`).join('\n')}`);
        }
        return { npm, npmPid, tmp, port, tree, launcherPid: innermost[0].pid, output, filesWhileServing: launchFiles(tmp) };
      }
    }
    await delay(100);
  }
}

export interface Leftovers {
  readonly listening: boolean;
  /** Processes of the launch still alive: from the tree seen while serving, or naming the private TMPDIR. */
  readonly processes: readonly PsRow[];
  readonly files: readonly string[];
}

export async function leftovers(launch: Pick<StartedLaunch, 'port' | 'tree' | 'tmp'>): Promise<Leftovers> {
  const rows = ps();
  const seen = new Set(launch.tree.map((row) => row.pid));
  return {
    listening: await listening(launch.port),
    processes: rows.filter((row) => seen.has(row.pid) || row.args.includes(launch.tmp)),
    files: launchFiles(launch.tmp),
  };
}

function clean(found: Leftovers): boolean {
  return !found.listening && found.processes.length === 0 && found.files.length === 0;
}

/** Polls until nothing of the launch is left; returns how long that took, or throws with what is left. */
export async function waitForCleanUp(launch: StartedLaunch, since: number, limitMs: number): Promise<number> {
  for (;;) {
    const found = await leftovers(launch);
    const elapsed = Date.now() - since;
    if (clean(found)) {
      return elapsed;
    }
    if (elapsed > limitMs) {
      throw new Error(
        [
          `not cleaned up ${limitMs} ms after the signal:`,
          `  port ${launch.port}: ${found.listening ? 'still listening' : 'closed'}`,
          `  processes left: ${found.processes.length}`,
          ...found.processes.map((row) => `    ${row.pid} (ppid ${row.ppid}, pgid ${row.pgid}) ${row.args.slice(0, 160)}`),
          `  files left in ${launch.tmp}: ${found.files.join(', ') || 'none'}`,
          '  output:',
          launch.output.join(''),
        ].join('\n'),
      );
    }
    await delay(50);
  }
}

/** Whatever a failed case left: killed, and the private TMPDIR removed. */
export async function forceCleanUp(launch: Pick<StartedLaunch, 'npmPid' | 'tmp' | 'tree'>): Promise<void> {
  const seen = new Set(launch.tree.map((row) => row.pid));
  for (const row of ps().filter((r) => seen.has(r.pid) || r.args.includes(launch.tmp) || r.pgid === launch.npmPid)) {
    try {
      process.kill(row.pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  await delay(200);
  await rm(launch.tmp, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

export interface BusyMachine {
  stop(): void;
}

/**
 * Keeps every core busy with many shell loops (about 12 per core, at most 64): signals and the
 * messages that follow them are then handled late, as on a loaded machine.
 */
export async function busyMachine(): Promise<BusyMachine> {
  const count = Math.min(64, availableParallelism() * 12);
  const loops: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    loops.push(spawn('/bin/sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }));
  }
  await delay(300);
  return {
    stop: () => {
      for (const loop of loops) {
        loop.kill('SIGKILL');
      }
    },
  };
}
