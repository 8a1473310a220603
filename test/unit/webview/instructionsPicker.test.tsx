/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import type { InstructionFileChoice, InstructionSectionChoice } from '../../../src/protocol/messages';
import { PlanReview } from '../../../webview/planReview/PlanReview';
import { fileSummary, initialPicks, pickMessage, pickTotal, totalText } from '../../../webview/planReview/instructionsModel';
import { render, text } from './dom';
import { openPage, type Page } from './page';
import { recorder, review } from './stageFixtures';

function section(id: string, heading: string, level: number, bytes: number, defaultCut: InstructionSectionChoice['defaultCut']): InstructionSectionChoice {
  return { id, heading, level, bytes, defaultCut, selected: defaultCut !== 'none' };
}

const CLAUDE: InstructionFileChoice = {
  path: 'CLAUDE.md',
  bytes: 35_096,
  defaultKeptBytes: 7_990,
  ceilingBytes: 32_000,
  picked: false,
  truncated: false,
  sections: [
    section('~preamble', '', 0, 69, 'whole'),
    section('notes', 'Project notes', 1, 4_000, 'whole'),
    section('notes/style', 'Style', 2, 4_400, 'partly'),
    section('notes/testing', 'Testing', 2, 2_900, 'none'),
    section('notes/workflow', 'Parallel feature workflow', 2, 3_000, 'none'),
    section('appendix', 'Appendix', 1, 20_000, 'none'),
  ],
};

describe('plan review: project instructions, the model', () => {
  it('says what the agents get: the default cut, or the sections chosen', () => {
    assert.equal(fileSummary(CLAUDE), 'CLAUDE.md is 35,096 bytes; agents get only its first 7,990 bytes.');
    const picked: InstructionFileChoice = {
      ...CLAUDE,
      picked: true,
      sections: CLAUDE.sections.map((s) => ({ ...s, selected: s.id === 'notes/testing' || s.id === 'appendix' })),
    };
    assert.equal(fileSummary(picked), 'CLAUDE.md is 35,096 bytes; agents get the 2 sections you chose (22,900 bytes) instead of its first 7,990 bytes.');
  });

  it('keeps a running total against the ceiling and names the chosen sections past it', () => {
    const start = initialPicks(CLAUDE);
    assert.deepEqual([...start], ['~preamble', 'notes', 'notes/style']);
    assert.equal(totalText(pickTotal(CLAUDE, start)), '8,469 of 32,000 bytes chosen.');
    const all = new Set(CLAUDE.sections.map((s) => s.id));
    const total = pickTotal(CLAUDE, all);
    assert.equal(total.bytes, 34_369);
    assert.deepEqual(
      total.overCeiling.map((s) => s.id),
      ['appendix'],
    );
    assert.equal(totalText(total), '34,369 of 32,000 bytes chosen: over the limit, so “Appendix” would be left out.');
  });

  it('posts the checked sections in file order', () => {
    assert.deepEqual(pickMessage(CLAUDE, new Set(['appendix', '~preamble', 'notes/testing'])), {
      type: 'pickInstructions',
      selection: [{ path: 'CLAUDE.md', sections: ['~preamble', 'notes/testing', 'appendix'] }],
    });
  });
});

