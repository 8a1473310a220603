// Serves Fanout in code-server on samples/demo-workspace until stopped. One instance per checkout:
// a second `npm start` prints the running one's URL, and what a killed launcher left behind is
// stopped and removed before a new one starts.
//
// Stopping: SIGINT (Ctrl+C), SIGTERM or SIGHUP to this process, to npm (which passes SIGINT and
// SIGTERM on), or to the whole process group; the process that started this one ending (npm killed,
// or a shell between them that died of a signal); code-server exiting on its own. Each stops every
// process of the launch (SIGTERM, then SIGKILL after a grace period; start/launchProcesses.ts), then
// removes the launch folder (code-server's temp dir is inside it) and the record, all within
// STOP_LIMIT_MS. A second signal while stopping does not interrupt that. When this process itself is
// killed outright, its guard (start/guard.ts) does the same.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_WORKSPACE, REPO_ROOT, startCodeServer, type CodeServer } from '../test/workbench/codeServer';
import { cleanUpLaunch, cleanUpLaunchNow, type Launch } from './start/cleanUp';
import { LAUNCH_MARKER, launchPids } from './start/launchProcesses';
import { launcherChain, watchParents, type ParentWatch } from './start/parentWatch';
import { isAlive } from './start/procfs';
import { LAUNCH_DIR_PREFIX, readRecord, recordPath, removeInvalidRecord, writeRecord } from './start/record';
import { startGuard } from './start/startGuard';

const DEFAULT_PORT = 8480;
/** The shared temp dir, read before TMPDIR is pointed at the launch folder. */
const TEMP_BASE = tmpdir();
/** Where this checkout's running instance is recorded. */
const RECORD = recordPath(REPO_ROOT, TEMP_BASE);
/** Everything is stopped and removed within this; past it, one SIGKILL sweep and exit. */
const STOP_LIMIT_MS = 8000;
/** A signal repeated within this of the first is the same request. */
const REPEAT_WINDOW_MS = 1000;

/** Returns the URL of an instance that is still served, after cleaning up one that was left behind. */
async function previousInstance(): Promise<string | undefined> {
  const read = readRecord(RECORD);
  if (read.kind === 'invalid') {
    removeInvalidRecord(RECORD);
  }
  if (read.kind !== 'record') {
    return undefined;
  }
  const previous = read.record;
  const target = { launchId: previous.launchId, serverPid: previous.serverPid };
  if (isAlive(previous.launcherPid) && launchPids(target).length > 0) {
    return previous.url;
  }
  const report = await cleanUpLaunch({ ...target, launchDir: previous.launchDir, tempBase: TEMP_BASE, recordPath: RECORD });
  if (report.found > 0 || report.dirRemoved) {
    console.log(`Stopped what an earlier npm start (pid ${previous.launcherPid}) left running, and removed its temp folder.`);
  }
  return undefined;
}

/** The process that started this one: start.sh passes its own parent (this process replaces start.sh). */
function expectedParent(): number {
  const given = Number(process.env.FANOUT_START_PARENT_PID);
  // Not passed on to code-server: an `npm start` in one of its terminals has its own parent.
  delete process.env.FANOUT_START_PARENT_PID;
  return Number.isInteger(given) && given > 0 ? given : process.ppid;
}

interface LaunchState {
  launch?: Launch;
  server?: CodeServer;
  parents?: ParentWatch;
  stopping: boolean;
  stopStarted: number;
  toldStillStopping: boolean;
}

const state: LaunchState = { stopping: false, stopStarted: 0, toldStillStopping: false };

