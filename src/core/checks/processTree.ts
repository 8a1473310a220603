/**
 * Ending a check's whole process tree. On POSIX a check is spawned as the leader of its own process
 * group, so one signal to the group reaches the shell, what it started and what those started
 * (unless one of them made itself a new session). On Windows `taskkill /T /F` ends the tree that
 * still hangs from the check's process.
 */
import { spawn } from 'node:child_process';

const isWindows = process.platform === 'win32';

/** Sends a signal to the process group led by `pid` (POSIX); false when no process of the group is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 1) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    // ESRCH: the group is gone. EPERM: nothing of ours is left in it to signal.
    return false;
  }
}

/** Whether any process of the group led by `pid` is still there (POSIX; unreaped zombies count). */
export function groupAlive(pid: number): boolean {
  return !isWindows && signalGroup(pid, 0);
}

/**
 * Ends the tree rooted at `pid`: SIGTERM (or SIGKILL when `force`) to its group on POSIX, `taskkill
 * /pid PID /T /F` on Windows (always forced there). Never throws.
 */
export function killTree(pid: number, force: boolean): void {
  if (!isWindows) {
    signalGroup(pid, force ? 'SIGKILL' : 'SIGTERM');
    return;
  }
  try {
    const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    killer.on('error', () => undefined);
  } catch {
    // taskkill missing: nothing more can be done from here.
  }
}
