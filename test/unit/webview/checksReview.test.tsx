/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import type { PlanReviewChecks } from '../../../src/protocol/messages';
import { ChecksSection } from '../../../webview/planReview/ChecksSection';
import { PlanReview } from '../../../webview/planReview/PlanReview';
import { checkCommandsProblem, checkOrigin, parseCheckCommands } from '../../../webview/planReview/reviewModel';
import { buttons, render, text } from './dom';
import { openPage, type Page } from './page';
import { recorder, review } from './stageFixtures';

const detected: PlanReviewChecks = {
  list: [
    { id: 'typecheck', command: 'npm run typecheck', source: 'manifest', origin: 'package.json script "typecheck"' },
    { id: 'test', command: 'npm test', source: 'manifest', origin: 'package.json script "test"' },
    { id: 'lint', command: 'make lint', source: 'setting' },
  ],
  source: 'manifest',
  fixRounds: 2,
  approved: false,
  notes: [],
};

function section(checks: PlanReviewChecks): Document {
  return render(<ChecksSection checks={checks} post={() => undefined} />);
}

describe('plan review: checks', () => {
  it('lists each command in monospace with its origin, the approval badge and the fix-up rounds', () => {
    const doc = section(detected);
    const rows = [...doc.querySelectorAll('.review-checks-list li')].map((li) => [
      li.querySelector('code')?.textContent,
      li.querySelector('.review-checks-origin')?.textContent,
    ]);
    assert.deepEqual(rows, [
      ['npm run typecheck', 'package.json script "typecheck"'],
      ['npm test', 'package.json script "test"'],
      ['make lint', 'the fanout.checks setting'],
    ]);
    assert.equal(text(doc, '.review-checks-badge'), 'needs approval');
    assert.equal(text(doc, '.ui-section-count'), '3 commands');
    assert.match(text(doc, '.review-checks-rounds'), /^Fix-up rounds: 2 \(setting fanout\.fixRounds\)$/);
    assert.deepEqual(buttons(doc), ['Edit check commands']);
    assert.equal(text(section({ ...detected, approved: true }), '.review-checks-badge'), 'approved');
  });

  it('says there are no checks for an empty list, without an approval badge', () => {
    const doc = section({ ...detected, list: [] });
    assert.match(text(doc), /No checks: the run ends without checking its result\./);
    assert.equal(doc.querySelector('.review-checks-badge'), null);
    assert.deepEqual(buttons(doc), ['Edit check commands']);
  });

  it('shows why no check will run instead of the list, with the notes under it', () => {
    const doc = section({
      ...detected,
      unavailable: 'This workspace is not trusted: checks run only in a trusted workspace.',
      notes: ['.fanout/checks.json is not valid JSON (line 3).'],
    });
    assert.equal(text(doc, '.review-checks-unavailable'), 'This workspace is not trusted: checks run only in a trusted workspace.');
    assert.equal(doc.querySelector('.review-checks-list'), null);
    assert.equal(doc.querySelector('.review-checks-badge'), null);
    assert.deepEqual(buttons(doc), [], 'nothing to edit when no check can run');
    assert.equal(text(doc, '.review-checks-notes'), '.fanout/checks.json is not valid JSON (line 3).');
  });

  it('sits below the tasks and above the approve bar', () => {
    const doc = render(<PlanReview review={review({ checks: detected })} post={() => undefined} />);
    const sections = [...doc.querySelectorAll('main > section')].map((s) => s.getAttribute('aria-labelledby'));
    const checks = sections.indexOf('review-checks-title');
    assert.ok(checks > 0, sections.join(','));
    assert.equal(sections[checks - 1], 'review-phase-validate');
    assert.equal(sections[checks + 1], 'review-estimate-title');
  });

  it('reads the editor one command per line, trimmed, blank lines dropped, and bounds it', () => {
    assert.deepEqual(parseCheckCommands('  npm test \r\n\n\tnpm run lint\n   \n'), ['npm test', 'npm run lint']);
    assert.deepEqual(parseCheckCommands('\n \n'), []);
    assert.equal(checkCommandsProblem(['a', 'b']), undefined);
    assert.equal(checkCommandsProblem(Array.from({ length: 21 }, (_, i) => `c${i}`)), 'At most 20 commands (this list has 21).');
    assert.equal(checkCommandsProblem(['ok', 'x'.repeat(1001)]), 'Command 2 is longer than 1000 characters.');
    assert.equal(checkOrigin({ id: 'c', command: 'c', source: 'checks-file' }), '.fanout/checks.json');
  });

  describe('in a page', () => {
    let page: Page;
    beforeEach(async () => {
      page = await openPage();
    });
    afterEach(async () => page.close());

    const button = (root: HTMLElement, label: string): HTMLButtonElement => {
      const found = [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === label);
      assert.ok(found, label);
      return found;
    };
    const type = async (root: HTMLElement, value: string): Promise<HTMLTextAreaElement> => {
      const textarea = root.querySelector<HTMLTextAreaElement>('#review-checks-input');
      assert.ok(textarea, 'the editor is open');
      const setValue = Object.getOwnPropertyDescriptor(page.window.HTMLTextAreaElement.prototype, 'value')?.set;
      await page.act(() => {
        setValue?.call(textarea, value);
        textarea.dispatchEvent(new page.window.Event('input', { bubbles: true }));
      });
      return textarea;
    };

    it('edits in place: the list in a textarea, Save posts editChecks with the commands', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<ChecksSection checks={detected} post={post} />);
      await page.act(() => button(root, 'Edit check commands').click());
      const textarea = root.querySelector<HTMLTextAreaElement>('#review-checks-input');
      assert.equal(textarea?.value, 'npm run typecheck\nnpm test\nmake lint');
      assert.equal(page.window.document.activeElement, textarea, 'the editor takes focus');
      assert.equal(root.querySelector('.review-checks-list'), null, 'the list gives way to the editor');
      await type(root, '  npm test\n\nnpm run lint -- --max-warnings 0  \n');
      await page.act(() => button(root, 'Save').click());
      assert.deepEqual(posted, [{ type: 'editChecks', commands: ['npm test', 'npm run lint -- --max-warnings 0'] }]);
      assert.equal(root.querySelector('#review-checks-input'), null, 'Save closes the editor');
      assert.equal(page.window.document.activeElement, button(root, 'Edit check commands'), 'focus returns to Edit');
    });

    it('posts an empty list when every line is cleared (no checks for this run)', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<ChecksSection checks={detected} post={post} />);
      await page.act(() => button(root, 'Edit check commands').click());
      await type(root, '\n  \n');
      await page.act(() => button(root, 'Save').click());
      assert.deepEqual(posted, [{ type: 'editChecks', commands: [] }]);
    });

    it('Cancel posts nothing and shows the list again; too many commands cannot be saved', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<ChecksSection checks={detected} post={post} />);
      await page.act(() => button(root, 'Edit check commands').click());
      await type(root, 'echo changed');
      await page.act(() => button(root, 'Cancel').click());
      assert.equal(root.querySelectorAll('.review-checks-list li').length, 3);

      await page.act(() => button(root, 'Edit check commands').click());
      assert.equal(
        root.querySelector<HTMLTextAreaElement>('#review-checks-input')?.value,
        'npm run typecheck\nnpm test\nmake lint',
        'a new edit starts from the list',
      );
      await type(root, Array.from({ length: 21 }, (_, i) => `echo ${i}`).join('\n'));
      const save = button(root, 'Save');
      assert.equal(save.getAttribute('aria-disabled'), 'true');
      assert.equal(root.querySelector('#review-checks-hint')?.textContent, 'At most 20 commands (this list has 21).');
      await page.act(() => save.click());
      assert.deepEqual(posted, []);
    });
  });
});
