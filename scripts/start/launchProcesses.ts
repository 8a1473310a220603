// The processes one `npm start` launched, and stopping them all within a bounded time.
//
// code-server runs in its own process group, but not everything it starts stays there: terminals
// get their own session, and children outlive a parent killed first. So every process of a launch
// is found by a marker in its environment (LAUNCH_MARKER=<launch id>), which code-server and all it
// starts inherit. Where /proc cannot be read, the launcher falls back to code-server's process group.
import { delay } from '../../test/workbench/net';
import { environHas, HAS_PROCFS, isAlive, listPids, procStat } from './procfs';

/** The environment variable that marks every process of one launch. */
export const LAUNCH_MARKER = 'FANOUT_START_LAUNCH';

export interface LaunchTarget {
  readonly launchId: string;
  /** code-server's pid, also its process group id; used where /proc is not available. */
  readonly serverPid?: number;
}

/** Live processes carrying the launch's marker (never this process). */
export function launchPids(target: LaunchTarget): number[] {
  if (!HAS_PROCFS) {
    return target.serverPid !== undefined && isAlive(target.serverPid) ? [target.serverPid] : [];
  }
  const entry = `${LAUNCH_MARKER}=${target.launchId}`;
  return listPids().filter((pid) => pid !== process.pid && procStat(pid)?.state !== 'Z' && environHas(pid, entry));
}

function signalAll(target: LaunchTarget, pids: readonly number[], signal: NodeJS.Signals): void {
  if (!HAS_PROCFS && target.serverPid !== undefined) {
    try {
      process.kill(-target.serverPid, signal);
    } catch {
      // The group is gone.
    }
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
}

export interface StopLimits {
  /** How long the processes get to exit after SIGTERM before SIGKILL. */
  readonly graceMs: number;
  /** How long to wait for SIGKILL to take effect. */
  readonly killWaitMs: number;
}

export const DEFAULT_STOP_LIMITS: StopLimits = { graceMs: 3000, killWaitMs: 2000 };

export interface StopReport {
  /** Processes found at the start. */
  readonly found: number;
  /** Processes that needed SIGKILL. */
  readonly killed: number;
  /** Processes still alive at the end (none, unless the kernel could not kill them in time). */
  readonly remaining: readonly number[];
}

async function waitUntilGone(target: LaunchTarget, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = launchPids(target);
  while (left.length > 0 && Date.now() < deadline) {
    await delay(50);
    left = launchPids(target);
  }
  return left;
}

/**
 * SIGTERM to every process of the launch, SIGKILL to those left after the grace period; returns
 * within graceMs + killWaitMs (plus one scan of /proc). Processes that appear meanwhile (a child
 * forked during shutdown) are found by the next scan and get the same treatment.
 */
export async function stopLaunchProcesses(target: LaunchTarget, limits: StopLimits = DEFAULT_STOP_LIMITS): Promise<StopReport> {
  const first = launchPids(target);
  if (first.length === 0) {
    return { found: 0, killed: 0, remaining: [] };
  }
  signalAll(target, first, 'SIGTERM');
  const stubborn = await waitUntilGone(target, limits.graceMs);
  if (stubborn.length === 0) {
    return { found: first.length, killed: 0, remaining: [] };
  }
  signalAll(target, stubborn, 'SIGKILL');
  let remaining = await waitUntilGone(target, limits.killWaitMs);
  if (remaining.length > 0) {
    signalAll(target, remaining, 'SIGKILL');
    remaining = launchPids(target);
  }
  return { found: first.length, killed: stubborn.length, remaining };
}

/** One synchronous SIGKILL sweep: the last step before the launcher exits, when no waiting is left. */
export function killLaunchProcessesNow(target: LaunchTarget): void {
  signalAll(target, launchPids(target), 'SIGKILL');
}
