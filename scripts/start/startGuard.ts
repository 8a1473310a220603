// Starts the guard (guard.ts) of this launch: in its own session, with a pipe from this process as
// its stdin, so it notices this process ending whatever the way.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { REPO_ROOT } from '../../test/workbench/codeServer';
import type { GuardConfig } from './guard';

const GUARD_ENTRY = join(REPO_ROOT, 'scripts', 'start', 'guard.ts');

export interface Guard {
  readonly pid: number;
}

export function startGuard(config: GuardConfig): Guard {
  const child = spawn(process.execPath, ['--import', 'tsx', GUARD_ENTRY, JSON.stringify(config)], {
    cwd: REPO_ROOT,
    detached: true,
    // stderr is shared so the guard can say what it cleaned up after a launcher that was killed.
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  if (child.pid === undefined) {
    throw new Error('could not start the npm start guard process');
  }
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  // Neither the guard nor its pipe keeps this process alive; the pipe closes when this process ends.
  child.unref();
  (child.stdin as Socket | null)?.unref();
  return { pid: child.pid };
}
