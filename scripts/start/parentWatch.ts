// Stops the launch when what started it ends without a signal reaching the launcher: npm killed with
// SIGKILL, a shell between npm and the launcher that died of a signal it did not pass on. The watched
// processes are the launcher's parent and, when that parent is the shell a package manager runs a
// script in (`sh -c <script>`), the package manager above it.
import { cmdline, isAlive, procStat } from './procfs';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh']);

/** Whether `argv` is `<shell> -c <script>`: how npm, pnpm and yarn run a package script. */
export function isScriptShell(argv: readonly string[] | undefined, script: string | undefined): boolean {
  if (!argv || script === undefined || argv.length !== 3) {
    return false;
  }
  const shell = argv[0].slice(argv[0].lastIndexOf('/') + 1);
  return SHELLS.has(shell) && argv[1] === '-c' && argv[2] === script;
}

/** The processes whose end ends the launch, nearest first. */
export function launcherChain(parentPid: number, env: NodeJS.ProcessEnv): number[] {
  const chain = [parentPid];
  if (isScriptShell(cmdline(parentPid), env.npm_lifecycle_script)) {
    const above = procStat(parentPid)?.ppid;
    if (above !== undefined && above > 1) {
      chain.push(above);
    }
  }
  return chain;
}

export interface ParentWatch {
  dispose(): void;
}

/**
 * Calls `onGone` once when a process of the chain is no longer alive or this process got another
 * parent (it was orphaned). Checked every `intervalMs`; the timer does not keep the process alive.
 */
export function watchParents(chain: readonly number[], expectedParent: number, onGone: (pid: number) => void, intervalMs = 250): ParentWatch {
  let done = false;
  const check = (): void => {
    if (done) {
      return;
    }
    const gone = process.ppid !== expectedParent ? expectedParent : chain.find((pid) => !isAlive(pid));
    if (gone !== undefined) {
      done = true;
      clearInterval(timer);
      onGone(gone);
    }
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  setImmediate(check);
  return {
    dispose: () => {
      done = true;
      clearInterval(timer);
    },
  };
}
