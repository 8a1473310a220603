// The sidebar in a dark theme: a screenshot to look at, and the same checks on what it shows.
import * as assert from 'node:assert/strict';
import { cspViolations } from '../workbench/browser';
import * as sel from '../workbench/selectors';
import { COMPOSER_HEADING, fanoutWebview, openWorkbench, REQUEST_BOX, type WorkbenchSession } from './session';

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

  it('renders the request composer in the dark theme', async () => {
    const { page } = session;
    await page.click(sel.FANOUT_ACTIVITY_ITEM);
    await page.waitForSelector(sel.sidebarTitle('Fanout'), { state: 'visible' });
    const frame = await fanoutWebview(page);
    await frame.getByRole('heading', { name: COMPOSER_HEADING, level: 1 }).waitFor({ state: 'visible' });
    await frame.getByRole('textbox', { name: REQUEST_BOX }).waitFor({ state: 'visible' });
    await frame.getByRole('button', { name: 'Distribute', exact: true }).waitFor({ state: 'visible' });
    await frame.getByRole('region', { name: 'Demo mode' }).waitFor({ state: 'visible' });
    // The webview follows the workbench theme: VS Code marks its body with the theme kind.
    assert.equal(await frame.locator('body').getAttribute('data-vscode-theme-kind'), 'vscode-dark');
    const path = await session.screenshot('fanout-empty-state-dark');
    console.log(`      screenshot: ${path}`);
    assert.deepEqual(
      cspViolations(session.console).map((v) => v.text),
      [],
    );
  });
});
