/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import type { PatternChoice, WorkspaceStatus } from '../../../src/protocol/messages';
import { composerBlocker, MAX_REQUEST_CHARS, patternGroups, submitMessage, type ComposerProps } from '../../../webview/compose/composeModel';
import { defaultUiState, parseUiState } from '../../../webview/uiState';
import { Composer } from '../../../webview/compose/Composer';
import { openPage, type Page } from './page';
import { recorder } from './stageFixtures';

const READY: WorkspaceStatus = { kind: 'ready', name: 'acme' };
const patterns: readonly PatternChoice[] = [
  { name: 'feature-7', title: 'Feature (7 roles)', description: 'Seven roles.', whenToPick: 'Pick it for a user-facing feature.', source: 'builtin' },
  { name: 'api-first', title: 'API first', description: 'Schema first.', whenToPick: 'Pick it for an endpoint.', source: 'workspace' },
];

function props(patch: Partial<ComposerProps> = {}): ComposerProps {
  return {
    draft: 'Add a profile page',
    context: undefined,
    onRemoveContext: () => undefined,
    workspace: READY,
    demoMode: false,
    patterns,
    ui: defaultUiState,
    onUi: () => undefined,
    focusRequests: 0,
    post: () => undefined,
    submitKeys: 'Ctrl+Enter',
    ...patch,
  };
}

function html(patch: Partial<ComposerProps> = {}): string {
  return renderToStaticMarkup(<Composer {...props(patch)} />);
}

const distribute = /<button[^>]*aria-disabled="(true|false)"[^>]*>Distribute<\/button>/;

