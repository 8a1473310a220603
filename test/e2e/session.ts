// One workbench for an end-to-end suite: code-server with Fanout in development mode on the demo
// workspace, a Chromium page on it, and every console line the page and its webviews logged.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { findFrameWith, launchBrowser, recordConsole, type ConsoleLine } from '../workbench/browser';
import { DEMO_WORKSPACE, REPO_ROOT, startCodeServer, type CodeServer } from '../workbench/codeServer';
import * as sel from '../workbench/selectors';

/** Where screenshots go; the suite prints it. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

export interface WorkbenchSession {
  readonly server: CodeServer;
  readonly browser: Browser;
  readonly page: Page;
  readonly console: ConsoleLine[];
  /** Saves a PNG of the whole workbench and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface SessionOptions {
  readonly colorTheme?: string;
  /** Folder to open; the sample workspace by default. */
  readonly folder?: string;
  /** Extra environment for code-server and its extension host. */
  readonly env?: Readonly<Record<string, string>>;
}

export async function openWorkbench(options: SessionOptions = {}): Promise<WorkbenchSession> {
  for (const built of ['dist/extension.js', 'dist/webview/main.js']) {
    if (!existsSync(join(REPO_ROOT, built))) {
      throw new Error(`${built} is missing: build first with "node esbuild.mjs".`);
    }
  }
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const server = await startCodeServer({
    withoutApiKeyEnv: true,
    ...(options.colorTheme ? { colorTheme: options.colorTheme } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const lines = recordConsole(page);
    await page.goto(server.workbenchUrl({ folder: options.folder ?? DEMO_WORKSPACE, extensionDevelopmentPath: REPO_ROOT }));
    await page.waitForSelector(sel.WORKBENCH, { timeout: 60_000 });
    // The container's activity bar item appears once the development extension is registered.
    await page.waitForSelector(sel.FANOUT_ACTIVITY_ITEM, { timeout: 60_000 });
    const opened = browser;
    return {
      server,
      browser: opened,
      page,
      console: lines,
      screenshot: async (name) => {
        // Park the pointer on the empty editor area so no hover tooltip covers the view.
        await page.mouse.move(900, 700);
        await page.waitForTimeout(300);
        const path = join(SCREENSHOT_DIR, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      close: async () => {
        await opened.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}

/** The heading of Fanout's empty state, shown before any run. */
export const EMPTY_STATE_HEADING = 'Split one feature across parallel agents';

/** The frame rendering Fanout's sidebar: the innermost webview iframe showing the empty state. */
export function fanoutWebview(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return findFrameWith(page, `h1:has-text("${EMPTY_STATE_HEADING}")`, timeoutMs);
}
