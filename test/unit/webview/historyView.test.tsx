/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { chartGeometry, relativeTime, seriesSummary, velocityRuns, type HistoryProps } from '../../../webview/history/historyModel';
import { HistoryPanel } from '../../../webview/history/HistoryPanel';
import { openPage } from './page';
import { recorder, summary } from './stageFixtures';

const NOW = 1_700_000_000_000 + 20 * 3_600_000;

function props(patch: Partial<HistoryProps> = {}): HistoryProps {
  return { history: [], now: NOW, open: true, onToggle: () => undefined, post: () => undefined, ...patch };
}

describe('run history', () => {
  it('says when a run was, relative to now', () => {
    assert.equal(relativeTime(NOW - 10_000, NOW), 'just now');
    assert.equal(relativeTime(NOW - 5 * 60_000, NOW), '5m ago');
    assert.equal(relativeTime(NOW - 3 * 3_600_000, NOW), '3h ago');
    assert.equal(relativeTime(NOW - 30 * 3_600_000, NOW), 'yesterday');
    assert.equal(relativeTime(NOW - 4 * 86_400_000, NOW), '4d ago');
    assert.equal(relativeTime(Date.UTC(2023, 0, 2), Date.UTC(2023, 1, 2)), '2023-01-02');
  });

  it('renders a row per run, newest first, with status, when, wall, speedup, cost and pending review', async () => {
    const history = [
      summary(1, { costUsd: null }),
      summary(3, { pendingReview: 4, demo: true, request: 'A very long request '.repeat(20) }),
      summary(2, { status: 'failed' }),
    ];
    const markup = renderToStaticMarkup(<HistoryPanel {...props({ history })} />);
    const rows = markup.match(/<li><button[^>]*class="history-row[^"]*"/g) ?? [];
    assert.equal(rows.length, 3);
    const order = ['A very long request', 'Request number 2', 'Request number 1'].map((r) => markup.indexOf(`class="history-request">${r}`));
    assert.ok(
      order.every((i, k) => i > 0 && (k === 0 || i > (order[k - 1] ?? 0))),
      `row order ${order.join(',')}`,
    );
    assert.match(markup, /<span>Failed<\/span><span>18h ago<\/span><span>1m 02s<\/span><span>2\.0×<\/span><span>\$0\.70<\/span>/);
    assert.match(markup, /<span>n\/a<\/span>/, 'an unknown cost reads n/a');
    assert.match(markup, /class="history-badge"[^>]*>4<\/span>/);
    assert.match(markup, /aria-label="A very long request[^"]*…; Done, 17h ago; wall 1m 03s; speedup 2\.5×; cost \$0\.80; 4 files to review; demo"/);
    assert.match(markup, /<details open=""><summary class="ui-section-title history-summary">History <span class="ui-section-count">3 runs/);
  });

  it('renders nothing without runs, and keeps a closed panel closed', async () => {
    assert.equal(renderToStaticMarkup(<HistoryPanel {...props()} />), '');
    assert.match(renderToStaticMarkup(<HistoryPanel {...props({ history: [summary(1)], open: false })} />), /<details>/);
  });

  it('draws three labelled velocity charts from the ended runs, oldest to newest', async () => {
    const history = [summary(3), summary(1, { costUsd: null }), summary(2), summary(4, { status: 'running' })];
    assert.deepEqual(
      velocityRuns(history).map((r) => r.runId),
      ['run-1', 'run-2', 'run-3'],
    );
    const markup = renderToStaticMarkup(<HistoryPanel {...props({ history })} />);
    const charts = markup.match(/<svg class="velocity-svg"[^>]*role="img" aria-label="[^"]+"/g) ?? [];
    assert.equal(charts.length, 3);
    assert.match(markup, /aria-label="Speedup over the last 3 runs, oldest to newest: from 1\.5× to 2\.5×; highest 2\.5×, lowest 1\.5×"/);
    assert.match(markup, /<title>Cost per run over the last 3 runs, oldest to newest: from \$0\.70 to \$0\.80/);
    assert.match(markup, /class="velocity-missing"/, 'an unknown cost is drawn as missing, not as zero');
    assert.doesNotMatch(renderToStaticMarkup(<HistoryPanel {...props({ history: [summary(1)] })} />), /velocity/, 'one run is not a trend');
  });

  it('places chart values in the box, tallest at the top, unknown at the baseline', () => {
    const g = chartGeometry([1, null, 2], 100, 20);
    assert.deepEqual(
      g.points.map((p) => [Math.round(p.y), Math.round(p.h), p.missing]),
      [
        [10, 8, false],
        [18, 0, true],
        [2, 16, false],
      ],
    );
    assert.equal(seriesSummary('Cost', [null], String), 'Cost: no data yet');
  });

  it('opens a run when its row is clicked', async () => {
    const page = await openPage();
    try {
      const { posted, post } = recorder();
      const root = await page.render(<HistoryPanel {...props({ history: [summary(1), summary(2)], post })} />);
      const row = root.querySelector<HTMLButtonElement>('button.history-row');
      assert.ok(row);
      await page.act(() => row.click());
      assert.deepEqual(posted, [{ type: 'openRun', runId: 'run-2' }]);
    } finally {
      await page.close();
    }
  });
});
