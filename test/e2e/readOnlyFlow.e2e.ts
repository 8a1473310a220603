// End to end in the real workbench, in demo mode (no key) on a copy of the sample workspace:
// "Fanout: Distribute Review" from the command palette, answered the way a person does (the scope
// picker, then the roles picker with every role checked); the reviewers run side by side in the
// Fanout view; the run ends offering "Open report" first; the report opens as a Markdown preview and
// the findings are listed in the Problems panel with a source per role. Then "Fanout: Distribute
// Research" with a typed question.
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { REVIEW_ROLES } from '../../src/core/planning/patterns/builtins';
import { roleSlug } from '../../src/core/review/reviewPlan';
import { cspViolations } from '../workbench/browser';
import * as sel from '../workbench/selectors';
import { readRecording, startRecording, waitForAllDone, waitUntil } from './flowSteps';
import {
  copySampleWorkspace,
  fanoutWebview,
  openWorkbench,
  runCommand,
  SIDEBAR_WIDTH,
  VIEWPORT,
  widenSidebar,
  type WorkbenchSession,
  type WorkspaceCopy,
} from './session';

const TIME_SCALE = '0.25';
const ROLES = REVIEW_ROLES.roles.length;

/** The end-of-run banner of a read-only run: it names the report first and offers "Open report" as its first action. */
async function expectReportBanner(frame: Frame, says: RegExp): Promise<void> {
  const banner = frame.getByRole('region', { name: 'The run has ended' });
  await banner.waitFor({ state: 'visible', timeout: 60_000 });
  const line = ((await banner.locator('.run-end-line').first().textContent()) ?? '').trim();
  assert.match(line, says, 'the banner leads with the report');
  assert.equal(((await banner.getByRole('button').first().textContent()) ?? '').trim(), 'Open report', 'the first action opens the report');
}

