/* @jsxRuntime automatic */
/**
 * What a person sees first in a live run: the working agents, under a one-line summary that unfolds
 * the request, counts and metrics on demand; a run of more than six agents as compact lines that
 * each expand to the agent's card. Rendered statically and in a live jsdom page (clicks).
 */
import * as assert from 'node:assert/strict';
import type { RunEventBody } from '../../../src/core/run/events';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import { reduceRunEvents, type RunState } from '../../../src/core/run/runState';
import { activityGroups } from '../../../webview/run/agentActivity';
import { RunView } from '../../../webview/run/RunView';
import { agent, T0 } from './agents';
import { buttons, render, text } from './dom';
import { openPage } from './page';

const noop = (): void => undefined;
const NOW = T0 + 30_000;

function task(id: string, phase: TaskSpec['phase'] = 'implement'): TaskSpec {
  return { id, title: `Task ${id}`, role: id.toUpperCase(), phase, instructions: 'i', owns: [`src/${id}.ts`], reads: [], dependsOn: [] };
}

/** A live run of `ids` (plan order) after `bodies`. */
function liveRun(ids: readonly string[], bodies: readonly RunEventBody[]): RunState {
  const plan: Plan = { id: 'p', request: 'Add due dates to todos', route: 'complex', lint: [], tasks: ids.map((id) => task(id)) };
  const all: RunEventBody[] = [{ kind: 'run.started', plan, workspaceName: 'acme', maxConcurrency: 8, demo: false }, ...bodies];
  return reduceRunEvents(all.map((body, i) => ({ ...body, runId: 'r', seq: i + 1, at: T0 + i * 100 })));
}

const start = (taskId: string): RunEventBody => ({ kind: 'agent.started', taskId, model: 'claude-sonnet-5-5', attempt: 1 });
const finish = (taskId: string): RunEventBody => ({ kind: 'agent.finished', taskId, outcome: 'done', reason: 'finished', summary: `${taskId} is done.` });
const doing = (taskId: string, summary: string): RunEventBody => ({ kind: 'agent.toolCall', taskId, toolUseId: `t-${taskId}`, tool: 'edit_file', summary });

function view(state: RunState): Document {
  return render(<RunView state={state} now={NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} />);
}

const sectionsOf = (doc: Document) =>
  [...doc.querySelectorAll('section.phase')].map((s) => [
    s.querySelector('h2')?.firstChild?.textContent?.trim(),
    [...s.querySelectorAll('.agent-title, .agent-row-title')].map((t) => t.textContent),
  ]);

