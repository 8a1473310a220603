// End to end, checks: with an API key on a fake Messages API, a workspace whose `fanout.checks`
// names one command (`node verify.mjs`, written into a copy of the sample workspace). Plan review
// lists it as needing approval; approving the plan asks once in a modal; the run's check fails on
// the BUG marker one agent staged, the failure goes back to that agent (the view shows the fix-up
// round while the agent's fix waits at a gate), the fix passes the second pass and the view, the
// agent's card and the Source Control group say "checks passing". The user's files are untouched.
import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startFakeMessagesApi, type FakeMessagesApi } from '../fake/messagesServer';
import { CHECKS_FLOW_COMMAND, CHECKS_FLOW_SCRIPT, checksFlowRoutes, createGate, HEALTH_REQUEST, HEALTH_TASKS, type Gate } from './flowScripts';
import * as sel from '../workbench/selectors';
import { openAgentCard, waitForAllDone, waitForStage, waitUntil } from './flowSteps';
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

// Not shaped like a real key: only the fake Messages API checks it.
const API_KEY = 'fanout-e2e-checks-test-key';
/** VS Code's modal dialog (showWarningMessage with `modal: true`). */
const DIALOG = '.monaco-dialog-box';

describe('Checks in VS Code: a failing check, a fix-up round, checks passing (fake Messages API)', function () {
  let api: FakeMessagesApi;
  let gate: Gate;
  let copy: WorkspaceCopy;
  let session: WorkbenchSession;
  let page: Page;
  let frame: Frame;
  let routesBefore: string;
  const screenshots: string[] = [];

  before(async function () {
    this.timeout(120_000);
    gate = createGate();
    api = await startFakeMessagesApi({ routes: checksFlowRoutes(gate), requireApiKey: API_KEY });
    copy = await copySampleWorkspace('checks-e2e');
    await writeFile(join(copy.workspace, 'verify.mjs'), CHECKS_FLOW_SCRIPT);
    routesBefore = await readFile(join(copy.workspace, 'src/routes.ts'), 'utf8');
    session = await openWorkbench({
      colorTheme: 'Default Dark Modern',
      folder: copy.workspace,
      env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.baseURL },
      settings: { 'fanout.checksEnabled': true, 'fanout.checks': [CHECKS_FLOW_COMMAND] },
      viewport: VIEWPORT,
    });
    page = session.page;
    await widenSidebar(page, SIDEBAR_WIDTH);
  });

  after(async () => {
    gate?.open();
    await session?.close();
    await api?.close();
    await copy?.dispose();
    if (screenshots.length > 0) console.log(`      screenshots in ${SCREENSHOT_DIR}:\n${screenshots.map((p) => `        ${p}`).join('\n')}`);
  });

  it('lists the check in plan review, not yet approved for the workspace', async function () {
    this.timeout(60_000);
    await runCommand(page, 'Fanout: Distribute Feature');
    frame = await fanoutWebview(page);
    await waitForStage(frame, COMPOSER_HEADING);
    await frame.getByRole('textbox', { name: REQUEST_BOX }).fill(HEALTH_REQUEST);
    await frame.getByRole('textbox', { name: REQUEST_BOX }).press('Control+Enter');
    await waitForStage(frame, 'Review the plan');
    const section = frame.getByRole('region', { name: /^Checks/ });
    await section.getByText(CHECKS_FLOW_COMMAND, { exact: true }).waitFor({ state: 'visible' });
    assert.match((await section.textContent()) ?? '', /needs approval/i);
    screenshots.push(await session.screenshot('checks-plan-review'));
  });

  it('asks once before running it, then shows the failing pass and the fix-up round sent to the owner', async function () {
    this.timeout(90_000);
    await frame.getByRole('button', { name: 'Approve and run' }).click();
    const dialog = page.locator(DIALOG);
    await dialog.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await dialog.textContent()) ?? '', new RegExp(CHECKS_FLOW_COMMAND.replace('.', '\\.')));
    screenshots.push(await session.screenshot('checks-approval'));
    await dialog.getByRole('button', { name: 'Run these checks' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const panel = frame.getByRole('region', { name: /^Checks/ });
    const phase = async (): Promise<string> => ((await panel.getByRole('status').textContent()) ?? '').trim();
    await waitUntil(frame, async () => ((await phase()).startsWith('Fix-up round 1 of 2') ? true : undefined), 'the fix-up round', {
      timeoutMs: 60_000,
      describe: phase,
    });
    const text = (await panel.textContent()) ?? '';
    assert.match(text, /src\/routes\.ts:2/, 'the problem the check found');
    assert.match(text, /Failed/i);
    const health = HEALTH_TASKS.find((t) => t.id === 'health');
    assert.ok(health);
    assert.match(text, new RegExp(health.title), 'the problem is attributed to its owner');
    screenshots.push(await session.screenshot('checks-fixup-round'));
  });

  it('ends "Checks passing" once the owner fixed its file; the workspace is untouched', async function () {
    this.timeout(90_000);
    gate.open();
    const panel = frame.getByRole('region', { name: /^Checks/ });
    const phase = async (): Promise<string> => ((await panel.getByRole('status').textContent()) ?? '').trim();
    await waitUntil(frame, async () => ((await phase()) === 'Checks passing' ? true : undefined), 'checks passing', { timeoutMs: 60_000, describe: phase });
    await waitForAllDone(frame, HEALTH_TASKS.length);
    assert.match((await panel.textContent()) ?? '', /Every check passed \(pass 2\)\./);
    // Two requests for readme (write, finish), four for health (write, finish, the fix-up's write and finish).
    assert.equal(api.requests.filter((r) => r.route === 'health').length, 4);
    assert.equal(api.requests.filter((r) => r.route === 'readme').length, 2);
    assert.equal(await readFile(join(copy.workspace, 'src/routes.ts'), 'utf8'), routesBefore, 'nothing was written to the workspace');
    const health = HEALTH_TASKS.find((t) => t.id === 'health');
    assert.ok(health);
    const card = await openAgentCard(frame, health.id);
    assert.equal(((await card.locator('.agent-checks-passing').textContent()) ?? '').trim(), 'checks passing', "the owner's card says so");
    screenshots.push(await session.screenshot('checks-passing'));
  });

  it('says "checks passing" on the owner\'s Source Control group', async function () {
    this.timeout(60_000);
    await page.click(sel.activityItem('Source Control'), { force: true }); // a count badge may cover the icon
    await page.waitForSelector(sel.sidebarTitle('Source Control'));
    const health = HEALTH_TASKS.find((t) => t.id === 'health');
    assert.ok(health);
    await page.waitForSelector(sel.scmRow(`${health.role} · 1 file · checks passing — ${health.title}`), { timeout: 30_000 });
    screenshots.push(await session.screenshot('checks-passing-scm'));
  });
});
