/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { initialRunState, type CheckStatus, type RunState } from '../../../src/core/run/runState';
import { ChecksPanel, type ChecksPanelProps } from '../../../webview/run/ChecksPanel';
import { checksPhaseText, checksTimes, tailText } from '../../../webview/run/checksModel';
import { RunView } from '../../../webview/run/RunView';
import { agent, T0 } from './agents';
import { check, checksState, diagnostics } from './checksFixtures';
import { buttons, render, text } from './dom';
import { openPage } from './page';
import { recorder } from './stageFixtures';

const NOW = T0 + 60_000;
const titles: Readonly<Record<string, string>> = { types: 'Profile types', ui: 'Profile page' };
const titleOf = (id: string): string => titles[id] ?? id;

function panel(props: Partial<ChecksPanelProps> & Pick<ChecksPanelProps, 'checks'>): Document {
  return render(<ChecksPanel runId="run-1" now={NOW} titleOf={titleOf} {...props} />);
}

function rowOf(doc: Document, id: string): Element {
  const row = doc.getElementById(`check-${id}-command`)?.closest('.check-row');
  assert.ok(row, id);
  return row;
}

describe('webview checks panel', () => {
  it('says where the check phase is, in words', () => {
    const base = checksState([check('test')]);
    assert.equal(checksPhaseText({ ...base, phase: 'waiting', pass: 0 }), 'Waiting for agents');
    assert.equal(checksPhaseText({ ...base, phase: 'checking', pass: 2 }), 'Checking · pass 2');
    assert.equal(checksPhaseText({ ...base, phase: 'fixing', rounds: 1 }), 'Fix-up round 1 of 2');
    assert.equal(checksPhaseText({ ...base, phase: 'passing', verdict: 'passing' }), 'Checks passing');
    assert.equal(checksPhaseText({ ...base, phase: 'failing', verdict: 'failing', failing: ['test', 'typecheck'] }), 'Checks failing: test, typecheck');
  });

  it('renders every status as a glyph and a word, with the command, duration, exit code and pass', () => {
    const statuses: CheckStatus[] = ['pending', 'running', 'passed', 'failed', 'timed-out', 'cancelled', 'error'];
    const checks = statuses.map((status, i) =>
      check(`c${i}`, {
        status,
        command: `run ${status}`,
        ...(status === 'pending' ? {} : { pass: 1 }),
        ...(status === 'running' ? { startedAt: NOW - 3_000 } : {}),
        ...(status === 'passed' || status === 'failed' ? { durationMs: 12_400, exitCode: status === 'passed' ? 0 : 2 } : {}),
        ...(status === 'timed-out' ? { durationMs: 600_000, exitCode: null } : {}),
      }),
    );
    const doc = panel({ checks: checksState(checks) });
    const words = statuses.map((_, i) => rowOf(doc, `c${i}`).querySelector('.check-status')?.textContent);
    assert.deepEqual(words, ['pending', 'running', 'passed', 'failed', 'timed out', 'cancelled', 'error']);
    statuses.forEach((_, i) => assert.ok(rowOf(doc, `c${i}`).querySelector('svg.status-icon'), `c${i} has a glyph`));
    assert.ok(rowOf(doc, 'c1').querySelector('.status-icon-running'));
    assert.equal(rowOf(doc, 'c3').querySelector('code.check-command')?.textContent, 'run failed');
    const meta = (i: number) => (rowOf(doc, `c${i}`).querySelector('.check-meta')?.textContent ?? '').replace(/\s+/g, ' ');
    assert.equal(meta(0), 'c0');
    assert.equal(meta(1), 'c1 3.0s pass 1', 'a running check counts up from its start');
    assert.equal(meta(2), 'c2 12s exit 0 pass 1');
    assert.equal(meta(3), 'c3 12s exit 2 pass 1');
    assert.equal(meta(4), 'c4 10m 00s pass 1', 'no exit code for a killed check');
    assert.equal(text(doc, '.checks-phase'), 'Checking · pass 1');
    assert.equal(doc.querySelector('.checks-phase')?.getAttribute('role'), 'status');
  });

  it('lists a failed check’s first 5 diagnostics with owner task titles, then "N more"', () => {
    const failed = check('typecheck', {
      status: 'failed',
      pass: 1,
      exitCode: 2,
      diagnostics: [...diagnostics(6, 'ui'), ...diagnostics(1)],
      diagnosticsTotal: 12,
    });
    const doc = panel({ checks: checksState([failed]) });
    const items = [...rowOf(doc, 'typecheck').querySelectorAll('.check-diagnostics li')].map((li) => (li.textContent ?? '').replace(/\s+/g, ' '));
    assert.deepEqual(items, [
      'src/f1.ts:10 — Problem 1 — Profile page',
      'src/f2.ts:11 — Problem 2 — Profile page',
      'src/f3.ts:12 — Problem 3 — Profile page',
      'src/f4.ts:13 — Problem 4 — Profile page',
      'src/f5.ts:14 — Problem 5 — Profile page',
      '7 more',
    ]);
    const few = panel({ checks: checksState([check('lint', { status: 'failed', diagnostics: diagnostics(2), diagnosticsTotal: 2 })]) });
    assert.deepEqual(
      [...few.querySelectorAll('.check-diagnostics li')].map((li) => li.textContent),
      ['src/f1.ts:10 — Problem 1 — validators', 'src/f2.ts:11 — Problem 2 — validators'],
    );
    assert.equal(few.querySelector('.check-diagnostics-more'), null);
  });

  it('offers Show output only for a check with a log, and posts showCheckOutput for it', async () => {
    const page = await openPage();
    try {
      const { posted, post } = recorder();
      const checks = checksState([check('typecheck', { status: 'failed', log: 'checks/p1-typecheck.log' }), check('test', { status: 'passed' })]);
      const root = await page.render(<ChecksPanel checks={checks} runId="run-7" now={NOW} titleOf={titleOf} post={post} />);
      const shown = [...root.querySelectorAll('button')];
      assert.deepEqual(
        shown.map((b) => b.getAttribute('aria-label')),
        ['Show the output of check typecheck'],
      );
      await page.act(() => shown[0]?.click());
      assert.deepEqual(posted, [{ type: 'showCheckOutput', runId: 'run-7', checkId: 'typecheck' }]);
    } finally {
      await page.close();
    }
  });

  it('keeps the output tail as text in a collapsed <details>, its last 40 lines, escapes removed', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
    const tail = `${lines.join('\n')}\n\u001b[31m<img src=x onerror="alert(1)">\u001b[0m\n`;
    const doc = panel({ checks: checksState([check('test', { status: 'failed', tail })]) });
    const details = doc.querySelector('details.check-tail');
    assert.ok(details);
    assert.equal(details.hasAttribute('open'), false, 'closed until asked for');
    assert.equal(doc.querySelector('img'), null, 'no element is made from the output');
    const pre = details.querySelector('pre');
    assert.equal(pre?.children.length, 0);
    const shownLines = (pre?.textContent ?? '').split('\n');
    assert.equal(shownLines.length, 40);
    assert.equal(shownLines[0], 'line 12');
    assert.equal(shownLines[39], '<img src=x onerror="alert(1)">');
    assert.equal(tailText('a\r\nb\u0007c\n\n'), 'a\nbc');
  });

  it('shows the time spent in checks and fix-ups, the current part counted to now', () => {
    const fixing = checksState([check('test', { status: 'failed', pass: 1 })], {
      phase: 'fixing',
      rounds: 1,
      checkMs: 30_000,
      fixupMs: 5_000,
      sinceAt: NOW - 10_000,
    });
    assert.deepEqual(checksTimes(fixing, NOW), { checkMs: 30_000, fixupMs: 15_000 });
    const doc = panel({ checks: fixing });
    assert.equal(text(doc, '.checks-phase'), 'Fix-up round 1 of 2');
    assert.equal(text(doc, '.checks-times'), 'checks 30s · fix-ups 15s');
    assert.ok(doc.querySelector('.checks-head .status-icon-retrying'));
  });

  it('is one muted line with its message when the run skipped checks', () => {
    const doc = panel({ checks: checksState([], { phase: 'skipped', skipped: { reason: 'untrusted', message: 'The workspace is not trusted.' } }) });
    assert.equal(text(doc), 'Checks skipped: The workspace is not trusted.');
    assert.ok(doc.querySelector('p.checks-skipped'));
    assert.equal(doc.querySelector('section'), null);
  });
});

