// End to end, the demo as a new user meets it: no API key, a copy of the sample workspace. The
// composer offers the demo's request; Distribute routes and plans it on the in-process fake model;
// the plan review shows the route's rationale and the seven tasks; Approve runs them, several at
// once, one compact line per agent with the working ones first; every agent finishes; a line opens
// to the agent's card; the ownership map names the owners; the end-of-run banner's "Review N changes"
// opens Source Control, which lists one group per agent holding those N files. Screenshots of each
// stage in the light theme (the key flow takes dark and high contrast).
import * as assert from 'node:assert/strict';
import type { Frame } from 'playwright-core';
import { isWritingTask } from '../../src/core/plan/plan';
import { DEMO_TASKS } from '../../src/demo/plan';
import { DEMO_REQUEST, DEMO_ROUTE_RATIONALE } from '../../src/demo/scenario';
import { COMPACT_AFTER } from '../../webview/run/agentActivity';
import { cspViolations } from '../workbench/browser';
import * as sel from '../workbench/selectors';
import {
  AGENT_ENTRY,
  agentEntries,
  assertAllControlsNamed,
  openAgentCard,
  readRecording,
  scrollToTop,
  startRecording,
  waitForAllDone,
  waitForCards,
  waitForStage,
} from './flowSteps';
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
const END_OF_RUN = 'The run has ended';

describe('The demo, from request to review (no API key)', function () {
  let copy: WorkspaceCopy;
  let session: WorkbenchSession;
  let frame: Frame;
  /** Files the end-of-run banner says wait for review. */
  let staged = 0;
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
    await scrollToTop(frame, '#activity-working');
    screenshots.push(await session.screenshot('running-light'));
    const entries = await agentEntries(frame);
    assert.deepEqual(entries.map((e) => e.taskId).sort(), DEMO_TASKS.map((t) => t.id).sort(), 'one entry per task');
    assert.ok(DEMO_TASKS.length > COMPACT_AFTER, `the demo has more than ${COMPACT_AFTER} agents`);
    assert.deepEqual(
      entries.filter((e) => e.form !== 'line').map((e) => e.taskId),
      [],
      `a run of ${DEMO_TASKS.length} agents lists each as a compact line`,
    );
    // Read in one look, so no status changes between the two queries.
    const outside = await frame.evaluate<string[]>(`(() => {
      const running = document.querySelectorAll(${JSON.stringify(`${AGENT_ENTRY}[data-status="running"]`)});
      return [...running].filter((el) => !el.closest('section.activity-working')).map((el) => el.getAttribute('data-task') || '');
    })()`);
    assert.deepEqual(outside, [], 'every running agent is listed under "Working"');
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
    const banner = frame.getByRole('region', { name: END_OF_RUN });
    await banner.waitFor({ state: 'visible' });
    const line = ((await banner.locator('.run-end-line').first().textContent()) ?? '').trim();
    const waiting = /^(\d+) files? waits? for your review in Source Control\.$/.exec(line);
    assert.ok(waiting, `the banner says how many files wait for review (it says "${line}")`);
    staged = Number(waiting[1]);
    assert.ok(staged >= WRITERS.length, `every writer staged a file (${staged} files for ${WRITERS.length} writers)`);
    assert.equal(
      ((await banner.getByRole('button').first().textContent()) ?? '').trim(),
      `Review ${staged} changes`,
      'the first action reviews the staged files',
    );
    await assertAllControlsNamed(frame, 'finished run');
    screenshots.push(await session.screenshot('finished-light'));
    await scrollToTop(frame, '.run-details');
    screenshots.push(await session.screenshot('finished-ownership-light'));
  });

  it("opens an agent's compact line to its full card", async () => {
    const types = DEMO_TASKS.find((t) => t.id === 'types');
    assert.ok(types && isWritingTask(types));
    const card = await openAgentCard(frame, types.id);
    const entry = (await agentEntries(frame)).find((e) => e.taskId === types.id);
    assert.deepEqual(entry && { form: entry.form, expanded: entry.expanded }, { form: 'line', expanded: true }, 'the line says it is expanded');
    assert.equal(((await card.locator('.agent-status-text').textContent()) ?? '').trim(), 'Done');
    assert.equal(((await card.locator('.agent-title').textContent()) ?? '').trim(), types.title);
    await card.getByRole('button', { name: /^Review agent types \(\d+ staged files?\)$/ }).waitFor({ state: 'visible' });
    await assertAllControlsNamed(frame, 'finished run with an agent opened');
    await scrollToTop(frame, `${AGENT_ENTRY}[data-task="${types.id}"]`);
    screenshots.push(await session.screenshot('finished-agent-opened-light'));
  });

  it('opens Source Control from "Review N changes": one Fanout group per agent, holding those files', async () => {
    const { page } = session;
    await frame
      .getByRole('region', { name: END_OF_RUN })
      .getByRole('button', { name: `Review ${staged} changes` })
      .click();
    await page.waitForSelector(sel.sidebarTitle('Source Control'));
    let grouped = 0;
    for (const task of WRITERS) {
      // A group leads with the agent's role and file count, then its title: "Store · 1 file — Keep due dates in the store".
      const group = page.locator(`${sel.scmRow(`${task.role} · `)}:has-text("— ${task.title}")`).first();
      await group.waitFor({ state: 'visible', timeout: 30_000 });
      const label = (await group.textContent()) ?? '';
      const count = / · (\d+) files?\b/.exec(label);
      assert.ok(count, `the group of ${task.id} counts its files ("${label}")`);
      grouped += Number(count[1]);
    }
    assert.equal(grouped, staged, 'the groups hold the files the banner counted');
    screenshots.push(await session.screenshot('demo-scm-groups'));
  });

  it('reports no Content Security Policy violations along the way', () => {
    assert.deepEqual(
      cspViolations(session.console).map((v) => `${v.url}: ${v.text}`),
      [],
    );
  });
});
