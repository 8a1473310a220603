// The sidebar in a dark theme: a screenshot to look at, and the same checks on what it shows.
import * as assert from 'node:assert/strict';
import { cspViolations } from '../workbench/browser';
import * as sel from '../workbench/selectors';
import { EMPTY_STATE_HEADING, fanoutWebview, openWorkbench, type WorkbenchSession } from './session';

const DARK_THEME = 'Default Dark Modern';

describe(`Fanout in the workbench (${DARK_THEME})`, function () {
  let session: WorkbenchSession;

  before(async function () {
    this.timeout(120_000);
    session = await openWorkbench({ colorTheme: DARK_THEME });
  });

  after(async () => {
    await session?.close();
  });

  it('renders the empty state in the dark theme', async () => {
    const { page } = session;
    await page.click(sel.FANOUT_ACTIVITY_ITEM);
    await page.waitForSelector(sel.sidebarTitle('Fanout'), { state: 'visible' });
    const frame = await fanoutWebview(page);
    await frame.locator('h1', { hasText: EMPTY_STATE_HEADING }).waitFor({ state: 'visible' });
    // The webview follows the workbench theme: VS Code marks its body with the theme kind.
    assert.equal(await frame.locator('body').getAttribute('data-vscode-theme-kind'), 'vscode-dark');
    const path = await session.screenshot('fanout-empty-state-dark');
    console.log(`      screenshot: ${path}`);
    assert.deepEqual(cspViolations(session.console).map((v) => v.text), []);
  });
});
