/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import type { PlanFinding } from '../../../src/core/plan/plan';
import { approveBlocker, costText, findingsBySeverity, mergeTargets, ownershipTargets, type PlanReviewProps } from '../../../webview/planReview/reviewModel';
import { PlanReview } from '../../../webview/planReview/PlanReview';
import { openPage, type Page } from './page';
import { error, plan, recorder, review, warning } from './stageFixtures';

function html(props: PlanReviewProps): string {
  return renderToStaticMarkup(<PlanReview {...props} />);
}

const approve = /<button[^>]*aria-disabled="(true|false)"[^>]*>Approve and run<\/button>/;
const info: PlanFinding = {
  severity: 'info',
  code: 'fragmentation',
  message: 'Merge api into ui.',
  tasks: ['api'],
  paths: [],
  fix: { title: 'Merge api into ui', edits: [{ kind: 'mergeTasks', into: 'ui', from: ['api'] }] },
};

describe('plan review', () => {
  it('orders findings errors first and keeps each one’s index for applyFix', () => {
    assert.deepEqual(
      findingsBySeverity([info, warning, error]).map((f) => [f.finding.severity, f.index]),
      [
        ['error', 2],
        ['warning', 1],
        ['info', 0],
      ],
    );
  });

  it('renders findings by severity with a fix button for each finding that has one', async () => {
    const markup = html({ review: review({ findings: [warning, error, info] }), post: () => undefined });
    const order = ['Error', 'Warning', 'Note'].map((label) => markup.indexOf(`review-finding-severity">${label}<`));
    assert.ok(
      order.every((i, k) => i > 0 && (k === 0 || i > (order[k - 1] ?? 0))),
      `severity order ${order.join(',')}`,
    );
    assert.match(markup, />Give src\/index.ts to api<\/button>/);
    assert.match(markup, />Merge api into ui<\/button>/);
    assert.equal((markup.match(/class="ui-button small">/g) ?? []).length, 2, 'only findings with a fix get a button');
  });

  it('disables Approve while there are error findings, with the reason', async () => {
    const markup = html({ review: review({ findings: [error] }), post: () => undefined });
    assert.equal(approve.exec(markup)?.[1], 'true');
    assert.match(markup, /Fix the error above before approving\./);
    assert.equal(approveBlocker(review({ findings: [error, error] }), true), 'Fix the 2 errors above before approving.');
  });

  it('enables Approve for a clean plan within budget, and asks for confirmation above it', async () => {
    assert.equal(approve.exec(html({ review: review({ findings: [warning] }), post: () => undefined }))?.[1], 'false');
    const over = html({ review: review({ needsApproval: true }), post: () => undefined });
    assert.equal(approve.exec(over)?.[1], 'true');
    assert.match(over, /type="checkbox".*Run even though the estimate is above the budget/s);
    assert.equal(approveBlocker(review({ needsApproval: true }), true), undefined);
  });

  it('shows the estimate as a range, or n/a naming the unpriced model', async () => {
    assert.match(html({ review: review(), post: () => undefined }), /\$0\.41–\$4\.47/);
    const unknown = review({
      estimate: { lowUsd: null, highUsd: null, lowTokens: 1, highTokens: 2, unpricedModels: ['claude-x'], basis: 'b' },
      needsApproval: true,
    });
    assert.equal(costText(unknown.estimate), 'n/a — no price for claude-x (set fanout.prices)');
    assert.match(html({ review: unknown, post: () => undefined }), /Run even though the estimate is unknown/);
  });

  it('groups tasks by phase with their essentials (owned files, dependencies, instructions); editing controls wait for "Edit"', async () => {
    const markup = html({ review: review(), post: () => undefined });
    const phases = ['Contract', 'Implement', 'Validate'].map((p) => markup.indexOf(`>${p} <`));
    assert.ok(
      phases.every((i, k) => i > 0 && (k === 0 || i > (phases[k - 1] ?? 0))),
      `phase order ${phases.join(',')}`,
    );
    assert.match(markup, /src\/index\.ts/);
    assert.match(markup, /<summary>Instructions<\/summary><pre>Do ui\.<\/pre>/);
    assert.match(markup, /Nothing: it reviews the combined change/);
    assert.match(markup, /aria-label="Edit Task ui"[^>]*>Edit<\/button>|>Edit<\/button>/);
    assert.match(markup, /aria-expanded="false"/);
    assert.doesNotMatch(markup, /aria-label="Move src\/index.ts to another task"/, 'no move control before Edit');
    assert.doesNotMatch(markup, /aria-label="Remove task Task ui"/, 'no remove button before Edit');
    assert.doesNotMatch(markup, /<select id="task-ui-model"/, 'no model select before Edit');
  });

  it('reveals a task\'s model, move, merge and remove controls after "Edit", and hides them again with "Done"', async () => {
    const page = await openPage();
    try {
      const root = await page.render(<PlanReview review={review()} post={() => undefined} />);
      const edit = root.querySelector<HTMLButtonElement>('button[aria-label="Edit Task ui"]');
      assert.ok(edit);
      await page.act(() => edit.click());
      assert.equal(edit.getAttribute('aria-expanded'), 'true');
      assert.ok(root.querySelector('select[aria-label="Move src/index.ts to another task"]'));
      assert.ok(root.querySelector('button[aria-label="Remove task Task ui"]'));
      assert.match(root.querySelector('#task-ui-model')?.innerHTML ?? '', /<option value="claude-haiku-4-5">claude-haiku-4-5<\/option>/);
      assert.equal(root.querySelector('button[aria-label="Remove task Task api"]'), null, 'only the task being edited shows its controls');
      await page.act(() => edit.click());
      assert.equal(root.querySelector('select[aria-label="Move src/index.ts to another task"]'), null);
    } finally {
      await page.close();
    }
  });

  it('moves files only to other writing tasks and never merges writers into a validator', () => {
    const [types, ui, api, qa] = plan.tasks;
    assert.ok(types && ui && api && qa);
    assert.deepEqual(
      ownershipTargets(ui, plan.tasks).map((t) => t.id),
      ['types', 'api'],
    );
    assert.deepEqual(
      mergeTargets(api, plan.tasks).map((t) => t.id),
      ['types', 'ui'],
    );
    assert.deepEqual(
      mergeTargets(qa, plan.tasks).map((t) => t.id),
      ['types', 'ui', 'api'],
    );
  });

  describe('in a page', () => {
    let page: Page;
    beforeEach(async () => {
      page = await openPage();
    });
    afterEach(async () => page.close());

    it('posts applyFix with the finding’s index, plan edits, a route change, Back and Approve', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<PlanReview review={review({ findings: [warning, error] })} post={post} />);
      const button = (text: string) => {
        const found = Array.from(root.querySelectorAll('button')).find((b) => b.textContent === text);
        assert.ok(found, text);
        return found;
      };
      const select = (label: string) => {
        const found = root.querySelector<HTMLSelectElement>(`select[aria-label="${label}"]`);
        assert.ok(found, label);
        return found;
      };
      const choose = async (el: ReturnType<typeof select>, value: string) =>
        page.act(() => {
          el.value = value;
          el.dispatchEvent(new page.window.Event('change', { bubbles: true }));
        });

      await page.act(() => button('Give src/index.ts to api').click());
      for (const task of ['Task ui', 'Task api']) {
        const edit = root.querySelector<HTMLButtonElement>(`button[aria-label="Edit ${task}"]`);
        assert.ok(edit, task);
        await page.act(() => edit.click());
      }
      await choose(select('Move src/index.ts to another task'), 'api');
      await choose(select('Merge Task api into another task'), 'ui');
      await page.act(() => button('Approve and run').click());
      const route = root.querySelector<HTMLSelectElement>('#review-route');
      assert.ok(route);
      await choose(route, 'moderate');
      await page.act(() => button('Plan again').click());
      await page.act(() => button('Back').click());

      assert.deepEqual(posted, [
        { type: 'applyFix', index: 1 },
        { type: 'editPlan', edits: [{ kind: 'moveOwnership', path: 'src/index.ts', from: 'ui', to: 'api' }] },
        { type: 'editPlan', edits: [{ kind: 'mergeTasks', into: 'ui', from: ['api'] }] },
        { type: 'submitRequest', request: 'Add a profile page', route: 'moderate' },
        { type: 'backToCompose' },
      ]);
    });

    it('approves over budget only after the confirmation is checked', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<PlanReview review={review({ needsApproval: true })} post={post} />);
      const approveButton = Array.from(root.querySelectorAll('button')).find((b) => b.textContent === 'Approve and run');
      const checkbox = root.querySelector<HTMLInputElement>('input[type="checkbox"]');
      assert.ok(approveButton && checkbox);
      await page.act(() => approveButton.click());
      await page.act(() => checkbox.click());
      await page.act(() => approveButton.click());
      assert.deepEqual(posted, [{ type: 'approvePlan', confirmedOverBudget: true }]);
    });
  });
});
