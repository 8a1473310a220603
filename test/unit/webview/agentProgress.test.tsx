/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import type { RunEventBody } from '../../../src/core/run/events';
import type { Plan } from '../../../src/core/plan/plan';
import { costOf, DEFAULT_PRICES } from '../../../src/core/model/prices';
import { reduceRunEvents, type AgentState } from '../../../src/core/run/runState';
import { AgentCard } from '../../../webview/run/AgentCard';
import { RunView } from '../../../webview/run/RunView';
import { compactionLabel, END_REASON_LABEL, fallbackLabel, progressLines, statusDetail } from '../../../webview/run/labels';
import { ownerColor } from '../../../webview/run/palette';
import { timelineRows } from '../../../webview/run/timelineModel';
import { agent, T0 } from './agents';
import { render, text } from './dom';

const noop = (): void => undefined;
const NOW = T0 + 20_000;

function card(a: AgentState): Document {
  return render(<AgentCard agent={a} now={NOW} color={ownerColor(0)} stagedFiles={0} onCancel={noop} onRetry={noop} onReview={noop} />);
}

const plan: Plan = {
  id: 'p',
  request: 'Add a profile page',
  route: 'complex',
  lint: [],
  tasks: [{ id: 'types', title: 'Profile types', phase: 'contract', role: 'Types', instructions: 'i', owns: ['src/types.ts'], reads: [], dependsOn: [] }],
};

function runAfter(bodies: readonly RunEventBody[]) {
  const events = [{ kind: 'run.started', plan, workspaceName: 'acme', maxConcurrency: 4, demo: false } as const, ...bodies].map((body, i) => ({
    ...body,
    runId: 'r',
    seq: i + 1,
    at: T0 + i * 100,
  }));
  return reduceRunEvents(events);
}

/** The agent `types` after these events of one run. */
function agentAfter(bodies: readonly RunEventBody[]): AgentState {
  const a = runAfter(bodies).agents.types;
  assert.ok(a);
  return a;
}

