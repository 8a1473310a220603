/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import type { AgentState } from '../../../src/core/run/runState';
import { AgentCard, sameCard, type AgentCardProps } from '../../../webview/run/AgentCard';
import { ownerColor } from '../../../webview/run/palette';
import { agent, T0 } from './agents';
import { buttons, render, text } from './dom';

const noop = (): void => undefined;
const NOW = T0 + 20_000;

function props(a: AgentState, stagedFiles = 0): AgentCardProps {
  return { agent: a, now: NOW, color: ownerColor(0), stagedFiles, onCancel: noop, onRetry: noop, onReview: noop };
}

function card(a: AgentState, stagedFiles = 0): Document {
  return render(<AgentCard {...props(a, stagedFiles)} />);
}

const usage = { input: 2_100, output: 1_234, cacheRead: 10_000, cacheWrite: 200 };

describe('webview AgentCard', () => {
  it('shows a queued agent with what it waits for and a Cancel button', () => {
    const doc = card(agent({ dependsOn: ['contract'] }));
    const item = doc.querySelector('[role="listitem"]');
    assert.ok(item);
    assert.equal(item.getAttribute('aria-labelledby'), 'agent-types-title');
    assert.equal(text(doc, '#agent-types-title'), 'Profile types');
    assert.equal(text(doc, '.agent-role'), 'Types');
    assert.equal(text(doc, '.chip'), 'Contract');
    assert.equal(text(doc, '.agent-status'), 'Queued');
    assert.equal(text(doc, '.agent-detail'), 'After contract');
    assert.deepEqual(buttons(doc), ['Cancel agent types']);
    assert.ok(doc.querySelector('.status-icon-queued'), 'the status has an icon as well as text');
  });

  it('shows a running agent: elapsed time, what it is doing, the text tail, tokens and cost', () => {
    const doc = card(
      agent({
        status: 'running',
        startedAt: T0 + 8_000,
        activeMs: 0,
        doing: 'edit src/api/user.ts',
        textTail: 'first line\nsecond line\nthird line\nfourth line',
        usage,
        turns: 2,
        costUsd: 0.0123,
      }),
      2,
    );
    assert.equal(text(doc, '.agent-status-text'), 'Running');
    assert.equal(text(doc, '.agent-elapsed'), '12s');
    assert.equal(text(doc, '.agent-doing'), 'edit src/api/user.ts');
    assert.deepEqual(
      [...doc.querySelectorAll('.agent-tail > div')].map((d) => d.textContent),
      ['second line', 'third line', 'fourth line'],
    );
    assert.match(text(doc, '.agent-meta'), /^12\.3k in \/ 1\.2k out \$0\.012$/);
    assert.deepEqual(buttons(doc), ['Review agent types (2 staged files)', 'Cancel agent types']);
    assert.ok(doc.querySelector('.agent-progress'));
  });

  it('counts a retrying agent down to retry.until and says why', () => {
    const doc = card(
      agent({
        status: 'retrying',
        startedAt: T0,
        retries: 2,
        retry: { cause: 'rate-limited', until: NOW + 6_500, attempt: 2, message: '429 rate_limit_error' },
        turns: 1,
        usage,
        costUsd: 0.01,
      }),
    );
    assert.equal(text(doc, '.agent-status-text'), 'Retrying in 7s');
    assert.equal(text(doc, '.agent-detail'), 'Rate limited · retry 2');
    assert.equal(doc.querySelector('.agent-detail')?.getAttribute('title'), '429 rate_limit_error');
    assert.match(text(doc, '.agent-meta'), /2 retries/);
    assert.deepEqual(buttons(doc), ['Cancel agent types']);
  });

  it('shows a blocked agent with its reason and a Retry button', () => {
    const doc = card(agent({ status: 'blocked', reason: 'dependency', message: 'Dependency types failed', endedAt: NOW }));
    assert.equal(text(doc, '.agent-status-text'), 'Blocked');
    assert.equal(text(doc, '.agent-detail'), 'Dependency types failed');
    assert.deepEqual(buttons(doc), ['Retry agent types']);
  });

  it('shows a done agent with its summary, its active time and Review, without Cancel', () => {
    const doc = card(
      agent({
        status: 'done',
        startedAt: T0,
        endedAt: T0 + 4_200,
        activeMs: 4_200,
        summary: 'Added the types.',
        textTail: 'old text',
        turns: 1,
        usage,
        costUsd: 0.5,
      }),
      3,
    );
    assert.equal(text(doc, '.agent-status'), 'Done 4.2s');
    assert.equal(text(doc, '.agent-summary'), 'Added the types.');
    assert.equal(doc.querySelector('.agent-tail'), null);
    assert.deepEqual(buttons(doc), ['Review agent types (3 staged files)']);
    assert.equal(doc.querySelector('.agent-progress'), null);
  });

  it('shows a failed agent with its message, denied writes, Review and Retry', () => {
    const doc = card(
      agent({
        status: 'failed',
        reason: 'error',
        message: 'The stream dropped 4 times',
        startedAt: T0,
        endedAt: T0 + 9_000,
        activeMs: 9_000,
        deniedWrites: 3,
        turns: 3,
      }),
      1,
    );
    assert.equal(text(doc, '.agent-status-text'), 'Failed');
    assert.equal(text(doc, '.agent-detail'), 'The stream dropped 4 times');
    assert.match(text(doc, '.agent-meta'), /3 denied/);
    assert.deepEqual(buttons(doc), ['Review agent types (1 staged file)', 'Retry agent types']);
  });

  it('shows a cancelled agent with Retry, and n/a for a cost that has no price', () => {
    const doc = card(
      agent({ status: 'cancelled', reason: 'cancelled', startedAt: T0, endedAt: T0 + 1_000, activeMs: 1_000, turns: 1, costKnown: false, costUsd: 0 }),
    );
    assert.equal(text(doc, '.agent-status-text'), 'Cancelled');
    assert.match(text(doc, '.agent-meta'), /n\/a/);
    assert.deepEqual(buttons(doc), ['Retry agent types']);
  });

  it('marks a partial cost with ≥', () => {
    const doc = card(agent({ status: 'done', turns: 2, costKnown: false, costUsd: 0.0123, activeMs: 1_000 }));
    assert.match(text(doc, '.agent-meta'), /≥ \$0\.012/);
  });
});

describe('webview AgentCard memo', () => {
  it('re-renders a live agent when the clock moves, and an ended one only when it changes', () => {
    const running = props(agent({ status: 'running', startedAt: T0 }));
    assert.equal(sameCard(running, { ...running, now: NOW + 1_000 }), false);
    const done = props(agent({ status: 'done', activeMs: 1 }));
    assert.equal(sameCard(done, { ...done, now: NOW + 1_000 }), true);
    assert.equal(sameCard(done, { ...done, agent: { ...done.agent } }), false);
    assert.equal(sameCard(done, { ...done, stagedFiles: 4 }), false);
    assert.equal(sameCard(done, { ...done, color: ownerColor(0) }), true);
    assert.equal(sameCard(done, { ...done, onRetry: () => undefined }), false);
  });
});