describe('webview RunView with checks', () => {
  const noop = (): void => undefined;
  function run(patch: Partial<RunState>): RunState {
    const ui = agent({ taskId: 'ui', title: 'Profile page', role: 'UI', phase: 'implement', status: 'done', activeMs: 1_000 });
    return { ...initialRunState('run-9'), status: 'done', startedAt: T0, finishedAt: NOW, agentOrder: ['ui'], agents: { ui }, ...patch };
  }
  function view(state: RunState, post?: ChecksPanelProps['post']): Document {
    return render(
      <RunView state={state} now={NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} {...(post ? { post } : {})} />,
    );
  }

  it('shows the panel after the agents, names diagnostic owners by task title, and hides Show output without post', () => {
    const checks = checksState([check('test', { status: 'failed', log: 'checks/p1-test.log', diagnostics: diagnostics(1, 'ui'), diagnosticsTotal: 1 })], {
      phase: 'failing',
      verdict: 'failing',
      failing: ['test'],
      failingOwners: ['ui'],
    });
    const doc = view(run({ checks }));
    const sections = [...doc.querySelectorAll('main > section, main > details')].map((s) => s.getAttribute('aria-labelledby') ?? s.className);
    assert.ok(sections.indexOf('checks-title') > sections.indexOf('phase-implement'), sections.join(','));
    assert.equal(text(doc, '.check-diagnostics li'), 'src/f1.ts:10 — Problem 1 — Profile page');
    assert.deepEqual(
      buttons(doc).filter((b) => b.startsWith('Show')),
      [],
    );
    assert.deepEqual(
      buttons(view(run({ checks }), () => undefined)).filter((b) => b.startsWith('Show')),
      ['Show the output of check test'],
    );
  });

  it('has no panel for a run without a check phase, and the skipped line for a skipped one', () => {
    assert.equal(view(run({})).querySelector('.checks-panel, .checks-skipped'), null);
    const skipped = view(run({ checks: checksState([], { phase: 'skipped', skipped: { reason: 'none', message: 'No check commands were found.' } }) }));
    assert.equal(text(skipped, '.checks-skipped'), 'Checks skipped: No check commands were found.');
    assert.equal(skipped.querySelector('.checks-panel'), null);
  });
});
