// End to end with an API key: the real SDK in the extension host talks to a fake Messages API this
// test runs (ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL point code-server at it; see flowScripts.ts for
// what it answers). A typed request goes out with Ctrl+Enter, the plan review shows the route and a
// lint finding whose fix removes it, the approved run fans out and finishes. A second request is
// driven by the keyboard alone; one of its agents stalls, is cancelled from its card and retried to
// done. A rejected key ends at an error naming "Fanout: Set API Key". Each stage is photographed in
// the dark and the high-contrast theme (the demo flow takes the light one).
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { isWritingTask } from '../../src/core/plan/plan';
import { startFakeMessagesApi, type FakeMessagesApi } from '../fake/messagesServer';
import { cspViolations } from '../workbench/browser';
import * as sel from '../workbench/selectors';
import {
  createGate,
  GATED_AGENTS,
  HEALTH_RATIONALE,
  HEALTH_REQUEST,
  HEALTH_TASKS,
  HOT_SPOT_CODE,
  HOT_SPOT_FIX,
  keyFlowRoutes,
  PRIORITY_RATIONALE,
  PRIORITY_REQUEST,
  PRIORITY_TASKS,
  type Gate,
} from './flowScripts';
import {
  AGENT_ENTRY,
  agentEntries,
  assertAllControlsNamed,
  openAgentCard,
  scrollToTop,
  tabTo,
  waitForAllDone,
  waitForCard,
  waitForCards,
  waitForFocus,
  waitForStage,
  waitUntil,
} from './flowSteps';
import {
  COMPOSER_HEADING,
  copySampleWorkspace,
  fanoutWebview,
  openWorkbench,
  REQUEST_BOX,
  runCommand,
  SCREENSHOT_DIR,
  setColorTheme,
  SIDEBAR_WIDTH,
  VIEWPORT,
  widenSidebar,
  type WorkbenchSession,
  type WorkspaceCopy,
} from './session';

// Not shaped like a real key: only the fake Messages API checks it.
const API_KEY = 'fanout-e2e-key-flow-test-key';
// Passes the input box's shape check, but is obviously not a key.
const WRONG_KEY = 'not-a-real-key-for-fanout-e2e-tests';