describe('plan review: project instructions, the view', () => {
  it('shows a "Project instructions" section for a cut file, closed, and none when no file is cut', () => {
    const doc = render(<PlanReview review={review({ instructions: [CLAUDE] })} post={() => undefined} />);
    assert.equal(text(doc, '#project-instr-title'), 'Project instructions');
    assert.equal(text(doc, '.project-instr-summary'), 'CLAUDE.md is 35,096 bytes; agents get only its first 7,990 bytes.');
    const toggle = doc.querySelector('.project-instr button');
    assert.equal(toggle?.textContent, 'Choose what goes in…');
    assert.equal(toggle?.getAttribute('aria-expanded'), 'false');
    assert.equal(doc.querySelector('input[type="checkbox"]'), null);
    for (const none of [review(), review({ instructions: [] })]) {
      assert.equal(render(<PlanReview review={none} post={() => undefined} />).querySelector('.project-instr'), null);
    }
  });

  describe('in a page', () => {
    let page: Page;
    beforeEach(async () => {
      page = await openPage();
    });
    afterEach(async () => page.close());

    async function openChooser(post: (m: Parameters<ReturnType<typeof recorder>['post']>[0]) => void): Promise<HTMLElement> {
      const root = await page.render(<PlanReview review={review({ instructions: [CLAUDE] })} post={post} />);
      const toggle = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Choose what goes in…');
      assert.ok(toggle);
      await page.act(() => toggle.click());
      return root;
    }

    const boxes = (root: HTMLElement) => [...root.querySelectorAll<HTMLInputElement>('.project-instr-sections input[type="checkbox"]')];
    const button = (root: HTMLElement, label: string) => {
      const found = [...root.querySelectorAll('button')].find((b) => b.textContent === label);
      assert.ok(found, label);
      return found;
    };

    it('lists every section with its size and default cut, checked as the default cut keeps them, focus on the first', async () => {
      const { post } = recorder();
      const root = await openChooser(post);
      const list = boxes(root);
      assert.deepEqual(
        list.map((b) => b.checked),
        [true, true, true, false, false, false],
      );
      assert.deepEqual(
        list.map((b) => (b.closest('label')?.textContent ?? '').replace(/\s+/g, ' ')),
        [
          'Text before the first heading69 bytesin the default cut',
          'Project notes4,000 bytesin the default cut',
          'Style4,400 bytespartly in the default cut',
          'Testing2,900 bytes',
          'Parallel feature workflow3,000 bytes',
          'Appendix20,000 bytes',
        ],
      );
      assert.equal(page.window.document.activeElement, list[0]);
      const toggle = button(root, 'Choose what goes in…');
      assert.equal(toggle.getAttribute('aria-expanded'), 'true');
      assert.ok(root.querySelector(`#${toggle.getAttribute('aria-controls') ?? 'none'}`)?.contains(list[0] ?? null));
      const fieldset = root.querySelector('fieldset.project-instr-picker');
      assert.equal(root.querySelector(`#${fieldset?.getAttribute('aria-describedby') ?? 'none'}`)?.textContent, '8,469 of 32,000 bytes chosen.');
    });

    it('Apply posts the checked sections; the total follows each change', async () => {
      const { posted, post } = recorder();
      const root = await openChooser(post);
      const list = boxes(root);
      await page.act(() => list[2]?.click());
      await page.act(() => list[4]?.click());
      await page.act(() => list[5]?.click());
      assert.equal(root.querySelector('.project-instr [role="status"]')?.textContent, '27,069 of 32,000 bytes chosen.');
      await page.act(() => button(root, 'Apply').click());
      assert.deepEqual(posted, [
        { type: 'pickInstructions', selection: [{ path: 'CLAUDE.md', sections: ['~preamble', 'notes', 'notes/workflow', 'appendix'] }] },
      ]);
      assert.equal(boxes(root).length, 0, 'closed after Apply');
      assert.equal(page.window.document.activeElement?.textContent, 'Choose what goes in…');
    });

    it('warns past the ceiling; Clear all and Cancel post nothing, Apply after Clear all posts an empty choice', async () => {
      const { posted, post } = recorder();
      const root = await openChooser(post);
      for (const box of boxes(root).filter((b) => !b.checked)) await page.act(() => box.click());
      const status = root.querySelector('.project-instr [role="status"]');
      assert.equal(status?.className, 'blocker');
      assert.match(status?.textContent ?? '', /over the limit, so “Appendix” would be left out/);
      await page.act(() => button(root, 'Clear all').click());
      assert.deepEqual(
        boxes(root).map((b) => b.checked),
        [false, false, false, false, false, false],
      );
      await page.act(() => button(root, 'Cancel').click());
      assert.deepEqual(posted, []);
      await page.act(() => button(root, 'Choose what goes in…').click());
      await page.act(() => button(root, 'Clear all').click());
      await page.act(() => button(root, 'Apply').click());
      assert.deepEqual(posted, [{ type: 'pickInstructions', selection: [{ path: 'CLAUDE.md', sections: [] }] }]);
    });
  });
});
