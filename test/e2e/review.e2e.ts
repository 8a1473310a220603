// End to end in a real workbench: a run staged by the real engine (fake Messages API) before the
// window opens, reviewed in the Source Control view — groups per agent, the diff of a file, an
// inline accept that writes the workspace, and the agent's multi-file changes — with screenshots.
// The workspace is a temp copy of the sample; the extension finds the run through FANOUT_RUNS_DIR.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RUNS_DIR_ENV } from '../../src/host/runs/runRepository';
import { editFile, stageRun, writeFile, type StagedRun } from '../host/stageRun';
import { DEMO_WORKSPACE } from '../workbench/codeServer';
import * as sel from '../workbench/selectors';
import { openWorkbench, SCREENSHOT_DIR, type WorkbenchSession } from './session';

const DUE_DATE = `/** Due dates: an ISO date (YYYY-MM-DD) and whether a todo is overdue. */
export function parseDueDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\\d{4}-\\d{2}-\\d{2}$/.test(value)) return undefined;
  return Number.isNaN(Date.parse(value)) ? undefined : value;
}

export function isOverdue(dueDate: string | undefined, now = new Date()): boolean {
  return dueDate !== undefined && dueDate < now.toISOString().slice(0, 10);
}
`;

/** Shows a view container by its activity bar item (clicking the item of the one shown would hide the side bar). */
async function showView(page: Page, label: 'Source Control' | 'Explorer'): Promise<void> {
  if ((await page.locator(sel.sidebarTitle(label)).count()) > 0) return;
  await page.click(sel.activityItem(label), { force: true }); // a count badge may cover the icon
  await page.waitForSelector(sel.sidebarTitle(label));
}

