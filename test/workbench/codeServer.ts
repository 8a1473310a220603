// Starts a private code-server (the VS Code server and web workbench) for Fanout's in-host and
// end-to-end tests and for `npm start`. Everything it writes lives in one temp dir removed on stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  };
  if (options.colorTheme) {
    settings['workbench.colorTheme'] = options.colorTheme;
  }
  return settings;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

/** The preferred port when it is free, otherwise any free port on 127.0.0.1. */
export async function pickPort(preferred?: number): Promise<number> {
  if (preferred !== undefined && preferred > 0 && (await portIsFree(preferred))) {
    return preferred;
  }
  return anyFreePort();
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolveStatus) => {
    const request = get(url, (response) => {
      response.resume();
      resolveStatus(response.statusCode ?? 0);
    });
    request.setTimeout(2000, () => request.destroy());
    request.once('error', () => resolveStatus(0));
  });
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`code-server exited with code ${exitCode} before answering ${url}`);
    }
    const status = await httpStatus(url);
    if (status >= 200 && status < 400) {
      return;
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
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

/** Starts code-server in its own process group with everything in a fresh temp dir. */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY} is missing): run scripts/ensure-prereqs.sh`);
  }
  const tempDir = await mkdtemp(join(tmpdir(), 'fanout-code-server-'));
  const userDataDir = join(tempDir, 'ud');
  const extensionsDir = options.extensionsDir ?? join(tempDir, 'ext');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await mkdir(join(tempDir, 'xdg'), { recursive: true });
  await mkdir(join(tempDir, 'tmp'), { recursive: true });
  const settings = { ...quietSettings(options), ...options.settings };
  await writeFile(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  await writeFile(join(tempDir, 'empty.yaml'), '');

  const port = await pickPort(options.preferredPort);
  const args = [
    CODE_SERVER_ENTRY,
    '--config', join(tempDir, 'empty.yaml'),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.workspaceTrust === true ? [] : ['--disable-workspace-trust']),
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(tempDir, 'xdg'),
    XDG_DATA_HOME: join(tempDir, 'xdg'),
    TMPDIR: join(tempDir, 'tmp'),
  };
  // code-server lets $PORT override --bind-addr; the port chosen above must win.
  delete env.PORT;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;

  const child = spawn(process.execPath, args, { cwd: tempDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const onOutput = options.onOutput;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => onOutput?.(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => onOutput?.(chunk));
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(-1));
  });

  const origin = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      killGroup(child, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      if (!gone) {
        killGroup(child, 'SIGKILL');
        await Promise.race([exited, delay(2000)]);
      }
      // Children of the group (extension host, file watcher) may outlive the parent by a moment.
      killGroup(child, 'SIGKILL');
      await rm(tempDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    })();
    return stopped;
  };

  try {
    await waitForHttp(`${origin}/healthz`, exited, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    port,
    origin,
    tempDir,
    pid: child.pid ?? -1,
    exited,
    stop,
    workbenchUrl: (url) => workbenchUrl(origin, url),
  };
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
