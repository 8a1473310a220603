// The live run's one-line header in a narrow side bar: the preview of a live eight-agent run (the
// sidebar rendered from fixtures under VS Code's theme variables), laid out by Chromium at side bar
// widths from 260 to 420 px. "N at work" and the cost are never cut; the status word gives way first
// and stays in the toggle's accessible name.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../workbench/browser';

const ROOT = resolve(__dirname, '../..');
const PAGE = pathToFileURL(resolve(ROOT, 'out/preview-stages/live8-light.html')).href;
/** The same run in demo mode: the stage that renders its header with the Demo chip. */
const DEMO_PAGE = `${PAGE}?stage=live8demo`;
/** VS Code's default side bar is 300 px wide; 260 is narrower than anyone keeps it with a run in view. */
const WIDTHS = [260, 280, 300, 320, 340, 380, 420];

interface HeaderLayout {
  /** The run view's width. */
  readonly viewWidth: number;
  /** The header carries the Demo chip. */
  readonly demoChip: boolean;
  /** "N at work" shows whole (nothing cut by its ellipsis). */
  readonly countWhole: boolean;
  readonly countText: string;
  /** The cost shows whole, inside the toggle. */
  readonly costWhole: boolean;
  /** The status word takes room on screen (not only for screen readers). */
  readonly statusShown: boolean;
}

async function layoutAt(page: Page, width: number, demo: boolean): Promise<HeaderLayout> {
  await page.setViewportSize({ width, height: 400 });
  await page.goto(demo ? DEMO_PAGE : PAGE);
  await page.locator('.run-summary-facts').waitFor({ state: 'visible' });
  return page.evaluate(() => {
    const toggle = document.querySelector('.run-summary-toggle') as HTMLElement;
    const facts = document.querySelector('.run-summary-facts') as HTMLElement;
    const cost = document.querySelector('.run-summary-cost') as HTMLElement;
    const status = document.querySelector('.run-summary-status') as HTMLElement;
    const box = toggle.getBoundingClientRect();
    const costBox = cost.getBoundingClientRect();
    return {
      viewWidth: (document.querySelector('.run-view') as HTMLElement).clientWidth,
      demoChip: document.querySelector('.run-summary-demo') !== null,
      countWhole: facts.scrollWidth <= facts.clientWidth,
      countText: facts.textContent ?? '',
      costWhole: cost.scrollWidth <= cost.clientWidth + 1 && costBox.right <= box.right + 0.5,
      statusShown: status.getBoundingClientRect().width > 1,
    };
  });
}

describe('The live run header in a narrow side bar', function () {
  let browser: Browser;
  let page: Page;

  before(async function () {
    this.timeout(120_000);
    // The preview of a live run, built from the same components and styles as the view.
    await promisify(execFile)(process.execPath, [resolve(ROOT, 'scripts/build-preview.mjs'), 'stages'], {
      cwd: ROOT,
      env: { ...process.env, STAGES: 'live8' },
    });
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
  });

  for (const demo of [false, true]) {
    it(`never cuts the agents at work or the cost, from 260 to 420 px${demo ? ', with the Demo chip' : ''}`, async () => {
      for (const width of WIDTHS) {
        const layout = await layoutAt(page, width, demo);
        const at = `at ${width} px (run view ${layout.viewWidth} px)`;
        assert.equal(layout.demoChip, demo, `the Demo chip ${demo ? 'shows' : 'does not show'} ${at}`);
        assert.match(layout.countText, /\d+ at work/, `the header counts the agents at work ${at}`);
        assert.ok(layout.countWhole, `"${layout.countText.trim()}" is cut ${at}`);
        assert.ok(layout.costWhole, `the cost is cut ${at}`);
      }
    });
  }

  it('shows the status word where there is room, and keeps it in the accessible name where there is not', async () => {
    const wide = await layoutAt(page, 420, false);
    assert.ok(wide.statusShown, 'at 420 px the status word shows');
    const narrow = await layoutAt(page, 300, false);
    assert.ok(!narrow.statusShown, 'at 300 px the status word gives way');
    const name = await page.locator('.run-summary-toggle').evaluate((el) => el.textContent ?? '');
    assert.match(name, /Running/, 'the toggle still says "Running" to screen readers');
    await page
      .getByRole('button', { name: /Running/ })
      .first()
      .waitFor({ state: 'attached' });
  });
});