describe('Review staged changes in the Source Control view', function () {
  let session: WorkbenchSession;
  let temp: string;
  let workspace: string;
  let run: StagedRun;
  const screenshots: string[] = [];

  before(async function () {
    this.timeout(180_000);
    temp = mkdtempSync(join(tmpdir(), 'fanout-review-e2e-'));
    workspace = join(temp, 'demo-workspace');
    cpSync(DEMO_WORKSPACE, workspace, { recursive: true });
    const runsDir = join(temp, 'runs');
    run = await stageRun({
      workspaceRoot: workspace,
      runsDir,
      request: 'Add due dates with an overdue filter',
      agents: [
        {
          id: 'types',
          title: 'Types',
          phase: 'contract',
          calls: [
            editFile(
              'src/todo.ts',
              '  readonly createdAt: string;\n}',
              '  readonly createdAt: string;\n  /** ISO date (YYYY-MM-DD) the todo is due, if any. */\n  readonly dueDate?: string;\n}',
            ),
            writeFile('src/dueDate.ts', DUE_DATE),
          ],
        },
        {
          id: 'store',
          title: 'Store',
          calls: [
            editFile(
              'src/store.ts',
              '  list(): Todo[] {\n    return [...this.todos.values()];',
              '  list(filter: { overdue?: boolean } = {}): Todo[] {\n    const todos = [...this.todos.values()];\n    return filter.overdue ? todos.filter((t) => isOverdue(t.dueDate)) : todos;',
            ),
          ],
        },
      ],
    });
    session = await openWorkbench({ colorTheme: 'Default Light Modern', folder: workspace, env: { [RUNS_DIR_ENV]: runsDir } });
  });

  after(async () => {
    await session?.close();
    rmSync(temp, { recursive: true, force: true });
    if (screenshots.length > 0) {
      console.log(`      screenshots in ${SCREENSHOT_DIR}:\n${screenshots.map((p) => `        ${p}`).join('\n')}`);
    }
  });

  it('lists the staged files in one group per agent', async () => {
    const { page } = session;
    await showView(page, 'Source Control');
    await page.waitForSelector(sel.scmRow('Types · 2 files'), { timeout: 30_000 });
    await page.waitForSelector(sel.scmRow('Store · 1 file'));
    for (const file of ['todo.ts', 'dueDate.ts', 'store.ts']) await page.waitForSelector(sel.scmRow(file));
    assert.equal(run.state.status, 'done');
    screenshots.push(await session.screenshot('review-scm-groups'));
  });

  it('opens the diff of a staged file when it is clicked', async () => {
    const { page } = session;
    await page.click(sel.scmRow('todo.ts'));
    await page.waitForSelector(sel.DIFF_EDITOR, { timeout: 30_000 });
    await page.waitForSelector(`${sel.ACTIVE_TAB}:has-text("src/todo.ts (Types)")`);
    await page.waitForSelector(`${sel.DIFF_EDITOR} .view-line:has-text("readonly dueDate?: string;")`);
    screenshots.push(await session.screenshot('review-diff'));
  });

  it("opens all of an agent's changes in the multi-file changes editor", async () => {
    const { page } = session;
    await page.hover(sel.scmRow('Types · 2 files'));
    await page.click(sel.scmRowAction('Types · 2 files', "Open Agent's Changes"));
    await page.waitForSelector(sel.MULTI_DIFF_EDITOR, { timeout: 30_000 });
    await page.waitForSelector(`${sel.ACTIVE_TAB}:has-text("Fanout: Types (2 files)")`);
    await page.waitForSelector(`${sel.MULTI_DIFF_EDITOR} .view-line:has-text("export function parseDueDate")`, { timeout: 30_000 });
    await page.waitForSelector(`${sel.MULTI_DIFF_EDITOR} .view-line:has-text("readonly dueDate?: string;")`);
    screenshots.push(await session.screenshot('review-agent-changes'));
  });

  it('writes the workspace when a file is accepted from its inline action', async () => {
    const { page } = session;
    assert.ok(!readFileSync(join(workspace, 'src/store.ts'), 'utf8').includes('overdue'), 'nothing is applied before an accept');
    await page.hover(sel.scmRow('store.ts'));
    await page.click(sel.scmRowAction('store.ts', 'Accept File'));
    const deadline = Date.now() + 15_000;
    while (!readFileSync(join(workspace, 'src/store.ts'), 'utf8').includes('filter.overdue') && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok(readFileSync(join(workspace, 'src/store.ts'), 'utf8').includes('filter.overdue'), 'the accepted change is on disk');
    await page.waitForSelector(sel.scmRow('Store · 1 file'), { state: 'detached' });
    await page.waitForSelector(sel.scmRow('Types · 2 files'));
    screenshots.push(await session.screenshot('review-after-accept'));
  });

  it('applies nothing when the file has conflicting edits, and opens the merge beside it', async () => {
    const { page } = session;
    const todo = join(workspace, 'src/todo.ts');
    const yours = readFileSync(todo, 'utf8').replace('  readonly createdAt: string;', '  readonly createdAt: string; // ISO 8601');
    writeFileSync(todo, yours);
    await showView(page, 'Source Control');
    await page.hover(sel.scmRow('todo.ts'));
    await page.click(sel.scmRowAction('todo.ts', 'Accept File'));
    await page.waitForSelector(`${sel.ACTIVE_TAB}:has-text("Untitled")`, { timeout: 15_000 });
    await page.waitForSelector('.part.editor .view-line:has-text("<<<<<<< yours")');
    await page.waitForSelector(`${sel.NOTIFICATION_TOAST}:has-text("Nothing was applied")`);
    assert.equal(readFileSync(todo, 'utf8'), yours, 'the file keeps exactly what the user wrote');
    screenshots.push(await session.screenshot('review-conflict'));
  });

  it('badges staged files in the Explorer', async () => {
    const { page } = session;
    await showView(page, 'Explorer');
    await page.click(sel.explorerRow('src'));
    await page.waitForSelector(sel.explorerRow('todo.ts'));
    screenshots.push(await session.screenshot('review-explorer-badges'));
  });
});
