// Runs the in-host suite (out/test/host/index.js) inside code-server's extension host, driven by
// headless Chromium, and exits with the suite's exit code. Usage:
//   tsx test/host/runInCodeServer.ts [--installed <extensions dir>] [--timeout <seconds>] [--workspace <folder>]
// The suite accepts and writes files, so by default it opens a temp copy of samples/demo-workspace
// (removed with the server's temp dir); --workspace opens a folder as it is. With --installed,
// Fanout is loaded from an extensions dir (a .vsix installed into it) instead of from the
// repository with extensionDevelopmentPath.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { isOfflineNoise, launchBrowser, parseWorkbenchLog } from '../workbench/browser';
import { DEMO_WORKSPACE, HOST_SUITE, REPO_ROOT, startCodeServer, type CodeServer } from '../workbench/codeServer';
import { SUITE_BANNER } from './banner';
import { makeCiRun } from './ciRun';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      installed: { type: 'string' },
      timeout: { type: 'string', default: '120' },
      workspace: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const timeoutMs = Number(values.timeout) * 1000;
  if (!existsSync(HOST_SUITE)) {
    console.error(`${HOST_SUITE} is missing: build it with "node esbuild.mjs --tests".`);
    return 2;
  }

  let server: CodeServer | undefined;
  let ciDir: string | undefined;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  // Last resort if starting the server or the browser itself hangs: kill the server and leave.
  const watchdog = setTimeout(() => {
    console.error(`FAIL: the in-host run did not finish within ${values.timeout} s; stopping.`);
    void (server?.stop() ?? Promise.resolve()).finally(() => process.exit(124));
  }, timeoutMs + 30_000);
  watchdog.unref();
  try {
    // A run folder as a CI runner makes it (the CLI on the sample), for "Review Run from Folder…".
    ciDir = await mkdtemp(join(tmpdir(), 'fanout-ci-run-'));
    const ciRun = await makeCiRun(DEMO_WORKSPACE, ciDir);
    server = await startCodeServer({
      ...(values.installed ? { extensionsDir: values.installed } : {}),
      onOutput: values.verbose ? (chunk) => process.stderr.write(chunk) : undefined,
      // The demo's scripted model at a tenth of its watching pace: the read-only suite runs it whole.
      env: { FANOUT_DEMO_TIME_SCALE: '0.1', FANOUT_TEST_CI_RUN: ciRun },
      // Demo mode: a key in the caller's environment must not reach the suite's runs.
      withoutApiKeyEnv: true,
    });
    // VS Code runs extensionTestsPath only in extension development mode. For the installed copy,
    // development mode gets an empty folder, so the extension comes from the extensions dir.
    let developmentPath = REPO_ROOT;
    if (values.installed) {
      developmentPath = join(server.tempDir, 'no-development-extension');
      await mkdir(developmentPath);
    }
    let folder = values.workspace;
    if (folder === undefined) {
      folder = join(server.tempDir, 'demo-workspace');
      await cp(DEMO_WORKSPACE, folder, { recursive: true });
    }
    const url = server.workbenchUrl({ folder, extensionDevelopmentPath: developmentPath, extensionTestsPath: HOST_SUITE });
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
      timer = setTimeout(
        () => {
          console.error(`FAIL: the in-host suite did not finish within ${values.timeout} s (no codeAutomationExit call).`);
          resolve(124);
        },
        Math.max(0, started + timeoutMs - Date.now()),
      );
    });
    // The extension host's console (mocha's reporter) reaches the page as workbench INFO lines;
    // everything from the suite's banner on is the suite's output.
    let suiteStarted = false;
    page.on('console', (message) => {
      const text = message.text();
      const log = parseWorkbenchLog(text);
      suiteStarted ||= log?.text === SUITE_BANNER;
      if (suiteStarted && log?.level === 'INFO') {
        process.stdout.write(`${log.text}\n`);
      } else if (values.verbose || (message.type() === 'error' && !isOfflineNoise(text))) {
        process.stderr.write(`[workbench ${message.type()}] ${text}\n`);
      }
    });
    page.on('pageerror', (error) => process.stderr.write(`[workbench pageerror] ${String(error)}\n`));
    await page.goto(url);
    const code = await exitCode;
    console.log(`in-host suite exited with code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return code;
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (ciDir !== undefined) await rm(ciDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`FAIL: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
