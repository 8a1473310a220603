// Cleaning up after one launch: its processes (bounded: SIGTERM, then SIGKILL), its folder, and the
// record when it still names this launch. The launcher runs it when it stops; the guard runs it when
// the launcher ended without doing so; a later `npm start` runs it for a record left behind.
import { rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { DEFAULT_STOP_LIMITS, killLaunchProcessesNow, stopLaunchProcesses, type StopLimits, type StopReport } from './launchProcesses';
import { isLaunchDir, removeRecordOf } from './record';

export interface Launch {
  readonly launchId: string;
  /** The folder holding everything the launch writes; removed only when `isLaunchDir` accepts it. */
  readonly launchDir: string;
  /** The temp dir the launch folder and the record are in. */
  readonly tempBase: string;
  readonly recordPath: string;
  readonly serverPid?: number;
}

export interface CleanUpReport extends StopReport {
  readonly dirRemoved: boolean;
  readonly recordRemoved: boolean;
}

export async function cleanUpLaunch(launch: Launch, limits: StopLimits = DEFAULT_STOP_LIMITS): Promise<CleanUpReport> {
  const stopped = await stopLaunchProcesses(launch, limits);
  let dirRemoved = false;
  if (isLaunchDir(launch.launchDir, launch.tempBase)) {
    await rm(launch.launchDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    dirRemoved = true;
  }
  return { ...stopped, dirRemoved, recordRemoved: removeRecordOf(launch.recordPath, launch.launchId) };
}

/**
 * The same without waiting: SIGKILL to whatever is left, the folder and the record removed. The
 * last step before the launcher exits, also when the bounded cleanup ran out of time.
 */
export function cleanUpLaunchNow(launch: Launch): void {
  killLaunchProcessesNow(launch);
  try {
    if (isLaunchDir(launch.launchDir, launch.tempBase)) {
      rmSync(launch.launchDir, { recursive: true, force: true, maxRetries: 2, retryDelay: 50 });
    }
  } catch {
    // The guard tries again once this process has exited.
  }
  removeRecordOf(launch.recordPath, launch.launchId);
}
