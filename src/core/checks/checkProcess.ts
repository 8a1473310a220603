/**
 * Runs one check's command as a process and says how it ended. The command goes through the shell
 * (`/bin/sh -c` on POSIX, `cmd.exe` on Windows) from the snapshot's root, with stdin closed and
 * stdout and stderr kept together as they arrive, within the output cap (`processOutput.ts`).
 *
 * The process is the leader of its own group (POSIX), so a timeout or a cancel ends the whole tree:
 * SIGTERM to the group, SIGKILL two seconds later if the shell has not exited (`processTree.ts`).
 * A process the check left in the background is ended once the check's shell has exited, and one
 * that holds the output pipes open keeps the result waiting for at most two seconds. The promise
 * never rejects: a process that cannot start is outcome 'error' with a message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CheckOutcome, CheckProcessResult } from './checkTypes';
import { OutputKeeper } from './processOutput';
import { groupAlive, killTree } from './processTree';

export interface CheckProcessOptions {
  /** Run through the shell (sh -c on POSIX, cmd.exe on Windows). */
  readonly command: string;
  readonly cwd: string;
  /** Already cleaned (`checkEnvironment`). */
  readonly env: NodeJS.ProcessEnv;
  /** Wall time before the tree is killed; 0 or less: no limit. */
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Cancel: kill the whole tree, outcome 'cancelled'. */
  readonly signal?: AbortSignal;
  /** Where the kept output is written when the check ends (created with its folder); absent: not written. */
  readonly logFile?: string;
}

/** Time between SIGTERM and SIGKILL to the group, and the longest wait for the pipes once the shell exited. */
export const KILL_GRACE_MS = 2_000;
/** Longest delay setTimeout takes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const isWindows = process.platform === 'win32';

/** How the process part of a run ended, before it is put in words. */
interface Ended {
  readonly stoppedBy?: 'timeout' | 'abort';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly spawnError?: string;
  /** The shell exited but something it started kept the output open and was ended. */
  readonly heldOpen: boolean;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Runs the command and resolves once it and its process group are gone. Never rejects. */
export async function runCheckProcess(options: CheckProcessOptions): Promise<CheckProcessResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const keeper = new OutputKeeper(options.maxOutputBytes);
  let result: CheckProcessResult;
  try {
    if (options.signal?.aborted) {
      result = noProcess('cancelled', 'Cancelled before it started.', elapsed());
    } else {
      const missing = await folderProblem(options.cwd);
      result = missing ? noProcess('error', missing, elapsed()) : toResult(await spawnAndWait(options, keeper), keeper, options.timeoutMs, elapsed());
    }
  } catch (error) {
    result = noProcess('error', `The check could not be run: ${describe(error)}`, elapsed());
  }
  if (options.logFile === undefined) return result;
  const logged = await writeLog(options.logFile, result.output !== '' ? result.output : `${result.message ?? ''}\n`);
  if (logged === undefined) return result;
  return { ...result, message: result.message ? `${result.message} ${logged}` : logged };
}

function noProcess(outcome: CheckOutcome, message: string, durationMs: number): CheckProcessResult {
  return { outcome, exitCode: null, signal: null, durationMs, outputBytes: 0, output: '', truncated: false, message };
}

function toResult(ended: Ended, keeper: OutputKeeper, timeoutMs: number, durationMs: number): CheckProcessResult {
  const kept = keeper.result();
  const base = { exitCode: ended.exitCode, signal: ended.signal, durationMs, outputBytes: kept.totalBytes, output: kept.text, truncated: kept.truncated };
  if (ended.spawnError !== undefined) return { ...base, outcome: 'error', message: `The check could not start: ${ended.spawnError}` };
  if (ended.stoppedBy === 'timeout') {
    return { ...base, outcome: 'timed-out', message: `Timed out after ${seconds(timeoutMs)} s; the check and every process it started were ended.` };
  }
  if (ended.stoppedBy === 'abort') return { ...base, outcome: 'cancelled', message: 'Cancelled; the check and every process it started were ended.' };
  const held = ended.heldOpen ? 'A process it started kept its output open after it exited and was ended.' : undefined;
  if (ended.exitCode === 0) return held ? { ...base, outcome: 'passed', message: held } : { ...base, outcome: 'passed' };
  const how = ended.exitCode !== null ? `Exited with code ${ended.exitCode}.` : `Ended by ${ended.signal ?? 'a signal'}.`;
  return { ...base, outcome: 'failed', message: held ? `${how} ${held}` : how };
}

/** Why the check cannot run in `cwd`, or undefined when it is a folder. */
async function folderProblem(cwd: string): Promise<string | undefined> {
  try {
    if ((await stat(cwd)).isDirectory()) return undefined;
    return `The check's folder ${cwd} is not a folder.`;
  } catch (error) {
    return `The check's folder ${cwd} cannot be used (${describe(error)}).`;
  }
}

/** Writes the log; undefined when written, else a sentence saying why not. */
async function writeLog(logFile: string, text: string): Promise<string | undefined> {
  try {
    await mkdir(dirname(logFile), { recursive: true });
    await writeFile(logFile, text, 'utf8');
    return undefined;
  } catch (error) {
    return `Its output could not be saved to ${logFile} (${describe(error)}).`;
  }
}

function spawnAndWait(options: CheckProcessOptions, keeper: OutputKeeper): Promise<Ended> {
  return new Promise<Ended>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(options.command, {
        shell: true,
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: !isWindows,
        windowsHide: true,
      });
    } catch (error) {
      resolve({ exitCode: null, signal: null, spawnError: describe(error), heldOpen: false });
      return;
    }
    const pid = child.pid;
    const timers: NodeJS.Timeout[] = [];
    let stoppedBy: Ended['stoppedBy'];
    let exit: { readonly code: number | null; readonly signal: string | null } | undefined;
    let closed = false;
    let settled = false;

    const onData = (chunk: Buffer): void => keeper.push(chunk);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);

    const settle = (ended: Ended): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (pid !== undefined && ((!isWindows && groupAlive(pid)) || (isWindows && !closed))) killTree(pid, true);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(ended);
    };
    const finish = (heldOpen: boolean): void =>
      settle({ stoppedBy, exitCode: exit?.code ?? null, signal: exit?.signal ?? null, heldOpen: heldOpen && stoppedBy === undefined });
    const stop = (why: 'timeout' | 'abort'): void => {
      if (settled || stoppedBy !== undefined) return;
      stoppedBy = why;
      if (pid === undefined) return;
      killTree(pid, false);
      if (!isWindows) timers.push(setTimeout(() => killTree(pid, true), KILL_GRACE_MS));
    };
    function onAbort(): void {
      stop('abort');
    }

    child.on('error', (error) => {
      // After a start, errors are failed kills; the exit still comes. Before it, nothing will.
      if (pid === undefined) settle({ exitCode: null, signal: null, spawnError: describe(error), heldOpen: false });
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      if (closed) finish(false);
      else timers.push(setTimeout(() => finish(true), KILL_GRACE_MS));
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      closed = true;
      exit ??= { code, signal };
      finish(false);
    });
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) stop('abort');
    if (Number.isFinite(options.timeoutMs) && options.timeoutMs > 0) {
      timers.push(setTimeout(() => stop('timeout'), Math.min(options.timeoutMs, MAX_TIMER_MS)));
    }
  });
}
