/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import type { AgentState } from '../../../src/core/run/runState';
import { HistoryPanel } from '../../../webview/history/HistoryPanel';
import { checksLabel } from '../../../webview/history/historyModel';
import { AgentCard, sameCard, type AgentCardProps } from '../../../webview/run/AgentCard';
import { agentChecksMark, type AgentChecksMark } from '../../../webview/run/checksModel';
import { ownerColor } from '../../../webview/run/palette';
import { agent, T0 } from './agents';
import { check, checksState } from './checksFixtures';
import { render, text } from './dom';
import { summary } from './stageFixtures';

const noop = (): void => undefined;
const NOW = T0 + 20_000;

function props(a: AgentState, checks?: AgentChecksMark): AgentCardProps {
  return { agent: a, now: NOW, color: ownerColor(0), stagedFiles: 1, onCancel: noop, onRetry: noop, onReview: noop, ...(checks ? { checks } : {}) };
}

describe('webview agent card: checks', () => {
  it('shows "Fix-up round N" while the agent is fixing, in words beside its status', () => {
    const doc = render(<AgentCard {...props(agent({ status: 'running', startedAt: T0, fixing: 2, fixups: 2 }))} />);
    assert.equal(text(doc, '.agent-fixup'), 'Fix-up round 2');
    assert.ok(doc.querySelector('.agent-status .agent-fixup'), 'the badge sits in the status line');
    assert.equal(doc.querySelector('.agent-checks'), null, 'no fix-up count while the round runs');
    const idle = render(<AgentCard {...props(agent({ status: 'done', activeMs: 1_000, fixups: 1 }))} />);
    assert.equal(idle.querySelector('.agent-fixup'), null);
    assert.equal(text(idle, '.agent-checks'), '1 fix-up round');
  });

  it('says "checks passing", "checks failing" and "first pass ✓" from the checks’ verdict', () => {
    const passing = render(<AgentCard {...props(agent({ status: 'done', activeMs: 1 }), { verdict: 'passing', firstPass: true })} />);
    assert.equal(text(passing, '.agent-checks'), 'checks passing first pass ✓');
    const failing = render(<AgentCard {...props(agent({ status: 'done', activeMs: 1 }), { verdict: 'failing', firstPass: false })} />);
    assert.equal(text(failing, '.agent-checks'), 'checks failing');
    assert.ok(failing.querySelector('.agent-checks-failing'));
  });

  it('marks the agents the failing checks point at, and writers when every check passed', () => {
    const failing = checksState([check('test', { status: 'failed' })], {
      phase: 'failing',
      verdict: 'failing',
      failing: ['test'],
      failingOwners: ['ui'],
      firstPass: { ui: false, types: true },
    });
    assert.deepEqual(agentChecksMark(failing, 'ui'), { verdict: 'failing', firstPass: false });
    assert.deepEqual(agentChecksMark(failing, 'types'), { firstPass: true }, 'not failing, and no "passing" while the run’s checks fail');
    assert.equal(agentChecksMark(failing, 'qa'), undefined);
    const passing = { ...failing, phase: 'passing' as const, verdict: 'passing' as const, failing: [], failingOwners: [], firstPass: { types: true } };
    assert.deepEqual(agentChecksMark(passing, 'types'), { verdict: 'passing', firstPass: true });
    assert.deepEqual(agentChecksMark(passing, 'ui', 2), { verdict: 'passing' }, 'staged files count as written');
    assert.equal(agentChecksMark(passing, 'qa', 0), undefined, 'a validator that wrote nothing gets no verdict');
    assert.equal(agentChecksMark({ ...failing, phase: 'fixing' }, 'ui'), undefined, 'no verdict before the end');
    assert.equal(agentChecksMark(undefined, 'ui'), undefined);
  });

  it('re-renders an ended card when the checks’ word on it changes', () => {
    const done = props(agent({ status: 'done', activeMs: 1 }));
    assert.equal(sameCard(done, { ...done, now: NOW + 1_000 }), true);
    assert.equal(sameCard(done, { ...done, checks: { verdict: 'failing' } }), false);
    const marked = props(agent({ status: 'done', activeMs: 1 }), { verdict: 'passing', firstPass: true });
    assert.equal(sameCard(marked, { ...marked, checks: { verdict: 'passing', firstPass: true } }), true, 'an equal mark in a new object');
  });
});

describe('webview history: checks verdict', () => {
  const NOW_H = 1_700_000_000_000 + 20 * 3_600_000;
  const markup = (history: Parameters<typeof HistoryPanel>[0]['history']) =>
    renderToStaticMarkup(<HistoryPanel history={history} now={NOW_H} open onToggle={noop} post={noop} />);

  it('labels each run with how its checks ended, next to its status', () => {
    const html = markup([summary(1, { checks: 'passing' }), summary(2, { checks: 'failing', status: 'failed' }), summary(3)]);
    assert.match(html, /<span>Done<\/span><span class="history-checks checks-passing">checks passing<\/span><span>19h ago/);
    assert.match(html, /<span>Failed<\/span><span class="history-checks checks-failing">checks failing<\/span><span>18h ago/);
    assert.equal((html.match(/history-checks/g) ?? []).length, 2, 'a run without a check phase has no label');
    assert.match(html, /aria-label="Request number 2; Failed, checks failing, 18h ago;/);
    assert.equal(checksLabel(summary(4)), undefined);
  });

  it('says how many fix-up rounds it took and how many agents were right the first time', () => {
    const stats = (rounds: number, firstPass: number) => ({ rounds, checkMs: 1_200, fixupMs: 3_400, firstPass, writers: 2 });
    assert.equal(checksLabel(summary(5, { checks: 'passing', checkStats: stats(0, 2) })), 'checks passing (first pass, 2/2 agents right the first time)');
    assert.equal(
      checksLabel(summary(6, { checks: 'passing', checkStats: stats(1, 1) })),
      'checks passing (after 1 fix-up round, 1/2 agents right the first time)',
    );
    assert.equal(
      checksLabel(summary(7, { checks: 'failing', checkStats: stats(2, 0) })),
      'checks failing (after 2 fix-up rounds, 0/2 agents right the first time)',
    );
  });
});
