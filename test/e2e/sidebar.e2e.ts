// End to end in a real workbench: the command palette entry, the activity bar item and the
// sidebar's first stage (the request composer, in demo mode: no API key here), with screenshots and
// a watch for Content Security Policy violations.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { DEMO_REQUEST } from '../../src/demo/scenario';
import { cspViolations } from '../workbench/browser';
import { waitForFocus } from './flowSteps';
import * as sel from '../workbench/selectors';
import { COMPOSER_HEADING, fanoutWebview, openWorkbench, REQUEST_BOX, SCREENSHOT_DIR, type WorkbenchSession } from './session';

const COMMAND_TITLE = 'Fanout: Distribute Feature';

describe('Fanout in the workbench', function () {
  let session: WorkbenchSession;
  const screenshots: string[] = [];

  before(async function () {
    this.timeout(120_000);
    session = await openWorkbench({ colorTheme: 'Default Light Modern' });
  });

  after(async () => {
    await session?.close();
    if (screenshots.length > 0) {
      console.log(`      screenshots in ${SCREENSHOT_DIR}:\n${screenshots.map((p) => `        ${p}`).join('\n')}`);
    }
  });

  it(`lists "${COMMAND_TITLE}" in the command palette and runs it`, async () => {
    const { page } = session;
    await page.keyboard.press(sel.COMMAND_PALETTE_KEY);
    await page.waitForSelector(sel.QUICK_INPUT, { state: 'visible' });
    await page.keyboard.type(COMMAND_TITLE);
    const row = page.locator(sel.quickInputRow(COMMAND_TITLE)).first();
    await row.waitFor({ state: 'visible' });
    assert.match((await page.locator(sel.QUICK_INPUT_FOCUSED_ROW).textContent()) ?? '', new RegExp(`^${COMMAND_TITLE}`));
    screenshots.push(await session.screenshot('command-palette'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(sel.QUICK_INPUT, { state: 'hidden' });
  });

  it('shows the Fanout view with its request composer', async () => {
    const { page } = session;
    await page.waitForSelector(sel.sidebarTitle('Fanout'), { state: 'visible' });
    await page.waitForSelector(sel.FANOUT_ACTIVITY_ITEM_ACTIVE);
    const frame = await fanoutWebview(page);
    await expectComposer(frame);
    const request = frame.getByRole('textbox', { name: REQUEST_BOX });
    // No API key in this workbench and the sample workspace is open: the demo's request is offered,
    // and a banner says runs use the built-in demo.
    assert.equal(await request.inputValue(), DEMO_REQUEST);
    await frame.getByRole('region', { name: 'Demo mode' }).waitFor({ state: 'visible' });
    await frame.getByRole('button', { name: 'Set API key' }).waitFor({ state: 'visible' });
    // The command put the cursor in the request box.
    await waitForFocus(frame, REQUEST_BOX);
    // Before any run, "How it works" explains the flow under the composer.
    await frame.getByRole('heading', { name: 'How it works' }).waitFor({ state: 'visible' });
    screenshots.push(await session.screenshot('fanout-empty-state'));
  });

  it('opens the view from its activity bar item', async () => {
    const { page } = session;
    // Switch to the Explorer first, then come back through the Fanout icon.
    await page.click(sel.activityItem('Explorer'));
    await page.waitForSelector(sel.sidebarTitle('Explorer'), { state: 'visible' });
    await page.click(sel.FANOUT_ACTIVITY_ITEM);
    await page.waitForSelector(sel.sidebarTitle('Fanout'), { state: 'visible' });
    await expectComposer(await fanoutWebview(page));
    screenshots.push(await session.screenshot('fanout-activity-bar'));
  });

  it('reports no Content Security Policy violations from the webview', () => {
    const violations = cspViolations(session.console);
    assert.deepEqual(
      violations.map((v) => `${v.url}: ${v.text}`),
      [],
    );
  });

  it('would notice a violation (self-check of the CSP watch)', async () => {
    const frame = await fanoutWebview(session.page);
    const before = cspViolations(session.console).length;
    // An image from another origin is outside the webview's img-src: Chromium must refuse it.
    const canary = 'https://fanout-csp-canary.invalid/canary.png';
    await frame.evaluate(`document.body.append(Object.assign(document.createElement('img'), { src: ${JSON.stringify(canary)} }))`);
    const deadline = Date.now() + 5000;
    while (cspViolations(session.console).length === before && Date.now() < deadline) {
      await session.page.waitForTimeout(100);
    }
    const seen = cspViolations(session.console).slice(before);
    assert.ok(
      seen.some((v) => v.text.includes('fanout-csp-canary')),
      'the deliberate CSP violation was not reported',
    );
  });
});

/** The composer stage: its heading, the labelled request box and the Distribute button. */
async function expectComposer(frame: Frame): Promise<void> {
  await frame.getByRole('heading', { name: COMPOSER_HEADING, level: 1 }).waitFor({ state: 'visible' });
  await frame.getByRole('textbox', { name: REQUEST_BOX }).waitFor({ state: 'visible' });
  await frame.getByRole('button', { name: 'Distribute', exact: true }).waitFor({ state: 'visible' });
}
