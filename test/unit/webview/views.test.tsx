/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { computeMetrics } from '../../../src/core/run/metrics';
import type { TaskSpec } from '../../../src/core/plan/plan';
import type { DeniedWrite, StagedFile } from '../../../src/core/run/runState';
import { FIXTURE_NOW, fixtureState } from '../../../webview/preview/fixtureState';
import { OwnershipMap } from '../../../webview/run/OwnershipMap';
import { ownerColor, UNOWNED } from '../../../webview/run/palette';
import { RunMetrics } from '../../../webview/run/RunMetrics';
import { RunView } from '../../../webview/run/RunView';
import { Timeline } from '../../../webview/run/Timeline';
import { agent, T0 } from './agents';
import { buttons, render, text } from './dom';

const noop = (): void => undefined;
const order = ['types', 'component', 'integration'];
const colorOf = (id: string) => (order.includes(id) ? ownerColor(order.indexOf(id)) : UNOWNED);

function task(id: string, owns: string[]): TaskSpec {
  return { id, title: id, role: id, phase: 'implement', instructions: '', owns, reads: [], dependsOn: [] };
}
function staged(path: string, taskId: string, change: StagedFile['change'], review: StagedFile['review'] = 'pending'): StagedFile {
  return { path, taskId, change, baseHash: null, proposedHash: null, bytes: 1, review, merged: false };
}

describe('webview OwnershipMap', () => {
  const tasks = [task('types', ['src/types/profile.ts', 'src/types/old.ts']), task('component', ['src/ui/**/*.tsx']), task('integration', ['src/index.ts'])];
  const files = {
    'src/types/profile.ts': staged('src/types/profile.ts', 'types', 'create'),
    'src/types/user.ts': staged('src/types/user.ts', 'types', 'modify', 'applied'),
    'src/types/old.ts': staged('src/types/old.ts', 'types', 'delete'),
  };
  const denied: DeniedWrite[] = [
    {
      seq: 4,
      taskId: 'component',
      path: 'src/index.ts',
      tool: 'write',
      reason: 'not-owned',
      owner: 'integration',
      message: 'you do not own src/index.ts; its owner is task integration',
    },
  ];
  const doc = render(<OwnershipMap tasks={tasks} files={files} denied={denied} colorOf={colorOf} />);
  const row = (name: string) => [...doc.querySelectorAll('[role="treeitem"]')].find((r) => r.querySelector('.tree-name')?.textContent === name);

  it('renders a keyboard-reachable tree with one tab stop and ARIA levels', () => {
    const items = [...doc.querySelectorAll('[role="tree"] [role="treeitem"]')];
    assert.deepEqual(
      items.map((i) => `${i.getAttribute('aria-level')}:${i.querySelector('.tree-name')?.textContent}`),
      ['1:src', '2:types', '3:old.ts', '3:profile.ts', '3:user.ts', '2:ui', '3:**/*.tsx', '2:index.ts'],
    );
    assert.deepEqual(
      items.map((i) => i.getAttribute('tabindex')),
      ['0', '-1', '-1', '-1', '-1', '-1', '-1', '-1'],
    );
    assert.equal(row('src')?.getAttribute('aria-expanded'), 'true');
    assert.equal(row('old.ts')?.hasAttribute('aria-expanded'), false);
  });

  it('marks staged files A/M/D with titles, and accepted files with a check', () => {
    assert.equal(row('profile.ts')?.querySelector('.tree-mark')?.textContent, 'A');
    assert.equal(row('profile.ts')?.querySelector('.tree-mark')?.getAttribute('title'), 'Created by types');
    assert.equal(row('user.ts')?.querySelector('.tree-mark')?.getAttribute('title'), 'Modified by types');
    assert.equal(row('old.ts')?.querySelector('.tree-mark')?.textContent, 'D');
    assert.equal(row('user.ts')?.querySelector('.tree-review')?.getAttribute('title'), 'Accepted');
    assert.match(row('user.ts')?.getAttribute('aria-label') ?? '', /owned by types — modified, accepted/);
  });

  it('flags a denied write with its message and colours the file by its real owner', () => {
    const index = row('index.ts');
    assert.equal(index?.querySelector('.tree-denied')?.getAttribute('title'), 'component: you do not own src/index.ts; its owner is task integration');
    assert.equal(text(doc, '.tree-row:last-child .tree-owner'), 'integration');
    assert.match(index?.getAttribute('aria-label') ?? '', /write denied to component: you do not own src\/index\.ts/);
    assert.equal((index?.querySelector('.swatch') as HTMLElement | null)?.style.color, 'var(--vscode-charts-orange, #d18616)');
  });

  it('shows globs as pattern rows and a legend of owners', () => {
    assert.ok(row('**/*.tsx')?.classList.contains('tree-pattern'));
    assert.deepEqual(
      [...doc.querySelectorAll('.legend li')].map((li) => li.textContent),
      ['types 3 files', 'component no changes', 'integration no changes'],
    );
  });
});