describe('composer', () => {
  it('says why Distribute is blocked: no folder, untrusted, empty, too long', () => {
    assert.match(composerBlocker('x', { kind: 'none' }) ?? '', /Open a folder/);
    assert.match(composerBlocker('x', { kind: 'untrusted', name: 'acme' }) ?? '', /Trust “acme”.*Restricted Mode/);
    assert.match(composerBlocker('   \n', READY) ?? '', /Describe the feature/);
    assert.match(composerBlocker('x'.repeat(MAX_REQUEST_CHARS + 5), READY) ?? '', /5 characters over/);
    assert.equal(composerBlocker('Add a page', READY), undefined);
  });

  it('renders Distribute disabled with the reason for an untrusted workspace, and the trust action', async () => {
    const markup = html({ workspace: { kind: 'untrusted', name: 'acme' } });
    assert.equal(distribute.exec(markup)?.[1], 'true');
    assert.match(markup, /Trust “acme” first/);
    assert.match(markup, />Manage Trust</);
  });

  it('renders Distribute disabled for an empty request and with no folder', async () => {
    assert.equal(distribute.exec(html({ draft: '' }))?.[1], 'true');
    assert.match(html({ draft: '' }), /Describe the feature you want first/);
    const none = html({ workspace: { kind: 'none' } });
    assert.equal(distribute.exec(none)?.[1], 'true');
    assert.match(none, />Open Folder</);
  });

  it('renders Distribute enabled with no reason when the request can run', async () => {
    const markup = html();
    assert.equal(distribute.exec(markup)?.[1], 'false');
    assert.match(markup, /<p id="compose-reason" class="blocker" role="status"><\/p>/);
    assert.match(markup, /<kbd>Ctrl\+Enter<\/kbd>/);
  });

  it('shows the demo banner with a Set API key action only in demo mode', async () => {
    assert.match(html({ demoMode: true }), /Demo mode<\/h2>.*built-in scenario on a local fake model.*Set API key/s);
    assert.doesNotMatch(html(), /Demo mode/);
  });

  it('shows the context as a removable chip', () => {
    assert.match(
      html({ context: 'Selection from src/x.ts:10-20' }),
      /Context<\/span><span class="context-chip-text">Selection from src\/x.ts:10-20<\/span><button[^>]*aria-label="Remove context: Selection from src\/x.ts:10-20"/,
    );
    assert.doesNotMatch(html(), /Remove context/);
  });

  it('offers "Let the planner choose" and the patterns grouped by source, with the description of the pick', async () => {
    const markup = html({ ui: { ...defaultUiState, pattern: 'api-first' } });
    assert.match(markup, /<option value="">Let the planner choose<\/option><optgroup label="Built-in">.*<optgroup label="This workspace">/s);
    assert.match(markup, /Schema first\./);
    assert.deepEqual(
      patternGroups(patterns).map((g) => g.label),
      ['Built-in', 'This workspace'],
    );
  });

  it('submits the trimmed request and only real picks', () => {
    assert.deepEqual(submitMessage('  r \n', { ...defaultUiState, pattern: 'gone', route: 'auto' }, patterns), { type: 'submitRequest', request: 'r' });
    assert.deepEqual(submitMessage('r', { ...defaultUiState, pattern: 'feature-7', route: 'moderate' }, patterns), {
      type: 'submitRequest',
      request: 'r',
      pattern: 'feature-7',
      route: 'moderate',
    });
  });

  it('reads saved UI state defensively', () => {
    assert.deepEqual(parseUiState(undefined), defaultUiState);
    assert.deepEqual(parseUiState({ pattern: 7, route: 'sideways', historyOpen: false }), { ...defaultUiState, historyOpen: false });
    assert.deepEqual(parseUiState({ pattern: 'domain', route: 'complex', historyOpen: true, stale: 1 }), {
      pattern: 'domain',
      route: 'complex',
      historyOpen: true,
    });
  });

  describe('in a page', () => {
    let page: Page;
    beforeEach(async () => {
      page = await openPage();
    });
    afterEach(async () => page.close());

    it('submits with Ctrl+Enter, with the pattern and route picked', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<Composer {...props({ post, ui: { ...defaultUiState, pattern: 'feature-7', route: 'complex' } })} />);
      const textarea = root.querySelector('textarea');
      assert.ok(textarea);
      await page.act(() => textarea.dispatchEvent(new page.window.KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true })));
      assert.deepEqual(posted, [{ type: 'submitRequest', request: 'Add a profile page', pattern: 'feature-7', route: 'complex' }]);
    });

    it('offers the demo on a copy of the sample project from the demo banner', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<Composer {...props({ post, demoMode: true })} />);
      const tryDemo = Array.from(root.querySelectorAll('button')).find((b) => b.textContent === 'Try the demo on a copy of the sample project');
      assert.ok(tryDemo);
      await page.act(() => tryDemo.click());
      assert.deepEqual(posted, [{ type: 'tryDemo' }]);
    });

    it('offers the read-only fan-outs: Review changes and Research a question post their commands, also while Distribute is blocked', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<Composer {...props({ post, draft: '' })} />);
      const button = (name: string) => Array.from(root.querySelectorAll('button')).find((b) => b.textContent === name);
      const review = button('Review changes…');
      const research = button('Research a question…');
      assert.ok(review && research);
      assert.match(root.querySelector('#read-only-help')?.textContent ?? '', /nothing in the workspace changes/);
      await page.act(() => review.click());
      await page.act(() => research.click());
      assert.deepEqual(posted, [{ type: 'distributeReview' }, { type: 'distributeResearch' }]);
    });

    it('does not submit while blocked', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<Composer {...props({ post, draft: '' })} />);
      const button = Array.from(root.querySelectorAll('button')).find((b) => b.textContent === 'Distribute');
      assert.ok(button);
      await page.act(() => button.click());
      assert.deepEqual(posted, []);
    });

    it('removes the context: saves the draft, asks the host for the composer again, hides the chip', async () => {
      const { posted, post } = recorder();
      let removed = 0;
      const root = await page.render(<Composer {...props({ post, context: 'Selection from src/x.ts:1-2', onRemoveContext: () => (removed += 1) })} />);
      const textarea = root.querySelector('textarea');
      const remove = root.querySelector<HTMLButtonElement>('button[aria-label^="Remove context"]');
      assert.ok(textarea && remove);
      const setValue = Object.getOwnPropertyDescriptor(page.window.HTMLTextAreaElement.prototype, 'value')?.set;
      await page.act(() => {
        setValue?.call(textarea, 'Add a profile page now');
        textarea.dispatchEvent(new page.window.Event('input', { bubbles: true }));
      });
      await page.act(() => remove.click());
      assert.deepEqual(posted, [{ type: 'saveDraft', draft: 'Add a profile page now' }, { type: 'backToCompose' }]);
      assert.equal(removed, 1);
    });

    it('saves the draft about half a second after typing stops', async () => {
      const { posted, post } = recorder();
      const root = await page.render(<Composer {...props({ post, draft: '' })} />);
      const textarea = root.querySelector('textarea');
      assert.ok(textarea);
      const setValue = Object.getOwnPropertyDescriptor(page.window.HTMLTextAreaElement.prototype, 'value')?.set;
      await page.act(() => {
        setValue?.call(textarea, 'Add dark mode');
        textarea.dispatchEvent(new page.window.Event('input', { bubbles: true }));
      });
      assert.deepEqual(posted, [], 'not at once');
      await new Promise((r) => setTimeout(r, 650));
      await page.act(() => undefined);
      assert.deepEqual(posted, [{ type: 'saveDraft', draft: 'Add dark mode' }]);
    });
  });
});
