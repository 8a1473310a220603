// Runs the in-host suite (out/test/host/index.js) in desktop VS Code through @vscode/test-electron.
// This needs a machine that can download VS Code (and a display, or xvfb-run, on Linux); offline
// machines run the same suite in code-server instead (`npm test`, tier 2).
//   FANOUT_VSCODE_VERSION  VS Code version to download ("stable", "insiders", "1.100.3"…);
//                          by default the newest one that satisfies engines.vscode.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_WORKSPACE, HOST_SUITE, REPO_ROOT } from '../workbench/codeServer';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  if (!existsSync(HOST_SUITE)) {
    console.error(`${HOST_SUITE} is missing: build it with "node esbuild.mjs --tests".`);
    return 2;
  }
  const version = process.env.FANOUT_VSCODE_VERSION;
  let vscodeExecutablePath: string;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({
      ...(version ? { version } : {}),
      extensionDevelopmentPath: REPO_ROOT,
      timeout: 30_000,
    });
  } catch (error) {
    console.error(
      [
        `Could not download VS Code: ${message(error)}`,
        '',
        'npm run test:electron runs the in-host suite in desktop VS Code, so it needs a desktop machine',
        'that can download VS Code (update.code.visualstudio.com) and show a window (or xvfb-run).',
        'On this machine, run the same suite in code-server instead: npm run test:host (part of npm test).',
      ].join('\n'),
    );
    return 1;
  }
  // The suite accepts staged changes into the workspace: give it a copy of the sample.
  const temp = await mkdtemp(join(tmpdir(), 'fanout-electron-'));
  const workspace = join(temp, 'demo-workspace');
  await cp(DEMO_WORKSPACE, workspace, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: HOST_SUITE,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } catch (error) {
    console.error(`The in-host suite failed in VS Code: ${message(error)}`);
    return 1;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(message(error));
    process.exit(1);
  },
);
