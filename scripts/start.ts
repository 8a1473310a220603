// Serves Fanout in code-server on samples/demo-workspace until Ctrl+C. One instance per checkout:
// a second `npm start` prints the running one's URL, and a server left behind by a launcher that
// was killed is stopped before a new one starts.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_WORKSPACE, REPO_ROOT, startCodeServer, type CodeServer } from '../test/workbench/codeServer';

const DEFAULT_PORT = 8480;

interface StartRecord {
  readonly launcherPid: number;
  readonly serverPid: number;
  readonly tempDir: string;
  readonly url: string;
}

/** Where this checkout's running instance is recorded. */
const RECORD = join(tmpdir(), `fanout-start-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}.json`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A killed process stays visible as a zombie until it is reaped: that is not alive.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function readRecord(): StartRecord | undefined {
  try {
    return JSON.parse(readFileSync(RECORD, 'utf8')) as StartRecord;
  } catch {
    return undefined;
  }
}

/** Returns the URL of an instance that is still served, after cleaning up one that is orphaned. */
function previousInstance(): string | undefined {
  const previous = readRecord();
  if (!previous) {
    return undefined;
  }
  if (alive(previous.launcherPid) && alive(previous.serverPid)) {
    return previous.url;
  }
  if (alive(previous.serverPid)) {
    try {
      process.kill(-previous.serverPid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(previous.tempDir, { recursive: true, force: true });
  rmSync(RECORD, { force: true });
  return undefined;
}

async function main(): Promise<void> {
  const running = previousInstance();
  if (running) {
    console.log(`Fanout is already being served by another "npm start" (stop it with Ctrl+C there):\n\n  ${running}\n`);
    return;
  }
  const verbose = process.env.FANOUT_VERBOSE === '1';
  const requested = Number(process.env.PORT ?? DEFAULT_PORT);

  // Ctrl+C (or a terminal closing) stops the server, also while it is still starting.
  let server: CodeServer | undefined = undefined;
  let stopping = false;
  const stop = async (reason: string): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    if (server) {
      console.log(`\n${reason}: stopping code-server (pid ${server.pid}) and removing ${server.tempDir}`);
      await server.stop();
    }
    if (readRecord()?.launcherPid === process.pid && existsSync(RECORD)) {
      unlinkSync(RECORD);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stop(signal).then(() => process.exit(0)));
  }

  server = await startCodeServer({
    preferredPort: Number.isInteger(requested) && requested > 0 ? requested : DEFAULT_PORT,
    onOutput: verbose ? (chunk) => process.stderr.write(chunk) : undefined,
  });
  if (stopping) {
    await server.stop();
    return;
  }
  const url = server.workbenchUrl({ folder: DEMO_WORKSPACE, extensionDevelopmentPath: REPO_ROOT });
  const record: StartRecord = { launcherPid: process.pid, serverPid: server.pid, tempDir: server.tempDir, url };
  writeFileSync(RECORD, JSON.stringify(record));
  void server.exited.then(async (code) => {
    if (!stopping) {
      console.error(`code-server exited on its own (code ${code}).`);
      await stop('exit');
      process.exit(1);
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
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