describe('webview: agent progress on the current models', () => {
  it('shows the progress notes that arrive as thinking text on the card', () => {
    const a = agentAfter([
      { kind: 'agent.started', taskId: 'types', model: 'claude-sonnet-5-5', attempt: 1 },
      { kind: 'agent.text', taskId: 'types', text: 'Reading the existing user types first.', source: 'thinking' },
      { kind: 'agent.toolCall', taskId: 'types', toolUseId: 't1', tool: 'read_file', path: 'src/user.ts', summary: 'read src/user.ts' },
      { kind: 'agent.text', taskId: 'types', text: '\nNow adding the Profile interface.', source: 'thinking' },
    ]);
    const doc = card(a);
    const lines = [...doc.querySelectorAll('.agent-tail > div')].map((d) => d.textContent?.replace(/^Thinking: /, ''));
    assert.deepEqual(lines, ['Reading the existing user types first.', 'Now adding the Profile interface.']);
    assert.equal(text(doc, '.agent-doing'), 'read src/user.ts');
  });

  it('marks thinking lines for the eye and for screen readers when the tail keeps its sources', () => {
    const a = {
      ...agent({ status: 'running', startedAt: T0 }),
      textTail: 'Looking at the router.\nDone: the route is added.',
      tailPieces: [{ text: 'Looking at the router.', source: 'thinking' as const }, { text: '\nDone: the route is added.' }],
    };
    const doc = card(a);
    const rows = [...doc.querySelectorAll('.agent-tail > div')];
    assert.equal(rows.length, 2);
    assert.ok(rows[0]?.classList.contains('tail-thinking'));
    assert.equal(rows[0]?.querySelector('.visually-hidden')?.textContent, 'Thinking: ');
    assert.match(rows[0]?.getAttribute('title') ?? '', /summarized thinking/);
    assert.equal(rows[1]?.classList.contains('tail-thinking'), false);
    assert.equal(rows[1]?.textContent, 'Done: the route is added.');
  });

  it('splits the tail into lines by source: a line takes the source of its first visible text', () => {
    const lines = progressLines({
      textTail: '',
      tailPieces: [{ text: 'Answer one\n' }, { text: 'note a', source: 'thinking' }, { text: ' and more\nnote b', source: 'thinking' }, { text: '\n\nlast' }],
    });
    assert.deepEqual(lines, [
      { text: 'note a and more', thinking: true },
      { text: 'note b', thinking: true },
      { text: 'last', thinking: false },
    ]);
    assert.deepEqual(progressLines({ textTail: 'a\nb' }), [
      { text: 'a', thinking: false },
      { text: 'b', thinking: false },
    ]);
  });

  it('shows dollars for a Sonnet 5.5 agent with the built-in prices', () => {
    const usage = { input: 3_000, output: 1_500, cacheWrite: 12_000, cacheRead: 40_000 };
    const costUsd = costOf('claude-sonnet-5-5', usage, DEFAULT_PRICES);
    assert.ok(costUsd !== null);
    const a = agentAfter([
      { kind: 'agent.started', taskId: 'types', model: 'claude-sonnet-5-5', attempt: 1 },
      { kind: 'agent.usage', taskId: 'types', model: 'claude-sonnet-5-5', turn: 1, usage, costUsd, cacheSavingsUsd: 0.076 },
    ]);
    assert.match(text(card(a), '.agent-meta'), /\$0\.055$/);
  });

  it('shows compaction and a fallback model on the card, with titles that explain them', () => {
    const a = agentAfter([
      { kind: 'agent.started', taskId: 'types', model: 'claude-sonnet-5-5', attempt: 1 },
      { kind: 'agent.compacted', taskId: 'types', turn: 12, tokensBefore: 900_000, tokensAfter: 40_000 },
      { kind: 'agent.compacted', taskId: 'types', turn: 30, tokensBefore: 910_000, tokensAfter: 42_000 },
      { kind: 'agent.fallback', taskId: 'types', turn: 31, from: 'claude-sonnet-5-5', to: 'claude-opus-5' },
    ]);
    assert.equal(compactionLabel(a), 'Compacted 2×');
    assert.equal(fallbackLabel(a), 'Fallback: claude-opus-5');
    const doc = card(a);
    const compacted = doc.querySelector('.agent-meta .meta-note');
    assert.equal(compacted?.textContent, 'Compacted 2×');
    assert.match(compacted?.getAttribute('title') ?? '', /summarized 2 times to stay within the model's context window/);
    const fallback = [...doc.querySelectorAll('.agent-meta .meta-warn')].find((e) => e.textContent?.startsWith('Fallback'));
    assert.equal(fallback?.textContent, 'Fallback: claude-opus-5');
    assert.equal(
      fallback?.getAttribute('title'),
      'claude-sonnet-5-5 declined turn 31; it was asked once of claude-opus-5 (fanout.fallbackModel), and later turns went back to claude-sonnet-5-5',
    );
    assert.equal(compactionLabel(agent()), undefined);
    assert.equal(fallbackLabel(agent()), undefined);
  });

  it('names the new end reasons: a refusal and a full context window', () => {
    assert.equal(END_REASON_LABEL.refusal, 'The model declined the task');
    assert.equal(END_REASON_LABEL['context-window'], "The conversation no longer fits the model's context window");
    assert.equal(statusDetail(agent({ status: 'failed', reason: 'refusal' })), 'The model declined the task');
    assert.equal(statusDetail(agent({ status: 'failed', reason: 'refusal', message: 'Refused (cyber).' })), 'Refused (cyber).');
    assert.equal(
      text(card(agent({ status: 'failed', reason: 'context-window', endedAt: NOW })), '.agent-detail'),
      "The conversation no longer fits the model's context window",
    );
  });

  it('adds refusals, compactions and fallbacks to the timeline text alternative', () => {
    const [row] = timelineRows(
      [
        agent({
          status: 'failed',
          reason: 'refusal',
          startedAt: T0 + 1_000,
          endedAt: T0 + 5_000,
          activeMs: 4_000,
          compactions: 1,
          fallback: { turn: 3, from: 'a', to: 'b' },
        }),
      ],
      T0,
      T0 + 10_000,
    );
    assert.equal(row?.label, 'types: 1.0s–5.0s, failed: the model declined the task, compacted once, turn 3 answered by b');
  });

  it('lists the run warnings (a model the table does not know) under the run header', () => {
    const state = runAfter([{ kind: 'run.warning', model: 'my-model', message: 'Fanout does not know model "my-model".' }]);
    const doc = render(<RunView state={state} now={NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} />);
    const list = doc.querySelector('ul.run-warnings');
    assert.equal(list?.getAttribute('aria-label'), 'Warnings');
    assert.deepEqual(
      [...(list?.querySelectorAll('li') ?? [])].map((li) => li.textContent),
      ['Fanout does not know model "my-model".'],
    );
    const quiet = render(<RunView state={runAfter([])} now={NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} />);
    assert.equal(quiet.querySelector('.run-warnings'), null);
  });
});
