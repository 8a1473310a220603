// End to end, the demo as a new user meets it: no API key, a copy of the sample workspace. The
// composer offers the demo's request; Distribute routes and plans it on the in-process fake model;
// the plan review shows the route's rationale and the seven tasks; Approve runs them, several at
// once; every agent finishes; the ownership map names the owners and Source Control lists one group
// per agent. Screenshots of each stage in the light theme (the key flow takes dark and high contrast).
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { isWritingTask } from '../../src/core/plan/plan';
import { DEMO_TASKS } from '../../src/demo/plan';
import { DEMO_REQUEST, DEMO_ROUTE_RATIONALE } from '../../src/demo/scenario';
import { cspViolations } from '../workbench/browser';
import * as sel from '../workbench/selectors';
import { assertAllControlsNamed, readRecording, scrollToTop, startRecording, waitForAllDone, waitForCards, waitForStage } from './flowSteps';
import {
  COMPOSER_HEADING,
  copySampleWorkspace,
  fanoutWebview,
  openWorkbench,
  REQUEST_BOX,
  runCommand,
  SCREENSHOT_DIR,
  SIDEBAR_WIDTH,
  VIEWPORT,
  widenSidebar,
  type WorkbenchSession,
  type WorkspaceCopy,
} from './session';

/** The demo at a quarter of its watching pace: about 10 s for the whole run. */
const TIME_SCALE = '0.25';
const WRITERS = DEMO_TASKS.filter(isWritingTask);
const PLANNING_HEADINGS = ['Routing the request…', 'Planning the tasks…'];

describe('The demo, from request to review (no API key)', function () {
  let copy: WorkspaceCopy;
  let session: WorkbenchSession;
  let frame: Frame;
  const screenshots: string[] = [];

  before(async function () {
    this.timeout(120_000);
    copy = await copySampleWorkspace('demo-e2e');
    session = await openWorkbench({
      colorTheme: 'Default Light Modern',
      folder: copy.workspace,
      env: { FANOUT_DEMO_TIME_SCALE: TIME_SCALE },
      viewport: VIEWPORT,
    });
    await widenSidebar(session.page, SIDEBAR_WIDTH);
  });

  after(async () => {
    await session?.close();
    await copy?.dispose();
    if (screenshots.length > 0) {
      console.log(`      screenshots in ${SCREENSHOT_DIR}:\n${screenshots.map((p) => `        ${p}`).join('\n')}`);
    }
  });

  it('offers the demo request in the composer, labelled as the demo', async () => {
    const { page } = session;
    await runCommand(page, 'Fanout: Distribute Feature');
    frame = await fanoutWebview(page);
    await waitForStage(frame, COMPOSER_HEADING);
    const request = frame.getByRole('textbox', { name: REQUEST_BOX });
    assert.equal(await request.inputValue(), DEMO_REQUEST, 'the composer is prefilled with the demo request');
    await frame.getByRole('region', { name: 'Demo mode' }).waitFor({ state: 'visible' });
    assert.match((await frame.getByRole('region', { name: 'Demo mode' }).textContent()) ?? '', /built-in scenario on a local fake model/);
    await assertAllControlsNamed(frame, 'composer');
    screenshots.push(await session.screenshot('composer-light'));
  });

  it('routes and plans it after Distribute, then shows the plan review', async () => {
    await startRecording(frame);
    await frame.getByRole('button', { name: 'Distribute', exact: true }).click();
    await waitForStage(frame, 'Review the plan');
    const { headings } = await readRecording(frame);
    assert.ok(
      headings.some((h) => PLANNING_HEADINGS.includes(h)),
      `the planning stage was shown between Distribute and the review (headings seen: ${headings.join(' → ')})`,
    );
    assert.equal(headings.at(-1), 'Review the plan');

    const route = frame.getByRole('region', { name: 'Route' });
    assert.equal(((await route.locator('.route-badge').textContent()) ?? '').trim(), 'Complex');
    assert.equal(((await route.locator('.review-rationale').textContent()) ?? '').trim(), DEMO_ROUTE_RATIONALE);
    assert.equal(await frame.locator('.review-task').count(), DEMO_TASKS.length, 'one card per task');
    for (const task of DEMO_TASKS) {
      await frame.getByRole('heading', { name: task.title, level: 3 }).waitFor({ state: 'attached' });
    }
    assert.equal(((await frame.locator('.review-summary').textContent()) ?? '').trim(), `${DEMO_TASKS.length} tasks · ${WRITERS.length} writers`);
    assert.equal(await frame.getByRole('region', { name: /^Findings/ }).count(), 0, 'the demo plan passes lint with no finding');
    await assertAllControlsNamed(frame, 'plan review');
    screenshots.push(await session.screenshot('plan-review-light'));
  });

  it('runs several agents at once after "Approve and run"', async () => {
    await startRecording(frame);
    await frame.getByRole('button', { name: 'Approve and run' }).click();
    await waitForCards(frame, 'Running', 2);
    await scrollToTop(frame, '#phase-implement');
    screenshots.push(await session.screenshot('running-light'));
    assert.equal(await frame.locator('.agent-card').count(), DEMO_TASKS.length, 'one card per task');
  });

  it('finishes every agent and shows who owns which file', async () => {
    await waitForAllDone(frame, DEMO_TASKS.length, 90_000);
    await waitForStage(frame, 'Done');
    const { maxRunning } = await readRecording(frame);
    assert.ok(maxRunning >= 2, `at least two agents ran at the same time (at most ${maxRunning} did)`);

    const owners = frame.getByRole('list', { name: 'Owners' });
    for (const task of WRITERS) {
      await owners.getByText(task.id, { exact: true }).waitFor({ state: 'attached' });
      for (const path of task.owns) {
        const row = frame.getByRole('treeitem', { name: new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — owned by ${task.id}`) });
        assert.equal(await row.count(), 1, `the ownership map shows ${path} owned by ${task.id}`);
      }
    }
    await frame.getByText('Staged changes wait in the Source Control view.').waitFor({ state: 'visible' });
    await assertAllControlsNamed(frame, 'finished run');
    screenshots.push(await session.screenshot('finished-light'));
    await scrollToTop(frame, '.run-details');
    screenshots.push(await session.screenshot('finished-ownership-light'));
  });

  it('lists the staged changes in Source Control, one Fanout group per agent', async () => {
    const { page } = session;
    await page.click(sel.activityItem('Source Control'), { force: true }); // a count badge may cover the icon
    await page.waitForSelector(sel.sidebarTitle('Source Control'));
    for (const task of WRITERS) {
      await page.waitForSelector(sel.scmRow(`${task.title} · `), { timeout: 30_000 });
    }
    screenshots.push(await session.screenshot('demo-scm-groups'));
  });

  it('reports no Content Security Policy violations along the way', () => {
    assert.deepEqual(
      cspViolations(session.console).map((v) => `${v.url}: ${v.text}`),
      [],
    );
  });
});
