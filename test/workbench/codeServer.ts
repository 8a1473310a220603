// Starts a private code-server (the VS Code server and web workbench) for Fanout's in-host and
// end-to-end tests and for `npm start`. Everything it writes lives in one temp dir removed on stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { delay, NotAnsweringError, pickPort, waitForHttp } from './net';

/** The repository root (this file is test/workbench/codeServer.ts). */
export const REPO_ROOT = resolve(__dirname, '..', '..');
/** The sample project the workbench opens by default. */
export const DEMO_WORKSPACE = join(REPO_ROOT, 'samples', 'demo-workspace');
/** Mocha's in-host suite as esbuild bundles it with `--tests`. */
export const HOST_SUITE = join(REPO_ROOT, 'out', 'test', 'host', 'index.js');

const CODE_SERVER_ENTRY = join(REPO_ROOT, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** JSON values a settings.json may hold. */
export type SettingValue = string | number | boolean | null | readonly SettingValue[] | { readonly [key: string]: SettingValue };

export interface CodeServerOptions {
  /** Port to try first; a free one is picked when it is taken or not given. */
  readonly preferredPort?: number;
  /** Colour theme for screenshots, e.g. "Default Light Modern". */
  readonly colorTheme?: string;
  /** Keep Workspace Trust on (off by default so nothing asks before the workbench is usable). */
  readonly workspaceTrust?: boolean;
  /** Extra user settings merged over the quiet defaults. */
  readonly settings?: Readonly<Record<string, SettingValue>>;
  /** Use this extensions dir instead of an empty one in the temp dir (e.g. one a .vsix was installed into). */
  readonly extensionsDir?: string;
  /**
   * Drop the ANTHROPIC_* variables this process inherited so Fanout starts in demo mode whatever the
   * caller's shell holds; ones given in `env` are still passed.
   */
  readonly withoutApiKeyEnv?: boolean;
  /** Extra environment for the server and the extension host it starts (e.g. `FANOUT_RUNS_DIR`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where code-server's own output goes; discarded when absent. */
  readonly onOutput?: (chunk: string) => void;
  /** How long to wait for the server to answer HTTP. */
  readonly startTimeoutMs?: number;
}

export interface WorkbenchUrlOptions {
  /** Absolute path of the folder to open. */
  readonly folder: string;
  /** Absolute path of an extension to load in development mode. */
  readonly extensionDevelopmentPath?: string;
  /** Absolute path of a module exporting `run()` to execute inside the extension host. */
  readonly extensionTestsPath?: string;
}

export interface CodeServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  /** The temp dir holding user data, extensions, XDG dirs and TMPDIR. */
  readonly tempDir: string;
  readonly pid: number;
  /** The URL that opens `folder` with the payload VS Code reads for development and tests. */
  workbenchUrl(options: WorkbenchUrlOptions): string;
  /** Resolves when the server process exits, with its exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Stops the server's whole process group and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** Settings that keep the workbench quiet and deterministic. */
export function quietSettings(options: Pick<CodeServerOptions, 'colorTheme' | 'workspaceTrust'>): Record<string, SettingValue> {
  const settings: Record<string, SettingValue> = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'chat.commandCenter.enabled': false,
    'window.commandCenter': false,
    'editor.minimap.enabled': false,
    'security.workspace.trust.enabled': options.workspaceTrust === true,
    // Off unless a suite turns them on (the checks flow): the sample project's `npm test` would be
    // detected and asked about before every run, and its tests need Node 22.6 (type stripping).
    'fanout.checksEnabled': false,
  };
  if (options.colorTheme) {
    settings['workbench.colorTheme'] = options.colorTheme;
  }
  return settings;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * For a process that does not handle SIGINT, SIGTERM or SIGHUP itself (a test runner), turns them
 * into process.exit so the 'exit' cleanup runs. Launchers with their own handlers keep them.
 */
function exitOnSignals(): { dispose(): void } {
  const installed: [NodeJS.Signals, () => void][] = [];
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    if (process.listenerCount(signal) === 0) {
      const handler = (): void => process.exit(code);
      process.once(signal, handler);
      installed.push([signal, handler]);
    }
  }
  return {
    dispose: () => {
      for (const [signal, handler] of installed) {
        process.removeListener(signal, handler);
      }
    },
  };
}

