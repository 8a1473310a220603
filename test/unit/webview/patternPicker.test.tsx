/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import type { PatternChoice } from '../../../src/protocol/messages';
import { Composer } from '../../../webview/compose/Composer';
import {
  PLANNER_CHOOSES,
  PLANNER_PICKED,
  patternPick,
  selectedPattern,
  submitMessage,
  SUGGESTED_BECAUSE,
  type ComposerProps,
} from '../../../webview/compose/composeModel';
import { PatternPicker } from '../../../webview/compose/Pickers';
import { defaultUiState, type UiState } from '../../../webview/uiState';
import { render, text } from './dom';
import { openPage, type Page } from './page';

const FEATURE: PatternChoice = {
  name: 'feature-7',
  title: 'Feature in seven roles',
  description: 'A user-facing feature in seven roles.',
  whenToPick: 'Pick it for a user-facing feature that touches UI, state, tests and docs together.',
  source: 'builtin',
};
const CLAUDE_MD: PatternChoice = {
  name: 'claude-md',
  title: 'Parallel Feature Implementation Workflow',
  description: 'When a feature touches several layers, split it across parallel subagents.',
  whenToPick: 'Your project\'s own workflow (CLAUDE.md, "Parallel Feature Implementation Workflow"): pick it for work that follows it.',
  source: 'claude-md',
};
const WITH_CLAUDE_MD = [FEATURE, CLAUDE_MD];

function picker(value: string, patterns: readonly PatternChoice[] = WITH_CLAUDE_MD): Document {
  return render(<PatternPicker patterns={patterns} value={value} onChange={() => undefined} />);
}

/** The texts the select's aria-describedby points at, each id resolved in the document. */
function described(doc: Document): string[] {
  const ids = (doc.querySelector('#compose-pattern')?.getAttribute('aria-describedby') ?? '').split(' ');
  return ids.map((id) => {
    const el = doc.getElementById(id);
    assert.ok(el, `aria-describedby names #${id}, which is not in the page`);
    return (el.textContent ?? '').trim();
  });
}

describe('composer: the CLAUDE.md workflow offered by default', () => {
  it('selects the CLAUDE.md pattern while the user has picked nothing, and says it chose it', () => {
    assert.deepEqual(selectedPattern('', WITH_CLAUDE_MD), { name: 'claude-md', suggested: true });
    assert.deepEqual(selectedPattern('', [FEATURE]), { name: '', suggested: false });
  });

  it('never overrides the user’s pick, an explicit "Let the planner choose" included', () => {
    assert.deepEqual(selectedPattern('feature-7', WITH_CLAUDE_MD), { name: 'feature-7', suggested: false });
    assert.deepEqual(selectedPattern('claude-md', WITH_CLAUDE_MD), { name: 'claude-md', suggested: false });
    assert.deepEqual(selectedPattern(PLANNER_PICKED, WITH_CLAUDE_MD), { name: '', suggested: false });
    assert.equal(patternPick(''), PLANNER_PICKED);
    assert.equal(patternPick('feature-7'), 'feature-7');
  });

  it('falls back to the suggestion when the picked pattern no longer exists', () => {
    assert.deepEqual(selectedPattern('gone', WITH_CLAUDE_MD), { name: 'claude-md', suggested: true });
    assert.deepEqual(selectedPattern('gone', [FEATURE]), { name: '', suggested: false });
  });

  it('submits what is selected: the suggestion, the pick, or no pattern for the planner', () => {
    const ui = (pattern: string): UiState => ({ ...defaultUiState, pattern });
    assert.deepEqual(submitMessage('r', ui(''), WITH_CLAUDE_MD), { type: 'submitRequest', request: 'r', pattern: 'claude-md' });
    assert.deepEqual(submitMessage('r', ui(PLANNER_PICKED), WITH_CLAUDE_MD), { type: 'submitRequest', request: 'r' });
    assert.deepEqual(submitMessage('r', ui('feature-7'), WITH_CLAUDE_MD), { type: 'submitRequest', request: 'r', pattern: 'feature-7' });
    assert.deepEqual(submitMessage('r', ui(''), [FEATURE]), { type: 'submitRequest', request: 'r' });
  });
});

describe('composer: the pattern picker says when to pick each pattern', () => {
  it('a suggested CLAUDE.md pattern: selected, badged, with why, what it is and when to pick it, all tied to the select', () => {
    const doc = picker('');
    assert.equal(doc.querySelector<HTMLSelectElement>('#compose-pattern option[selected]')?.value, 'claude-md');
    assert.equal(text(doc, '.pattern-badge'), 'From your CLAUDE.md');
    assert.deepEqual(described(doc), [SUGGESTED_BECAUSE, CLAUDE_MD.description, CLAUDE_MD.whenToPick]);
  });

  it('a pattern the user picked: its description and when to pick it, no "selected because"', () => {
    const doc = picker('feature-7');
    assert.equal(doc.querySelector<HTMLSelectElement>('#compose-pattern option[selected]')?.value, 'feature-7');
    assert.equal(doc.querySelector('.pattern-badge'), null);
    assert.deepEqual(described(doc), [FEATURE.description, FEATURE.whenToPick]);
    // The CLAUDE.md pattern picked by hand keeps its badge but needs no reason.
    const claude = picker('claude-md');
    assert.equal(text(claude, '.pattern-badge'), 'From your CLAUDE.md');
    assert.deepEqual(described(claude), [CLAUDE_MD.description, CLAUDE_MD.whenToPick]);
  });

  it('"Let the planner choose": one line on how the planner chooses', () => {
    for (const doc of [picker(PLANNER_PICKED), picker('', [FEATURE])]) {
      assert.equal(doc.querySelector<HTMLSelectElement>('#compose-pattern option[selected]')?.value, '');
      assert.deepEqual(described(doc), [PLANNER_CHOOSES]);
    }
  });

  describe('in a page', () => {
    let page: Page;
    beforeEach(async () => {
      page = await openPage();
    });
    afterEach(async () => page.close());

    it('records an explicit "Let the planner choose", so the suggestion does not come back', async () => {
      const patches: Partial<UiState>[] = [];
      const props: ComposerProps = {
        draft: 'Add a profile page',
        context: undefined,
        onRemoveContext: () => undefined,
        workspace: { kind: 'ready', name: 'acme' },
        demoMode: false,
        patterns: WITH_CLAUDE_MD,
        ui: defaultUiState,
        onUi: (patch) => patches.push(patch),
        focusRequests: 0,
        post: () => undefined,
        submitKeys: 'Ctrl+Enter',
      };
      const root = await page.render(<Composer {...props} />);
      const select = root.querySelector<HTMLSelectElement>('#compose-pattern');
      assert.ok(select);
      assert.equal(select.value, 'claude-md');
      await page.act(() => {
        select.value = '';
        select.dispatchEvent(new page.window.Event('change', { bubbles: true }));
      });
      await page.act(() => {
        select.value = 'feature-7';
        select.dispatchEvent(new page.window.Event('change', { bubbles: true }));
      });
      assert.deepEqual(patches, [{ pattern: PLANNER_PICKED }, { pattern: 'feature-7' }]);
    });
  });
});
