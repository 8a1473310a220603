// "Fanout: Try the Demo" from the INSTALLED .vsix, as a new user meets it: code-server with only the
// extensions dir the package was installed into (no development path, no API key), an empty window.
// The command copies the sample shipped inside the package into a new temporary folder and opens it
// in this window; Fanout reports demo mode there and runs the whole demo to staged changes. Run
// again from that window with "Copy into a new folder…" next to an existing fanout-demo, it creates
// fanout-demo-2 and opens it in a new window. Run by scripts/test-vsix.sh, which sets
// FANOUT_VSIX_EXTENSIONS_DIR; screenshots land in test-results/screenshots/vsix-*.png.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { isWritingTask } from '../../src/core/plan/plan';
import { DEMO_TASKS } from '../../src/demo/plan';
import { DEMO_REQUEST } from '../../src/demo/scenario';
import { waitForCards, waitForStage } from '../e2e/flowSteps';
import { COMPOSER_HEADING, fanoutWebview, REQUEST_BOX, runCommand, SCREENSHOT_DIR, VIEWPORT } from '../e2e/session';
import { cspViolations, launchBrowser, recordConsole, type ConsoleLine } from '../workbench/browser';
import { DEMO_WORKSPACE, startCodeServer, type CodeServer } from '../workbench/codeServer';
import * as sel from '../workbench/selectors';

const EXTENSIONS_DIR = process.env.FANOUT_VSIX_EXTENSIONS_DIR ?? '';
const COMMAND = 'Fanout: Try the Demo';
const WRITERS = DEMO_TASKS.filter(isWritingTask);

/** The folder a workbench page shows (its `?folder=` query), or undefined for an empty window. */
function folderOf(page: Page): string | undefined {
  return new URL(page.url()).searchParams.get('folder') ?? undefined;
}

async function waitForWorkbench(page: Page): Promise<void> {
  await page.waitForSelector(sel.WORKBENCH, { timeout: 60_000 });
  await page.waitForSelector(sel.FANOUT_ACTIVITY_ITEM, { timeout: 60_000 });
}

/** Every file under `root`, relative and sorted. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/**
 * Runs a command from the palette. A window that has just opened a folder lists no extension
 * commands for a moment ("No matching commands"): close the palette and ask again, a few times.
 */
async function runListedCommand(page: Page, title: string, options: { readonly then?: string } = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommand(page, title, { ...options, listedWithinMs: 10_000 });
      return;
    } catch (error) {
      if (attempt === 4) throw error;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
}

/** Runs the command and picks `choice` in its picker. */
async function tryDemo(page: Page, choice: string): Promise<void> {
  await runListedCommand(page, COMMAND, { then: `.quick-input-list .monaco-list-row:has-text("${choice}")` });
  await page.locator(sel.quickInputRow(choice)).first().click();
}