/** Starts code-server in its own process group with everything in a fresh temp dir. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY} is missing): run scripts/ensure-prereqs.sh`);
  }
  const tempDir = await mkdtemp(join(tmpdir(), 'fanout-code-server-'));
  const extensionsDir = options.extensionsDir ?? join(tempDir, 'ext');
  await mkdir(join(tempDir, 'ud', 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await mkdir(join(tempDir, 'xdg'), { recursive: true });
  await mkdir(join(tempDir, 'tmp'), { recursive: true });
  const settings = { ...quietSettings(options), ...options.settings };
  await writeFile(join(tempDir, 'ud', 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  await writeFile(join(tempDir, 'empty.yaml'), '');

  const inherited: NodeJS.ProcessEnv = { ...process.env };
  if (options.withoutApiKeyEnv === true) {
    // Only what this process inherited: a key and endpoint the caller passes in `env` (a test's fake
    // Messages API) are kept.
    for (const name of Object.keys(inherited).filter((n) => n.startsWith('ANTHROPIC_'))) {
      delete inherited[name];
    }
  }
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...options.env,
    XDG_CONFIG_HOME: join(tempDir, 'xdg'),
    XDG_DATA_HOME: join(tempDir, 'xdg'),
    TMPDIR: join(tempDir, 'tmp'),
  };
  // code-server lets $PORT override --bind-addr; the port chosen here must win.
  delete env.PORT;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;

  // A free port can be taken by a parallel run before code-server binds it: then it exits at
  // once and the next attempt picks another port.
  for (let attempt = 1; ; attempt++) {
    const port = await pickPort(attempt === 1 ? options.preferredPort : undefined);
    const launched = launch(port, tempDir, extensionsDir, env, options);
    try {
      await waitForHttp(`${launched.origin}/healthz`, launched.exited, options.startTimeoutMs ?? 60_000);
      return launched;
    } catch (error) {
      await launched.stop({ keepTempDir: true });
      if (!(error instanceof NotAnsweringError && error.exitedEarly && attempt < 3)) {
        await rm(tempDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}

interface Launched extends CodeServer {
  stop(options?: { readonly keepTempDir?: boolean }): Promise<void>;
}

function launch(port: number, tempDir: string, extensionsDir: string, env: NodeJS.ProcessEnv, options: CodeServerOptions): Launched {
  const args = [
    CODE_SERVER_ENTRY,
    '--config',
    join(tempDir, 'empty.yaml'),
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    join(tempDir, 'ud'),
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.workspaceTrust === true ? [] : ['--disable-workspace-trust']),
  ];
  const child = spawn(process.execPath, args, { cwd: tempDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const onOutput = options.onOutput;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => onOutput?.(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => onOutput?.(chunk));
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(-1));
  });

  // If this process ends without stop() (an uncaught error, process.exit, a signal it does not
  // handle), the server must not outlive it.
  const onExit = (): void => {
    killGroup(child, 'SIGKILL');
    rmSync(tempDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const signalHandlers = exitOnSignals();

  const origin = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  const stop = (stopOptions: { readonly keepTempDir?: boolean } = {}): Promise<void> => {
    stopped ??= (async () => {
      process.removeListener('exit', onExit);
      signalHandlers.dispose();
      killGroup(child, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      if (!gone) {
        killGroup(child, 'SIGKILL');
        await Promise.race([exited, delay(2000)]);
      }
      // Children of the group (extension host, file watcher) may outlive the parent by a moment.
      killGroup(child, 'SIGKILL');
      if (stopOptions.keepTempDir !== true) {
        await rm(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      }
    })();
    return stopped;
  };

  return {
    port,
    origin,
    tempDir,
    pid: child.pid ?? -1,
    exited,
    stop,
    workbenchUrl: (url) => {
      const devPath = url.extensionDevelopmentPath;
      return workbenchUrl(origin, devPath ? { ...url, extensionDevelopmentPath: developmentLink(tempDir, devPath) } : url);
    },
  };
}

/**
 * The path to load a development extension from. The repository holds code-server itself (in
 * node_modules), so VS Code would take every built-in theme for one the extension under
 * development contributes and ignore `workbench.colorTheme`; a symlink in the temp dir keeps the
 * built-in extensions outside the development location.
 */
function developmentLink(tempDir: string, extensionPath: string): string {
  const inside = relative(resolve(extensionPath), CODE_SERVER_ENTRY);
  if (inside.startsWith('..')) {
    return extensionPath;
  }
  const link = join(tempDir, 'fanout-extension');
  if (!existsSync(link)) {
    symlinkSync(resolve(extensionPath), link, 'dir');
  }
  return link;
}

/** `origin/?folder=…&payload=…` with paths as `vscode-remote://` URIs on this server. */
export function workbenchUrl(origin: string, options: WorkbenchUrlOptions): string {
  const authority = origin.replace(/^https?:\/\//, '');
  const remote = (path: string): string => `vscode-remote://${authority}${resolve(path)}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  }
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  }
  payload.push(['skipWelcome', 'true']);
  const query = new URLSearchParams({ folder: resolve(options.folder), payload: JSON.stringify(payload) });
  return `${origin}/?${query.toString()}`;
}
