// The guard of one `npm start`: a small process the launcher starts in its own session, so a Ctrl+C,
// a closing terminal or a kill of the launcher's process group does not reach it. It reads nothing
// from its stdin, a pipe from the launcher: the pipe ends when the launcher ends, however it ends
// (SIGKILL and crashes included). Then it stops whatever of the launch is still running and removes
// its folder and record. After a clean stop there is nothing left and it exits at once, silently.
//
// Run as: node --import tsx scripts/start/guard.ts '<GuardConfig as JSON>'
import { z } from 'zod';
import { cleanUpLaunch, cleanUpLaunchNow } from './cleanUp';
import { DEFAULT_STOP_LIMITS } from './launchProcesses';
import { isAlive } from './procfs';

const guardConfigSchema = z.object({
  launcherPid: z.number().int().positive(),
  launchId: z.uuid(),
  launchDir: z.string().min(1),
  tempBase: z.string().min(1),
  recordPath: z.string().min(1),
  /** How long the launch's processes get after SIGTERM (DEFAULT_STOP_LIMITS when absent). */
  graceMs: z.number().int().min(0).max(30_000).optional(),
});

export type GuardConfig = z.infer<typeof guardConfigSchema>;

/** The guard's own bound past the grace period: then one SIGKILL sweep and exit. */
const GUARD_LIMIT_MS = 12_000;
/** How often the launcher's pid is checked, in case the pipe's end is not seen. */
const POLL_MS = 1000;

function main(): void {
  const config = guardConfigSchema.parse(JSON.parse(process.argv[2] ?? ''));
  const launch = { launchId: config.launchId, launchDir: config.launchDir, tempBase: config.tempBase, recordPath: config.recordPath };
  const limits = { ...DEFAULT_STOP_LIMITS, ...(config.graceMs === undefined ? {} : { graceMs: config.graceMs }) };
  process.stderr.on('error', () => undefined);

  let started = false;
  const launcherEnded = (): void => {
    if (started) {
      return;
    }
    started = true;
    setTimeout(() => {
      cleanUpLaunchNow(launch);
      process.exit(1);
    }, limits.graceMs + GUARD_LIMIT_MS);
    void cleanUpLaunch(launch, limits).then(
      (report) => {
        cleanUpLaunchNow(launch);
        if (report.found > 0 || report.dirRemoved || report.recordRemoved) {
          process.stderr.write(
            `\nnpm start (pid ${config.launcherPid}) ended without stopping its code-server: stopped ${report.found} process(es)` +
              `${report.dirRemoved ? ` and removed ${config.launchDir}` : ''}.\n`,
          );
        }
        process.exit(0);
      },
      () => {
        cleanUpLaunchNow(launch);
        process.exit(1);
      },
    );
  };

  process.stdin.on('end', launcherEnded);
  process.stdin.on('close', launcherEnded);
  process.stdin.on('error', launcherEnded);
  process.stdin.resume();
  setInterval(() => {
    if (!isAlive(config.launcherPid)) {
      launcherEnded();
    }
  }, POLL_MS);
}

main();
