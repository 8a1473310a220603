/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import type { HistoryProps } from '../../../webview/history/historyModel';
import { HistoryPanel } from '../../../webview/history/HistoryPanel';
import { openPage } from './page';
import { recorder, summary } from './stageFixtures';

const NOW = 1_700_000_000_000 + 20 * 3_600_000;

function props(patch: Partial<HistoryProps> = {}): HistoryProps {
  return { history: [], now: NOW, open: true, onToggle: () => undefined, post: () => undefined, ...patch };
}

describe('run history: interrupted runs', () => {
  it('shows an interrupted run as Interrupted with Resume and Discard, and only that one', () => {
    const history = [summary(1), summary(2, { status: 'interrupted' }), summary(3, { status: 'running', elsewhere: true })];
    const markup = renderToStaticMarkup(<HistoryPanel {...props({ history })} />);
    assert.match(markup, /<span>Interrupted<\/span>/);
    assert.doesNotMatch(markup, /<span>Running<\/span>/, 'no run of this history reads as running here');
    assert.match(markup, /<span>Running elsewhere<\/span>/);
    assert.equal((markup.match(/>Resume<\/button>/g) ?? []).length, 1);
    assert.equal((markup.match(/>Discard<\/button>/g) ?? []).length, 1);
    assert.match(markup, /aria-label="Request number 2; Interrupted, /);
  });

  it('posts resumeRun and discardRun with the run id, and opening the row still opens it', async () => {
    const page = await openPage();
    try {
      const { posted, post } = recorder();
      const root = await page.render(<HistoryPanel {...props({ history: [summary(1), summary(2, { status: 'interrupted' })], post })} />);
      const button = (name: string) => {
        const found = [...root.querySelectorAll<HTMLButtonElement>('.interrupted-actions button')].find((b) => b.textContent === name);
        assert.ok(found, name);
        return found;
      };
      await page.act(() => button('Resume').click());
      await page.act(() => button('Discard').click());
      const row = root.querySelector<HTMLButtonElement>('button.history-row');
      assert.ok(row);
      await page.act(() => row.click());
      assert.deepEqual(posted, [
        { type: 'resumeRun', runId: 'run-2' },
        { type: 'discardRun', runId: 'run-2' },
        { type: 'openRun', runId: 'run-2' },
      ]);
    } finally {
      await page.close();
    }
  });
});
