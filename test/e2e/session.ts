// One workbench for an end-to-end suite: code-server with Fanout in development mode on the demo
// workspace, a Chromium page on it, and every console line the page and its webviews logged. Also
// the workbench-level steps the suites share: running a palette command, switching the colour
// theme, and a throwaway copy of the sample workspace.
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { findFrameWith, launchBrowser, recordConsole, type ConsoleLine } from '../workbench/browser';
import { DEMO_WORKSPACE, REPO_ROOT, startCodeServer, type CodeServer, type SettingValue } from '../workbench/codeServer';
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
  /** Extra environment for code-server and its extension host (ANTHROPIC_* given here are passed on). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra user settings. */
  readonly settings?: Readonly<Record<string, SettingValue>>;
  /** Browser viewport; 1280×800 by default. */
  readonly viewport?: { readonly width: number; readonly height: number };
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
    ...(options.settings ? { settings: options.settings } : {}),
  });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { ...(options.viewport ?? { width: 1280, height: 800 }) } });
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

/** The heading of Fanout's composer, the first stage (and the one shown before any run). */
export const COMPOSER_HEADING = 'What should the agents build?';
/** The accessible name of the composer's request box. */
export const REQUEST_BOX = 'Feature request';

/** Something Fanout's webview document renders in every stage (its React root has content). */
const FANOUT_RENDERED = '#root > *';

/**
 * The frame rendering Fanout's sidebar: the innermost webview iframe once its app has rendered. The
 * view's document is replaced when the view is hidden and shown again, so look it up after that.
 */
export function fanoutWebview(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return findFrameWith(page, FANOUT_RENDERED, timeoutMs);
}

/**
 * Runs a command from the command palette by its full title ("Fanout: Distribute Feature"). By
 * default it waits for the palette to close; a command that opens its own input box in the same
 * widget passes `then`, a selector inside the widget that shows the command's input is up.
 * `listedWithinMs` bounds the wait for the command to be listed (the page's default otherwise).
 */
export async function runCommand(page: Page, title: string, options: { readonly then?: string; readonly listedWithinMs?: number } = {}): Promise<void> {
  await page.keyboard.press(sel.COMMAND_PALETTE_KEY);
  await page.waitForSelector(sel.QUICK_INPUT, { state: 'visible' });
  await page.keyboard.type(title);
  const focused = page.locator(sel.QUICK_INPUT_FOCUSED_ROW);
  await page
    .locator(sel.quickInputRow(title))
    .first()
    .waitFor({ state: 'visible', ...(options.listedWithinMs !== undefined ? { timeout: options.listedWithinMs } : {}) });
  const label = (await focused.textContent()) ?? '';
  if (!label.startsWith(title)) {
    throw new Error(`The command palette's first match for "${title}" is "${label}"`);
  }
  await page.keyboard.press('Enter');
  if (options.then !== undefined) {
    await page.waitForSelector(`${sel.QUICK_INPUT} ${options.then}`, { state: 'visible' });
    return;
  }
  await page.waitForSelector(sel.QUICK_INPUT, { state: 'hidden' });
}

/** The window size and side bar width the flow tests photograph Fanout at. */
export const VIEWPORT = { width: 1280, height: 960 } as const;
export const SIDEBAR_WIDTH = 440;

/**
 * Drags the sash on the side bar's right edge so the side bar is `width` px wide: the screenshots
 * then show the Fanout view at a width people give it, not the narrow default.
 */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const sidebar = await page.locator(sel.SIDEBAR).boundingBox();
  if (!sidebar) throw new Error('The side bar is not shown');
  const edge = sidebar.x + sidebar.width;
  let handle: { x: number; y: number } | undefined;
  for (const sash of await page.locator(sel.VERTICAL_SASH).all()) {
    const box = await sash.boundingBox();
    if (box && Math.abs(box.x + box.width / 2 - edge) <= 4 && box.height > sidebar.height / 2) {
      handle = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }
  }
  if (!handle) throw new Error(`No sash on the side bar's right edge (x=${edge})`);
  await page.mouse.move(handle.x, handle.y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, handle.y, { steps: 8 });
  await page.mouse.up();
  const after = await page.locator(sel.SIDEBAR).boundingBox();
  if (!after || Math.abs(after.width - width) > 8) throw new Error(`The side bar is ${after?.width ?? 0} px wide after the drag, not ${width}`);
}

/** The three themes the screenshots are taken in, by the short name used in file names. */
export const THEMES = {
  light: { id: 'Default Light Modern', kind: 'vscode-light' },
  dark: { id: 'Default Dark Modern', kind: 'vscode-dark' },
  hc: { id: 'Default High Contrast', kind: 'vscode-high-contrast' },
} as const;
export type ThemeName = keyof typeof THEMES;

/**
 * Switches the workbench's colour theme with "Preferences: Color Theme" and waits until Fanout's
 * webview document carries it (VS Code marks the webview body with the theme kind).
 */
export async function setColorTheme(page: Page, theme: ThemeName): Promise<void> {
  const { id, kind } = THEMES[theme];
  await page.keyboard.press(sel.COMMAND_PALETTE_KEY);
  await page.waitForSelector(sel.QUICK_INPUT, { state: 'visible' });
  try {
    await page.keyboard.type('Preferences: Color Theme');
    // Not "Preferences: Browse Color Themes in Marketplace", which the same words also match.
    await page.locator(sel.QUICK_INPUT_ROWS).filter({ hasText: 'Preferences: Color Theme', hasNotText: 'Marketplace' }).first().click({ timeout: 10_000 });
    await page.waitForSelector(sel.COLOR_THEME_PICKER);
    await page.keyboard.type(id);
    // A theme's row shows its label ("Dark High Contrast") with its setting id as the description.
    const description = page.locator(sel.QUICK_INPUT_ROW_DESCRIPTION, { hasText: new RegExp(`^${id}$`) });
    await page.locator(sel.QUICK_INPUT_ROWS).filter({ has: description }).first().click({ timeout: 10_000 });
    await page.waitForSelector(sel.QUICK_INPUT, { state: 'hidden' });
  } catch (error) {
    const rows = await page
      .locator(sel.QUICK_INPUT_ROWS)
      .allTextContents()
      .catch(() => []);
    await page.keyboard.press('Escape');
    throw new Error(`Could not switch to the theme "${id}" (picker rows: ${rows.join(' | ')}): ${String(error)}`);
  }
  const frame = await fanoutWebview(page);
  await frame.locator(`body[data-vscode-theme-kind="${kind}"]`).waitFor({ state: 'attached', timeout: 15_000 });
}

/** A copy of the sample workspace in a temp dir, removed by `dispose`. */
export interface WorkspaceCopy {
  /** The temp dir holding the copy (and anything else the test puts there). */
  readonly dir: string;
  /** The copied workspace folder. */
  readonly workspace: string;
  dispose(): Promise<void>;
}

export async function copySampleWorkspace(prefix: string): Promise<WorkspaceCopy> {
  const dir = await mkdtemp(join(tmpdir(), `fanout-${prefix}-`));
  const workspace = join(dir, 'demo-workspace');
  await cp(DEMO_WORKSPACE, workspace, { recursive: true });
  return { dir, workspace, dispose: () => rm(dir, { recursive: true, force: true }) };
}
