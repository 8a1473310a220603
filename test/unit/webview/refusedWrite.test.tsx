/* @jsxRuntime automatic */
/** A refused write on an agent's card and line: told as what it was, where the current action shows. */
import * as assert from 'node:assert/strict';
import type { RunEventBody } from '../../../src/core/run/events';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import { reduceRunEvents, type DeniedWrite, type RunState } from '../../../src/core/run/runState';
import { AgentCard } from '../../../webview/run/AgentCard';
import { refusalOf, refusalText } from '../../../webview/run/agentActivity';
import { ownerColor } from '../../../webview/run/palette';
import { RunView } from '../../../webview/run/RunView';
import { agent, T0 } from './agents';
import { render, text } from './dom';

const noop = (): void => undefined;
const NOW = T0 + 20_000;

function task(id: string, role: string, owns: string[]): TaskSpec {
  return { id, title: `${role} task`, role, phase: 'implement', instructions: 'i', owns, reads: [], dependsOn: [] };
}

function run(bodies: readonly RunEventBody[], agents = 2): RunState {
  const tasks = [
    task('store', 'Store', ['src/todo.ts']),
    task('list', 'List UI', ['src/list.tsx']),
    ...['c', 'd', 'e', 'f', 'g'].map((id) => task(id, id.toUpperCase(), [])),
  ];
  const plan: Plan = { id: 'p', request: 'Add due dates', route: 'complex', lint: [], tasks: tasks.slice(0, agents) };
  const all: RunEventBody[] = [
    { kind: 'run.started', plan, workspaceName: 'acme', maxConcurrency: 4, demo: false },
    { kind: 'agent.started', taskId: 'list', model: 'claude-sonnet-5-5', attempt: 1 },
    ...bodies,
  ];
  return reduceRunEvents(all.map((body, i) => ({ ...body, runId: 'r', seq: i + 1, at: T0 + i * 100 })));
}

const editTodo: RunEventBody = { kind: 'agent.toolCall', taskId: 'list', toolUseId: 't1', tool: 'edit_file', summary: 'edit src/todo.ts' };
const denied: RunEventBody = {
  kind: 'write.denied',
  taskId: 'list',
  path: 'src/todo.ts',
  tool: 'edit_file',
  reason: 'not-owned',
  owner: 'store',
  message: 'you do not own src/todo.ts; its owner is task store',
};
const next: RunEventBody = { kind: 'agent.toolCall', taskId: 'list', toolUseId: 't2', tool: 'write_file', summary: 'write src/list.tsx' };

function view(state: RunState): Document {
  return render(<RunView state={state} now={NOW} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} />);
}

describe('webview: a refused write, told as what it was', () => {
  it('replaces the current action on the card with "Refused: edit … (owned by …)", naming the owner by its role', () => {
    const doc = view(run([editTodo, denied]));
    const card = [...doc.querySelectorAll('.agent-card')].find((c) => c.querySelector('.agent-role')?.textContent === 'List UI');
    assert.ok(card);
    const line = card.querySelector('.agent-doing');
    assert.equal(line?.textContent, 'Refused: edit src/todo.ts (owned by Store)');
    assert.ok(line?.classList.contains('agent-refused'));
    assert.equal(line?.getAttribute('title'), 'you do not own src/todo.ts; its owner is task store');
    assert.equal(card.querySelectorAll('.agent-doing').length, 1, 'in place of the action, not beside it');
    assert.doesNotMatch(card.querySelector('.agent-meta')?.textContent ?? '', /denied/, 'not only a counter');
  });

  it('keeps the refusal on the card under the new action once the agent moved on, with the count when there were several', () => {
    const again = { ...denied, path: 'src/todo.test.ts' };
    const doc = view(run([editTodo, denied, again, next]));
    const card = [...doc.querySelectorAll('.agent-card')].find((c) => c.querySelector('.agent-role')?.textContent === 'List UI');
    assert.equal(card?.querySelector('.agent-doing')?.textContent, 'write src/list.tsx');
    assert.equal(text(doc, '.agent-refused.earlier'), 'Refused: edit src/todo.test.ts (owned by Store) · 2 refused writes');
  });

  it('shows the refusal on a compact line while it is the current action', () => {
    const doc = view(run([editTodo, denied], 7));
    const line = [...doc.querySelectorAll('.agent-row-line')].find((l) => l.querySelector('.agent-row-title')?.textContent === 'List UI task');
    assert.equal(line?.querySelector('.agent-row-action')?.textContent, 'Refused: edit src/todo.ts');
    assert.ok(line?.querySelector('.agent-row-action')?.classList.contains('refused'));
    assert.equal(line?.getAttribute('aria-label'), 'List UI task, Running, refused: edit src/todo.ts (owned by Store)');
  });

  it('says why for refusals that are not about ownership, and cuts a long path in its middle', () => {
    const write: DeniedWrite = {
      seq: 9,
      taskId: 'types',
      path: '/etc/passwd',
      tool: 'write_file',
      reason: 'absolute-path',
      message: 'absolute paths are refused',
    };
    const running = agent({ status: 'running', doing: 'write /etc/passwd', startedAt: T0 });
    const refusal = refusalOf(running, [write], (id) => id);
    assert.ok(refusal?.current);
    assert.equal(refusalText(refusal), 'Refused: write /etc/passwd (an absolute path)');
    const deep: DeniedWrite = { ...write, path: 'src/components/profile/forms/ProfileForm.tsx', reason: 'not-owned', owner: 'ui' };
    const far = refusalOf(agent({ status: 'done' }), [deep], () => 'Component');
    assert.ok(far && !far.current, 'an ended agent has no current action');
    assert.equal(refusalText(far, 24), 'Refused: write src/…/ProfileForm.tsx (owned by Component)');
    assert.equal(
      refusalOf(running, [{ ...write, taskId: 'other' }], (id) => id),
      undefined,
      'another agent’s refusal',
    );
  });

  it('falls back to the counter when the card is given no refusal', () => {
    const doc = render(
      <AgentCard
        agent={agent({ status: 'failed', deniedWrites: 3, turns: 1 })}
        now={NOW}
        color={ownerColor(0)}
        stagedFiles={0}
        onCancel={noop}
        onRetry={noop}
        onReview={noop}
      />,
    );
    assert.match(text(doc, '.agent-meta'), /3 denied/);
    assert.equal(doc.querySelector('.agent-refused'), null);
  });
});