describe('Distribute Feature with an API key (fake Messages API)', function () {
  let api: FakeMessagesApi;
  let gate: Gate;
  let copy: WorkspaceCopy;
  let session: WorkbenchSession;
  let page: Page;
  let frame: Frame;
  const screenshots: string[] = [];

  /** Screenshots the view as it is in the dark theme and in high contrast, then returns to dark. */
  async function photograph(name: string): Promise<void> {
    screenshots.push(await session.screenshot(`${name}-dark`));
    await setColorTheme(page, 'hc');
    screenshots.push(await session.screenshot(`${name}-hc`));
    await setColorTheme(page, 'dark');
  }

  before(async function () {
    this.timeout(120_000);
    gate = createGate();
    api = await startFakeMessagesApi({ routes: keyFlowRoutes(gate), requireApiKey: API_KEY });
    copy = await copySampleWorkspace('key-e2e');
    session = await openWorkbench({
      colorTheme: 'Default Dark Modern',
      folder: copy.workspace,
      env: { ANTHROPIC_API_KEY: API_KEY, ANTHROPIC_BASE_URL: api.baseURL },
      // No price or model settings: the built-in model table prices the default models.
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
    if (screenshots.length > 0) {
      console.log(`      screenshots in ${SCREENSHOT_DIR}:\n${screenshots.map((p) => `        ${p}`).join('\n')}`);
    }
  });

  it('composes a request by typing it into the composer', async () => {
    await runCommand(page, 'Fanout: Distribute Feature');
    frame = await fanoutWebview(page);
    await waitForStage(frame, COMPOSER_HEADING);
    // A key is set, so no demo: an empty request box with the cursor in it.
    assert.equal(await frame.getByRole('region', { name: 'Demo mode' }).count(), 0, 'no demo banner when a key is set');
    const request = frame.getByRole('textbox', { name: REQUEST_BOX });
    assert.equal(await request.inputValue(), '');
    // The command puts the cursor in the request box.
    await waitForFocus(frame, REQUEST_BOX);
    await page.keyboard.type(PRIORITY_REQUEST);
    assert.equal(await request.inputValue(), PRIORITY_REQUEST);
    await assertAllControlsNamed(frame, 'composer');
    await photograph('composer');
  });

  it('sends it with Ctrl+Enter and shows the route, the plan and a finding with a fix', async () => {
    await frame.getByRole('textbox', { name: REQUEST_BOX }).focus();
    await page.keyboard.press('Control+Enter');
    await waitForStage(frame, 'Review the plan');
    const route = frame.getByRole('region', { name: 'Route' });
    assert.equal(((await route.locator('.route-badge').textContent()) ?? '').trim(), 'Complex');
    assert.equal(((await route.locator('.review-rationale').textContent()) ?? '').trim(), PRIORITY_RATIONALE);
    assert.equal(await frame.locator('.review-task').count(), PRIORITY_TASKS.length, 'one card per task');
    for (const task of PRIORITY_TASKS) await frame.getByRole('heading', { name: task.title, level: 3 }).waitFor({ state: 'attached' });
    const findings = frame.getByRole('region', { name: /^Findings/ });
    await findings.getByText(HOT_SPOT_CODE, { exact: true }).waitFor({ state: 'visible' });
    await findings.getByRole('button', { name: HOT_SPOT_FIX }).waitFor({ state: 'visible' });
    // Priced models: a known estimate under the cap, so Approve needs no extra confirmation.
    assert.match(((await frame.locator('.review-estimate').textContent()) ?? '').trim(), /\$\d/);
    assert.equal(await frame.getByRole('checkbox').count(), 0, 'no over-budget confirmation');
    await assertAllControlsNamed(frame, 'plan review');
    await photograph('plan-review');
  });

  it('applies the fix: the finding disappears and the file moves to its new owner', async () => {
    await frame.getByRole('button', { name: HOT_SPOT_FIX }).click();
    await frame.getByRole('region', { name: /^Findings/ }).waitFor({ state: 'detached' });
    const wiring = PRIORITY_TASKS.find((t) => t.id === 'wiring');
    const store = PRIORITY_TASKS.find((t) => t.id === 'store');
    assert.ok(wiring && store);
    await frame
      .getByRole('list', { name: `Files ${wiring.title} owns` })
      .getByText('package.json', { exact: true })
      .waitFor({ state: 'visible' });
    assert.equal(
      await frame
        .getByRole('list', { name: `Files ${store.title} owns` })
        .getByText('package.json', { exact: true })
        .count(),
      0,
    );
  });

  it('approves the plan and fans out to several agents at once', async () => {
    await frame.getByRole('button', { name: 'Approve and run' }).click();
    // The implement agents each wait at the gate on their second turn: all of them run at once.
    const statuses = await waitForCards(frame, 'Running', GATED_AGENTS.length);
    assert.deepEqual(
      GATED_AGENTS.filter((id) => statuses[id] !== 'Running'),
      [],
      `every gated agent is running (${JSON.stringify(statuses)})`,
    );
    assert.equal(statuses['priority-type'], 'Done', 'the contract finished before the fan-out');
    // The status bar counts them too.
    await page
      .locator(sel.STATUS_BAR_ITEM, { hasText: `Fanout: ${GATED_AGENTS.length} running · 1/${PRIORITY_TASKS.length} done` })
      .waitFor({ state: 'visible' });
    // Five agents: one card each, the running ones first, under "Working".
    assert.deepEqual(
      (await agentEntries(frame)).map((e) => `${e.taskId}:${e.form}`).sort(),
      PRIORITY_TASKS.map((t) => `${t.id}:card`).sort(),
      'one card per task',
    );
    const working = frame.locator('section.activity-working');
    for (const id of GATED_AGENTS) assert.equal(await working.locator(`${AGENT_ENTRY}[data-task="${id}"]`).count(), 1, `${id} is listed under "Working"`);
    await scrollToTop(frame, '#activity-working');
    await photograph('running');
  });

  it('watches every agent reach done', async () => {
    gate.open();
    await waitForAllDone(frame, PRIORITY_TASKS.length);
    await waitForStage(frame, 'Done');
    const owners = frame.getByRole('list', { name: 'Owners' });
    for (const task of PRIORITY_TASKS.filter(isWritingTask)) await owners.getByText(task.id, { exact: true }).waitFor({ state: 'attached' });
    await assertAllControlsNamed(frame, 'finished run');
    await scrollToTop(frame, 'html');
    await photograph('finished');
  });

  it("sent only requests the current models accept (the fake enforces each model's rules)", () => {
    const refused = api.requests.filter((r) => r.outcome === 'rejected').map((r) => `#${r.seq}: ${r.rejection ?? ''}`);
    assert.deepEqual(refused, []);
    const models = new Set(api.requests.map((r) => (typeof r.body?.model === 'string' ? r.body.model : '')));
    assert.deepEqual([...models].sort(), ['claude-haiku-5-5', 'claude-opus-5-5', 'claude-sonnet-5-5']);
  });

  it('keyboard only: focuses the composer from the palette, distributes with Ctrl+Enter and approves', async () => {
    // F1, the command's title and Enter: the palette is keyboard-driven.
    await runCommand(page, 'Fanout: Distribute Feature');
    frame = await fanoutWebview(page);
    await waitForStage(frame, COMPOSER_HEADING);
    await waitForFocus(frame, REQUEST_BOX);
    await page.keyboard.type(HEALTH_REQUEST);
    // Tab leaves the request box for the pattern picker; Shift+Tab comes back to it.
    await tabTo(page, frame, 'Pattern', { maxPresses: 1 });
    await tabTo(page, frame, REQUEST_BOX, { backwards: true, maxPresses: 1 });
    await page.keyboard.press('Control+Enter');
    await waitForStage(frame, 'Review the plan');
    assert.equal(((await frame.locator('.review-rationale').textContent()) ?? '').trim(), HEALTH_RATIONALE);
    // The new stage takes focus at its heading, so Tab walks the review from the top.
    await waitForFocus(frame, 'Review the plan');
    const presses = await tabTo(page, frame, 'Approve and run', { maxPresses: 40 });
    await page.keyboard.press('Enter');
    await waitForCard(frame, 'health', 'Done');
    await waitForCard(frame, 'readme', 'Running');
    console.log(`      "Approve and run" was ${presses} Tab presses from the review heading`);
  });

  it('cancels a stalled agent from its card, then retries it to done', async () => {
    assert.equal(HEALTH_TASKS.length, 2);
    await (await openAgentCard(frame, 'readme')).getByRole('button', { name: 'Cancel agent readme' }).click();
    await waitForCard(frame, 'readme', 'Cancelled');
    // The cancel aborts the stalled request: the fake API sees its connection close.
    await waitUntil(
      frame,
      async () => (api.requests.find((r) => r.route === 'readme' && r.turnIndex === 0)?.aborted ? true : undefined),
      'the stalled request to be aborted',
      {
        timeoutMs: 10_000,
      },
    );
    const retry = (await openAgentCard(frame, 'readme')).getByRole('button', { name: 'Retry agent readme' });
    await retry.waitFor({ state: 'visible' });
    screenshots.push(await session.screenshot('agent-cancelled-dark'));
    await retry.click();
    await waitForCard(frame, 'readme', 'Done');
    await waitForAllDone(frame, HEALTH_TASKS.length);
    await waitForStage(frame, 'Done');
    screenshots.push(await session.screenshot('agent-retried-dark'));
  });

  it('stops at an error naming "Fanout: Set API Key" when the key is rejected', async () => {
    // The command's own password box opens in the palette's widget, which therefore never closes.
    await runCommand(page, 'Fanout: Set API Key', { then: 'input[type="password"]' });
    await page.keyboard.type(WRONG_KEY);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${sel.NOTIFICATION_TOAST}:has-text("API key saved")`);
    await runCommand(page, 'Fanout: Distribute Feature');
    frame = await fanoutWebview(page);
    await waitForStage(frame, COMPOSER_HEADING);
    await waitForFocus(frame, REQUEST_BOX);
    await page.keyboard.type('Add a tag list to todos.');
    await page.keyboard.press('Control+Enter');
    await waitForStage(frame, 'The request could not start');
    const alert = ((await frame.getByRole('alert').textContent()) ?? '').trim();
    assert.match(alert, /401/);
    assert.match(alert, /Fanout: Set API Key/);
    await frame.getByRole('button', { name: 'Set API Key' }).waitFor({ state: 'visible' });
    assert.ok(
      api.requests.some((r) => r.outcome === 'unauthorized'),
      'the fake API refused the wrong key',
    );
    screenshots.push(await session.screenshot('auth-error-dark'));
  });

  it('reports no Content Security Policy violations along the way', () => {
    assert.deepEqual(
      cspViolations(session.console).map((v) => `${v.url}: ${v.text}`),
      [],
    );
  });
});