describe('The installed .vsix: "Fanout: Try the Demo" with no API key', function () {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;
  let consoleLines: ConsoleLine[];
  let demoFolder = '';
  let frame: Frame;
  let sidebarWidth = 0;
  const screenshots: string[] = [];

  const screenshot = async (name: string): Promise<void> => {
    await page.mouse.move(900, 700);
    await page.waitForTimeout(300);
    const path = join(SCREENSHOT_DIR, `vsix-${name}.png`);
    await page.screenshot({ path });
    screenshots.push(path);
  };

  before(async function () {
    this.timeout(120_000);
    assert.ok(
      EXTENSIONS_DIR !== '' && existsSync(join(EXTENSIONS_DIR, 'extensions.json')),
      'FANOUT_VSIX_EXTENSIONS_DIR must name an extensions dir the .vsix was installed into (scripts/test-vsix.sh)',
    );
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    server = await startCodeServer({
      extensionsDir: EXTENSIONS_DIR,
      withoutApiKeyEnv: true,
      colorTheme: 'Default Light Modern',
      env: { FANOUT_DEMO_TIME_SCALE: '0.25' },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { ...VIEWPORT } });
    consoleLines = recordConsole(page);
    // `ew=true`: an empty window (no folder), as VS Code opens after an install.
    await page.goto(`${server.origin}/?ew=true`);
    await waitForWorkbench(page);
  });

  afterEach(async function () {
    // What the window showed when a step failed.
    if (this.currentTest?.state === 'failed' && page !== undefined && !page.isClosed()) {
      await screenshot(`failed-${(this.currentTest.title.split(':')[0] ?? 'step').replace(/[^\w]+/g, '-').slice(0, 60)}`).catch(() => undefined);
    }
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (screenshots.length > 0) console.log(`      screenshots (side bar ${sidebarWidth} px):\n${screenshots.map((p) => `        ${p}`).join('\n')}`);
  });

  it('is the installed copy, in an empty window', async () => {
    assert.equal(folderOf(page), undefined);
    const title = (await page.title()) ?? '';
    assert.doesNotMatch(title, /Extension Development Host/, 'no extension is loaded in development mode');
    const installed = await readdir(EXTENSIONS_DIR);
    assert.ok(
      installed.some((name) => name.startsWith('fanout.fanout-')),
      `the extensions dir holds the installed package (${installed.join(', ')})`,
    );
  });

  it('copies the sample into a new temporary folder and opens it in this window', async () => {
    await tryDemo(page, 'Use a temporary folder');
    await page.waitForURL((url) => url.searchParams.has('folder'), { timeout: 30_000 });
    demoFolder = folderOf(page) ?? '';
    await waitForWorkbench(page);
    // code-server's TMPDIR (the extension host's os.tmpdir()) is inside its temp dir.
    assert.ok(!relative(join(server.tempDir, 'tmp'), demoFolder).startsWith('..'), `${demoFolder} is in the temp folder`);
    assert.equal(demoFolder.split('/').at(-1), 'fanout-demo');
    const pkg = JSON.parse(await readFile(join(demoFolder, 'package.json'), 'utf8')) as { name?: unknown };
    assert.equal(pkg.name, 'todo-api');
    assert.deepEqual(await filesUnder(demoFolder), await filesUnder(DEMO_WORKSPACE), 'the whole sample, as shipped');
  });

  it('is in demo mode there: the composer is labelled as the demo and prefilled with its request', async () => {
    assert.ok(demoFolder !== '', 'the demo folder was not opened');
    // The side bar at the width a new install has: the view must read at that width.
    await runListedCommand(page, 'Fanout: Distribute Feature');
    frame = await fanoutWebview(page);
    await waitForStage(frame, COMPOSER_HEADING);
    await frame.getByRole('region', { name: 'Demo mode' }).waitFor({ state: 'visible' });
    assert.equal(await frame.getByRole('textbox', { name: REQUEST_BOX }).inputValue(), DEMO_REQUEST);
    const sidebar = await page.locator(sel.SIDEBAR).boundingBox();
    sidebarWidth = Math.round(sidebar?.width ?? 0);
    assert.ok(sidebarWidth >= 250 && sidebarWidth <= 320, `the side bar keeps the workbench's default width (${sidebarWidth} px)`);
    await screenshot('composer');
  });

  it('runs the demo from the request to staged changes', async function () {
    this.timeout(180_000);
    assert.ok(demoFolder !== '', 'the demo folder was not opened');
    await frame.getByRole('button', { name: 'Distribute', exact: true }).click();
    await waitForStage(frame, 'Review the plan', 60_000);
    assert.equal(await frame.locator('.review-task').count(), DEMO_TASKS.length, 'one card per task');
    await screenshot('plan-review');
    await frame.getByRole('button', { name: 'Approve and run' }).click();
    // A picture while agents run, when the run is caught at it (a loaded machine may look only after it ended).
    await waitForCards(frame, 'Running', 2, 10_000).then(
      () => screenshot('running'),
      () => undefined,
    );
    await waitForStage(frame, 'Done', 120_000);
    await frame.getByText(`${DEMO_TASKS.length} done`, { exact: true }).waitFor({ state: 'visible' });
    // The run's own measure of overlap: its serial time over its wall time.
    const speedup = Number(/Speedup\s+([\d.]+)×/.exec(await frame.locator('body').innerText())?.[1]);
    assert.ok(speedup > 1, `agents ran side by side (speedup ${speedup}×)`);
    await screenshot('finished');
    // The banner's first button is the next step: the review in Source Control.
    const owned = WRITERS.flatMap((t) => t.owns);
    await frame
      .getByRole('button', { name: /^Review \d+ changes?$/ })
      .first()
      .click();
    // Every file a writer owns waits there (by its name: group labels are the review's business).
    for (const path of owned) await page.waitForSelector(sel.scmRow(path.split('/').at(-1) ?? path), { timeout: 30_000 });
    await screenshot('source-control');
    // One change in VS Code's diff editor, as a person opens it: a click on its row.
    const first = owned[0]?.split('/').at(-1) ?? '';
    await page.locator(sel.scmRow(first)).first().click();
    // The staged side has the agent's text (the diff editor shows before its models have loaded).
    await page.waitForFunction(
      () => [...document.querySelectorAll('.monaco-diff-editor .editor.modified .view-line')].some((line) => /dueDate/.test(line.textContent ?? '')),
      undefined,
      { timeout: 30_000 },
    );
    await screenshot('diff');
    // Staged, not written: the copied sample is as it was.
    assert.deepEqual(await filesUnder(demoFolder), await filesUnder(DEMO_WORKSPACE));
  });

  it('copies into a new folder beside an existing fanout-demo, never over it, and opens it in a new window', async function () {
    this.timeout(90_000);
    const parent = join(server.tempDir, 'projects');
    await mkdir(join(parent, 'fanout-demo'), { recursive: true });
    await writeFile(join(parent, 'fanout-demo', 'notes.txt'), 'mine');
    await tryDemo(page, 'Copy into a new folder…');
    // code-server's own folder picker: a path box in the quick input.
    const pathBox = page.locator(`${sel.QUICK_INPUT} input`).first();
    await pathBox.waitFor({ state: 'visible' });
    // The picker fills in a starting folder of its own, at a moment of its choosing: a path typed
    // before that is replaced, so type it again until it stays (and the picker has listed it).
    const typed = `${parent}/`;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await pathBox.fill(typed);
      await page
        .locator(sel.quickInputRow('fanout-demo'))
        .first()
        .waitFor({ state: 'visible', timeout: 10_000 })
        .catch(() => undefined);
      await page.waitForTimeout(500);
      if ((await pathBox.inputValue()) === typed) break;
    }
    assert.equal(await pathBox.inputValue(), typed, 'the folder picker kept the typed path');
    const opened = page.context().waitForEvent('page', { timeout: 60_000 });
    // The picker ignores an accept while it is still reading the folder: press its button until it closes.
    const widget = page.locator(sel.QUICK_INPUT);
    for (let attempt = 1; attempt <= 5 && (await widget.isVisible()); attempt++) {
      await page.getByRole('button', { name: 'Create the Demo Here' }).click();
      await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
    const second = await opened.catch(async (error: unknown) => {
      const toasts = await page.locator(sel.NOTIFICATION_TOAST).allTextContents();
      throw new Error(`No new window opened (${String(error)}); ${parent} holds ${(await readdir(parent)).join(', ')}; notifications: ${toasts.join(' | ')}`);
    });
    await second.waitForURL((url) => url.searchParams.has('folder'), { timeout: 30_000 });
    assert.equal(folderOf(second), join(parent, 'fanout-demo-2'));
    assert.equal(folderOf(page), demoFolder, 'this window keeps its folder');
    assert.deepEqual(await readdir(join(parent, 'fanout-demo')), ['notes.txt'], 'the existing folder is untouched');
    assert.deepEqual(await filesUnder(join(parent, 'fanout-demo-2')), await filesUnder(DEMO_WORKSPACE));
    await second.close();
  });

  it('reports no Content Security Policy violations', () => {
    assert.deepEqual(
      cspViolations(consoleLines).map((v) => `${v.url}: ${v.text}`),
      [],
    );
  });
});