describe('webview run view: the working agents first', () => {
  // Plan order a, b, c, d: a finished, b still queued, c and d at work.
  const state = liveRun(['a', 'b', 'c', 'd'], [start('a'), finish('a'), start('c'), doing('c', 'edit src/c.ts'), start('d')]);

  it('groups a live run’s agents by activity, the working ones first, in plan order within each group', () => {
    const doc = view(state);
    assert.deepEqual(sectionsOf(doc), [
      ['Working', ['Task c', 'Task d']],
      ['Queued', ['Task b']],
      ['Ended', ['Task a']],
    ]);
    const first = doc.querySelector('main > section.phase');
    assert.equal(first?.getAttribute('aria-labelledby'), 'activity-working');
  });

  it('puts waiting and retrying agents with the working ones, blocked ones with the ended', () => {
    const groups = activityGroups([
      agent({ taskId: 'q', status: 'queued' }),
      agent({ taskId: 'w', status: 'waiting' }),
      agent({ taskId: 'b', status: 'blocked' }),
      agent({ taskId: 'r', status: 'retrying' }),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.id, g.agents.map((a) => a.taskId)]),
      [
        ['working', ['w', 'r']],
        ['queued', ['q']],
        ['ended', ['b']],
      ],
    );
  });

  it('folds the header of a live run into one line: a toggle with aria-expanded, and Cancel run beside it', () => {
    const doc = view(state);
    const toggle = doc.querySelector('h1#run-title > button');
    assert.ok(toggle, 'the heading holds the toggle');
    assert.equal(toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(toggle.getAttribute('aria-controls'), 'run-overview');
    assert.ok(doc.getElementById('run-overview')?.hasAttribute('hidden'));
    assert.match(text(doc, '.run-summary'), /Running · 2 at work · n\/a$/, 'no turn priced yet: the cost is n/a, never a guess');
    // A narrow side bar cuts the count (the ellipsized part), never the cost.
    assert.doesNotMatch(text(doc, '.run-summary-facts'), /n\/a/);
    assert.match(text(doc, '.run-summary-cost'), /n\/a/);
    assert.equal(doc.querySelector('.run-request'), null, 'the request is folded away');
    assert.equal(doc.querySelector('.metrics'), null, 'the metrics are folded away');
    assert.ok(buttons(doc).includes('Cancel run'));
    const order = [...doc.querySelectorAll('main > *')].map((e) => e.tagName.toLowerCase());
    assert.deepEqual(order.slice(0, 2), ['header', 'section'], 'the agents come right after the one-line header');
  });

  it('unfolds the request, counts and metrics on demand, and folds them again', async () => {
    const page = await openPage();
    try {
      const root = await page.render(<RunView state={state} now={NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} />);
      const toggle = root.querySelector<HTMLButtonElement>('#run-title button');
      assert.ok(toggle);
      await page.act(() => toggle.click());
      assert.equal(toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(root.querySelector('#run-overview')?.hasAttribute('hidden'), false);
      assert.equal(root.querySelector('.run-request')?.textContent, 'Add due dates to todos');
      assert.ok(root.querySelector('.run-counts'));
      assert.ok([...root.querySelectorAll('.metric dt')].some((dt) => dt.textContent === 'Wall time'));
      await page.act(() => toggle.click());
      assert.equal(toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(root.querySelector('.run-request'), null);
    } finally {
      await page.close();
    }
  });

  it('shows everything, by phase, once the run has ended', () => {
    const ended = reduceRunEvents([{ kind: 'run.finished', outcome: 'done', runId: 'r', seq: state.lastSeq + 1, at: NOW }], state);
    const doc = view(ended);
    assert.equal(doc.querySelector('#run-title button'), null, 'no fold');
    assert.equal(text(doc, 'h1'), 'Done');
    assert.equal(text(doc, '.run-request'), 'Add due dates to todos');
    assert.ok(doc.querySelector('.metrics'));
    assert.deepEqual(
      sectionsOf(doc).map(([label]) => label),
      ['Implement'],
    );
  });
});

describe('webview run view: a large fan-out as compact lines', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const state = liveRun(ids, [
    start('a'),
    finish('a'),
    start('b'),
    doing('b', 'edit src/components/todo/TodoList.tsx'),
    start('c'),
    {
      kind: 'agent.usage',
      taskId: 'c',
      model: 'claude-sonnet-5-5',
      turn: 1,
      usage: { input: 1000, output: 100, cacheRead: 0, cacheWrite: 0 },
      costUsd: 0.0123,
    },
  ]);

  it('shows one line per agent (status, title, action, cost) instead of cards, each a collapsed button', () => {
    const doc = view(state);
    assert.equal(doc.querySelectorAll('.agent-card').length, 0);
    const lines = [...doc.querySelectorAll<HTMLButtonElement>('.agent-row-line')];
    assert.equal(lines.length, 8);
    for (const line of lines) {
      assert.equal(line.getAttribute('type'), 'button');
      assert.equal(line.getAttribute('aria-expanded'), 'false');
      const controls = line.getAttribute('aria-controls') ?? '';
      assert.ok(doc.getElementById(controls)?.hasAttribute('hidden'), `${controls} exists, hidden`);
      assert.ok(line.querySelector('.status-icon'), 'a status icon');
    }
    assert.deepEqual(
      [...doc.querySelectorAll('[role="listitem"][data-task]')].map((item) => item.getAttribute('data-task')),
      ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'a'],
      'working, then queued, then ended',
    );
    const b = lines.find((l) => l.querySelector('.agent-row-title')?.textContent === 'Task b');
    assert.ok(b);
    assert.equal(text(doc, '#agent-b-card'), '', 'no card until it is expanded');
    assert.equal(b?.querySelector('.agent-row-action')?.textContent, 'edit src/…/todo/TodoList.tsx');
    assert.equal(b?.getAttribute('aria-label'), 'Task b, Running, edit src/components/todo/TodoList.tsx');
    const c = lines.find((l) => l.querySelector('.agent-row-title')?.textContent === 'Task c');
    assert.equal(c?.querySelector('.agent-row-cost')?.textContent, '$0.012');
    const a = lines.find((l) => l.querySelector('.agent-row-title')?.textContent === 'Task a');
    assert.equal(a?.querySelector('.agent-row-action')?.textContent, 'a is done.', 'a finished agent shows its summary');
  });

  it('expands a line to the agent’s full card and collapses it again', async () => {
    const page = await openPage();
    try {
      const root = await page.render(<RunView state={state} now={NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} />);
      const line = [...root.querySelectorAll<HTMLButtonElement>('.agent-row-line')].find((l) => l.textContent?.includes('Task b'));
      assert.ok(line);
      await page.act(() => line.click());
      assert.equal(line.getAttribute('aria-expanded'), 'true');
      const card = root.querySelector('#agent-b-card .agent-card');
      assert.ok(card, 'the card is under its line');
      assert.equal(card.getAttribute('role'), 'group', 'not a second list item inside the line’s');
      assert.equal(root.querySelector('#agent-b-card')?.hasAttribute('hidden'), false);
      assert.ok([...card.querySelectorAll('button')].some((bt) => bt.getAttribute('aria-label') === 'Cancel agent b'));
      await page.act(() => line.click());
      assert.equal(line.getAttribute('aria-expanded'), 'false');
      assert.equal(root.querySelector('#agent-b-card .agent-card'), null);
    } finally {
      await page.close();
    }
  });

  it('keeps cards for six agents or fewer', () => {
    const six = liveRun(ids.slice(0, 6), [start('a')]);
    const doc = view(six);
    assert.equal(doc.querySelectorAll('.agent-card').length, 6);
    assert.equal(doc.querySelectorAll('.agent-row').length, 0);
  });
});