describe('webview Timeline', () => {
  const agents = [
    agent({ taskId: 'types', status: 'done', queuedAt: T0, startedAt: T0 + 1_000, endedAt: T0 + 5_000, activeMs: 4_000 }),
    agent({ taskId: 'component', status: 'retrying', queuedAt: T0, startedAt: T0 + 5_000, retries: 2 }),
  ];
  const doc = render(<Timeline agents={agents} startedAt={T0} endAt={T0 + 10_000} colorOf={colorOf} />);

  it('positions bars in percent of the run wall time', () => {
    const bars = [...doc.querySelectorAll<HTMLElement>('.timeline-bar.active')].map((b) => [b.style.left, b.style.width]);
    assert.deepEqual(bars, [
      ['10%', '40%'],
      ['50%', '50%'],
    ]);
    const queued = [...doc.querySelectorAll<HTMLElement>('.timeline-bar.queued')].map((b) => b.style.width);
    assert.deepEqual(queued, ['10%', '50%']);
    assert.ok(doc.querySelector('.timeline-row.status-retrying .timeline-bar.active.live'));
    assert.equal(text(doc, '.timeline-row.status-retrying .timeline-retries'), '↻2');
  });

  it('hides the drawing from assistive tech and offers a table instead', () => {
    assert.equal(doc.querySelector('.timeline-scroll')?.getAttribute('aria-hidden'), 'true');
    const rows = [...doc.querySelectorAll('table tbody tr')];
    assert.deepEqual(
      rows.map((r) => r.getAttribute('aria-label')),
      ['types: 1.0s–5.0s, done', 'component: 5.0s–10.0s, retrying, 2 retries'],
    );
    assert.deepEqual(
      [...rows[1].querySelectorAll('th, td')].map((c) => c.textContent),
      ['component', '0.0s', '5.0s', 'still running', 'Retrying', '2'],
    );
  });
});

describe('webview RunMetrics', () => {
  it('shows n/a when no turn had a price, and Cancel run while running', () => {
    const metrics = { ...computeMetrics(fixtureState, FIXTURE_NOW), costUsd: null, costComplete: false, cacheSavingsUsd: null };
    const doc = render(<RunMetrics metrics={metrics} running onCancelRun={noop} />);
    const cost = [...doc.querySelectorAll('.metric')].find((m) => m.querySelector('dt')?.textContent === 'Cost');
    assert.equal(cost?.querySelector('.metric-value')?.textContent, 'n/a');
    assert.match(cost?.getAttribute('title') ?? '', /never guesses/);
    const savings = [...doc.querySelectorAll('.metric')].find((m) => m.querySelector('dt')?.textContent === 'Cache savings');
    assert.equal(savings?.querySelector('.metric-value')?.textContent, 'n/a');
    assert.deepEqual(buttons(doc), ['Cancel run']);
  });

  it('shows the metrics of the fixture run and no Cancel once it ended', () => {
    const doc = render(<RunMetrics metrics={computeMetrics(fixtureState, FIXTURE_NOW)} running={false} onCancelRun={noop} />);
    const value = (label: string) =>
      [...doc.querySelectorAll('.metric')].find((m) => m.querySelector('dt')?.textContent === label)?.querySelector('dd')?.textContent;
    assert.equal(value('Wall time'), '52s');
    assert.equal(value('Speedup'), '3.1×2m 41s serial');
    assert.equal(value('Cost'), '$0.258');
    assert.equal(value('Cache savings'), '$0.313');
    assert.equal(value('Retries'), '2');
    assert.equal(value('Denied writes'), '1');
    assert.equal(value('Files staged'), '8');
    assert.equal(value('Tokens in / out'), '19.4k / 7.5k');
    assert.deepEqual(buttons(doc), []);
  });
});

describe('webview RunView', () => {
  const doc = render(<RunView state={fixtureState} now={FIXTURE_NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} />);
  const open = render(
    <RunView state={fixtureState} now={FIXTURE_NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} initiallyOpen />,
  );

  it('shows the run status, and unfolded the request and agent counts by status', () => {
    assert.match(text(doc, 'h1'), /Running · 4 at work · \$0\.258$/);
    assert.equal(doc.querySelector('.run-request'), null, 'folded while the run is live');
    assert.match(text(open, '.run-request'), /^Add a user profile page/);
    assert.deepEqual(
      [...open.querySelectorAll('.run-counts li')].map((li) => li.textContent),
      ['3 running', '1 retrying', '2 queued', '1 done'],
    );
  });

  it('groups the seven live agents by what they are doing, the working ones first, one compact line each', () => {
    const sections = [...doc.querySelectorAll('section.phase')];
    assert.deepEqual(
      sections.map((s) => [s.querySelector('h2')?.firstChild?.textContent?.trim(), s.querySelectorAll('[role="listitem"]').length]),
      [
        ['Working', 4],
        ['Queued', 2],
        ['Ended', 1],
      ],
    );
    assert.equal(doc.querySelectorAll('.agent-card').length, 0, 'more than six agents: lines, not cards');
    assert.ok(buttons(doc).includes('Profile hook and validation, Retrying in 6s · Rate limited · retry 1, $0.041'));
  });

  it('groups the agent cards by phase once the run has ended', () => {
    const ended = render(
      <RunView
        state={{ ...fixtureState, status: 'done', finishedAt: FIXTURE_NOW }}
        now={FIXTURE_NOW}
        onCancelRun={noop}
        onCancelAgent={noop}
        onRetryAgent={noop}
        onReviewAgent={noop}
      />,
    );
    assert.deepEqual(
      [...ended.querySelectorAll('section.phase')].map((s) => [
        s.querySelector('h2')?.firstChild?.textContent?.trim(),
        s.querySelectorAll('[role="listitem"]').length,
      ]),
      [
        ['Contract', 1],
        ['Implement', 5],
        ['Validate', 1],
      ],
    );
  });

  it('includes the timeline and the ownership map', () => {
    assert.equal(doc.querySelectorAll('.timeline-row').length, 7);
    assert.ok(doc.querySelector('[role="tree"]'));
    assert.equal(doc.querySelectorAll('.tree-denied').length, 1);
  });
});