/** Stops everything of this launch (bounded by STOP_LIMIT_MS) and exits; later calls only say it is under way. */
function stop(reason: string, exitCode: number): void {
  if (state.stopping) {
    // Ctrl+C under npm arrives twice at once (from the terminal, and passed on by npm): only a later one is news.
    if (!state.toldStillStopping && Date.now() - state.stopStarted > REPEAT_WINDOW_MS) {
      state.toldStillStopping = true;
      console.log(`${reason}: still stopping; everything is gone within ${STOP_LIMIT_MS / 1000} s.`);
    }
    return;
  }
  state.stopping = true;
  state.parents?.dispose();
  const started = Date.now();
  state.stopStarted = started;
  const { launch, server } = state;
  const current = launch ? { ...launch, ...(server ? { serverPid: server.pid } : {}) } : undefined;
  const finish = (): void => {
    if (current) {
      cleanUpLaunchNow(current);
    }
    process.exit(exitCode);
  };
  setTimeout(finish, STOP_LIMIT_MS);
  if (!current) {
    if (exitCode !== 0) {
      console.error(reason);
    }
    finish();
    return;
  }
  console.log(`\n${reason}: stopping code-server${server ? ` (pid ${server.pid})` : ''} and removing ${current.launchDir}`);
  cleanUpLaunch(current).then(
    (report) => {
      const killed = report.killed > 0 ? `; ${report.killed} needed SIGKILL` : '';
      console.log(`Stopped ${report.found} process(es) in ${((Date.now() - started) / 1000).toFixed(1)} s${killed}.`);
      finish();
    },
    (error: unknown) => {
      console.error(`Cleaning up failed (${error instanceof Error ? error.message : String(error)}); killing what is left.`);
      finish();
    },
  );
}

async function main(): Promise<void> {
  // A terminal that closed or a pipe reader that quit must not turn a message into a crash mid-cleanup.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => undefined);
  }
  // Installed before code-server starts, so startCodeServer keeps these instead of adding its own.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => stop(signal, 0));
  }
  const parent = expectedParent();
  state.parents = watchParents(launcherChain(parent, process.env), parent, (pid) => stop(`The process that started npm start (pid ${pid}) ended`, 0));

  const running = await previousInstance();
  if (running) {
    state.parents.dispose();
    console.log(`Fanout is already being served by another "npm start" (stop it with Ctrl+C there):\n\n  ${running}\n`);
    return;
  }
  if (state.stopping) {
    return;
  }

  const launchId = randomUUID();
  const launchDir = mkdtempSync(join(TEMP_BASE, LAUNCH_DIR_PREFIX));
  state.launch = { launchId, launchDir, tempBase: TEMP_BASE, recordPath: RECORD };
  startGuard({ launcherPid: process.pid, launchId, launchDir, tempBase: TEMP_BASE, recordPath: RECORD });
  // code-server's temp dir is made with tmpdir(): inside the launch folder, one removal takes it all.
  process.env.TMPDIR = launchDir;

  const verbose = process.env.FANOUT_VERBOSE === '1';
  const requested = Number(process.env.PORT ?? DEFAULT_PORT);
  const server = await startCodeServer({
    preferredPort: Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_PORT,
    env: { [LAUNCH_MARKER]: launchId },
    onOutput: verbose ? (chunk) => process.stderr.write(chunk) : undefined,
  });
  state.server = server;
  if (state.stopping) {
    return;
  }
  const url = server.workbenchUrl({ folder: DEMO_WORKSPACE, extensionDevelopmentPath: REPO_ROOT });
  try {
    writeRecord(RECORD, { launchId, launcherPid: process.pid, serverPid: server.pid, launchDir, url });
  } catch (error) {
    console.error(`Could not write ${RECORD} (${error instanceof Error ? error.message : String(error)}): a second npm start will not find this one.`);
  }
  void server.exited.then((code) => {
    if (!state.stopping) {
      stop(`code-server exited on its own (code ${code})`, 1);
    }
  });

  if (server.port !== requested) {
    console.log(`Port ${requested} is taken; using ${server.port}.`);
  }
  console.log(
    [
      '',
      'Fanout is running in VS Code (code-server) on samples/demo-workspace.',
      `Open this URL in a browser (on this machine, or through a forwarded port ${server.port}):`,
      '',
      `  ${url}`,
      '',
      'The extension loads from this checkout. After a change, rebuild (npm run build, or keep',
      '`npm run watch` running) and run "Developer: Reload Window" in the browser.',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  // While stopping, code-server failing to start is the stop's own doing.
  if (!state.stopping) {
    stop(`npm start failed: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
});