describe('Distribute Review and Distribute Research from the command palette (demo mode)', function () {
  let copy: WorkspaceCopy;
  let session: WorkbenchSession;
  let frame: Frame;
  const screenshots: string[] = [];

  before(async function () {
    this.timeout(120_000);
    copy = await copySampleWorkspace('read-only-e2e');
    session = await openWorkbench({
      colorTheme: 'Default Dark Modern',
      folder: copy.workspace,
      env: { FANOUT_DEMO_TIME_SCALE: TIME_SCALE },
      viewport: VIEWPORT,
    });
    await widenSidebar(session.page, SIDEBAR_WIDTH);
  });

  after(async () => {
    await session?.close();
    await copy?.dispose();
    if (screenshots.length > 0) console.log(`      screenshots:\n${screenshots.map((p) => `        ${p}`).join('\n')}`);
  });

  it('asks what to review and which roles, then runs every reviewer side by side', async function () {
    this.timeout(120_000);
    const { page } = session;
    await runCommand(page, 'Fanout: Distribute Review', { then: '.monaco-list-row:has-text("The whole workspace")' });
    screenshots.push(await session.screenshot('review-scope-picker'));
    await page.locator(sel.quickInputRow('The whole workspace')).first().click();
    await page
      .locator(sel.quickInputRow(REVIEW_ROLES.roles[0]?.role ?? ''))
      .first()
      .waitFor({ state: 'visible' });
    screenshots.push(await session.screenshot('review-roles-picker'));
    // Every role starts checked: Enter accepts them all.
    await page.keyboard.press('Enter');
    await page.waitForSelector(sel.QUICK_INPUT, { state: 'hidden' });
    frame = await fanoutWebview(page);
    await startRecording(frame);
    await waitUntil(frame, async () => ((await readRecording(frame)).maxRunning >= 2 ? true : undefined), 'two reviewers running at once', {
      timeoutMs: 60_000,
    });
    screenshots.push(await session.screenshot('review-running'));
    await waitForAllDone(frame, ROLES, 90_000);
    const { maxRunning } = await readRecording(frame);
    assert.ok(maxRunning >= 2, `reviewers ran side by side (at most ${maxRunning} at once)`);
    await expectReportBanner(frame, /^Review report( ready)?: \d+ findings?\b/);
  });

  it('opens the report as a Markdown preview and lists the findings in the Problems panel, one source per role', async function () {
    this.timeout(60_000);
    const { page } = session;
    await page.locator(`${sel.ACTIVE_TAB}:has-text("report.md")`).first().waitFor({ state: 'visible', timeout: 30_000 });
    screenshots.push(await session.screenshot('review-report'));
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
    const text = (await page.locator('.markers-panel').textContent()) ?? '';
    assert.match(text, /Fanout review: /, 'the findings carry a Fanout review source');
    const named = REVIEW_ROLES.roles.filter((r) => text.includes(r.role));
    assert.ok(named.length >= 2, `findings name the roles that found them (${named.map((r) => roleSlug(r.role)).join(', ')})`);
    screenshots.push(await session.screenshot('review-problems'));
  });

  it('opens the run in an editor tab laid out for width: cards in a grid, timeline and file map side by side', async function () {
    this.timeout(60_000);
    const { page } = session;
    // The editor area as a person makes room for it: the side bar closed.
    await runCommand(page, 'View: Close Primary Side Bar');
    await runCommand(page, 'Fanout: Open in Editor');
    await page.locator(`${sel.ACTIVE_TAB}:has-text("Fanout")`).first().waitFor({ state: 'visible', timeout: 20_000 });
    const wideFrame = await waitForWideFrame(page);
    const layout = await wideFrame.evaluate(() => {
      const cards = Array.from(document.querySelectorAll('.agent-list [role="listitem"][data-task]')).map((c) => c.getBoundingClientRect());
      const details = Array.from(document.querySelectorAll('.run-view > .run-details')).map((d) => d.getBoundingClientRect());
      return {
        width: window.innerWidth,
        cardTops: [...new Set(cards.map((r) => Math.round(r.top)))].length,
        cards: cards.length,
        detailsTops: details.map((r) => Math.round(r.top)),
      };
    });
    assert.ok(layout.width >= 900, `the tab is wide (${layout.width} px)`);
    assert.equal(layout.cards, REVIEW_ROLES.roles.length, 'one card per reviewer (no compact lines)');
    assert.ok(layout.cardTops < layout.cards, `cards share rows in a grid (${layout.cardTops} rows for ${layout.cards} cards)`);
    assert.ok(
      layout.detailsTops.length >= 2 && layout.detailsTops[0] === layout.detailsTops[1],
      `the first two panels sit side by side (tops ${layout.detailsTops.join(', ')})`,
    );
    screenshots.push(await session.screenshot('review-in-editor'));
    // The focus stays in the editor area; Distribute Research opens the Fanout view again itself.
    await runCommand(page, 'View: Close All Editors');
  });

  it('researches a typed question: several questions side by side, then one report', async function () {
    this.timeout(120_000);
    const { page } = session;
    await page.locator(`${sel.ACTIVE_TAB}:has-text("report.md")`).waitFor({ state: 'detached', timeout: 10_000 });
    await runCommand(page, 'Fanout: Distribute Research', { then: 'input' });
    await page.keyboard.type('How are todos validated and stored?');
    await page.keyboard.press('Enter');
    await page.waitForSelector(sel.QUICK_INPUT, { state: 'hidden' });
    frame = await fanoutWebview(page);
    await startRecording(frame);
    await page.locator(`${sel.ACTIVE_TAB}:has-text("report.md")`).first().waitFor({ state: 'visible', timeout: 90_000 });
    const { maxRunning } = await readRecording(frame);
    assert.ok(maxRunning >= 2, `questions ran side by side (at most ${maxRunning} at once)`);
    await expectReportBanner(frame, /^Research report( ready)?: \d+ findings?\b/);
    screenshots.push(await session.screenshot('research-report'));
  });

  it('reports no Content Security Policy violations', async () => {
    assert.deepEqual(
      cspViolations(session.console).map((v) => `${v.url}: ${v.text}`),
      [],
    );
  });
});

/** The Fanout webview frame that is wide (the editor tab's), once it has rendered the run. */
async function waitForWideFrame(page: WorkbenchSession['page']): Promise<Frame> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    for (const frame of page.frames()) {
      const wide = await frame.evaluate(() => window.innerWidth >= 900 && document.querySelector('.run-view .agent-list') !== null).catch(() => false);
      if (wide) return frame;
    }
    if (Date.now() > deadline) throw new Error('No wide Fanout view with the run appeared in the editor tab.');
    await page.waitForTimeout(200);
  }
}
