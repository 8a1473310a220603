/* @jsxRuntime automatic */
/**
 * Separate items stay apart in the rendered text of the run view: lines of an agent's output, the
 * parts of a finding, the rows of the ownership map, the run stage and the history under it. The
 * text is what a copy, a search or a screen reader's reading gets, so it must not glue
 * "src/todo.ts." to "src/todo.ts" or "wrote." to "Today".
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/run/runState';
import { Sidebar } from '../../../webview/Sidebar';
import { FIXTURE_NOW, previewSnapshot, type PreviewStage } from '../../../webview/preview/stageFixtures';
import { AgentCard } from '../../../webview/run/AgentCard';
import { Findings } from '../../../webview/run/Findings';
import { ownerColor } from '../../../webview/run/palette';
import { defaultUiState } from '../../../webview/uiState';
import { agent, T0 } from './agents';
import { render } from './dom';

const noop = (): void => undefined;

/** Places where two items ran together: a sentence end before a capital, a path's extension before more text, ".src/". */
function glued(text: string): string[] {
  const joins = [/[a-z0-9)][.!?][A-Z]/g, /\.(?:tsx|ts|css|md|json)(?=[A-Z])/g, /\.src\//g];
  return joins.flatMap((join) => [...text.matchAll(join)].map((m) => text.slice(Math.max(0, m.index - 20), m.index + 20)));
}

function stageText(stage: PreviewStage): string {
  const doc = render(
    <Sidebar
      state={{ snapshot: previewSnapshot(stage), focusRequests: 0 }}
      ui={defaultUiState}
      onUi={noop}
      onRemoveContext={noop}
      post={noop}
      now={FIXTURE_NOW}
      submitKeys="Ctrl+Enter"
    />,
  );
  return doc.body.textContent ?? '';
}

describe('webview: separate items read apart in the rendered text', () => {
  it('finds the joins it looks for (the check itself can fail)', () => {
    assert.equal(glued('I edited src/todo.ts.src/todo.ts exports dueAt').length, 1);
    assert.equal(glued('…what it wrote.Today').length, 1);
    assert.equal(glued('edit src/ProfileForm.tsxThe barrel').length, 1);
    assert.deepEqual(glued('I edited src/todo.ts. src/todo.ts exports dueAt. Today $0.058 ProfilePage.tsx is'), []);
  });

  it('keeps the lines of an agent’s output apart', () => {
    const doc = render(
      <AgentCard
        agent={agent({
          status: 'running',
          startedAt: T0,
          textTail: 'I edited src/todo.ts.\nsrc/todo.ts now exports dueAt.\nNext: what I wrote.\nToday’s list sorts by it.',
        })}
        now={T0 + 1_000}
        color={ownerColor(0)}
        stagedFiles={0}
        onCancel={noop}
        onRetry={noop}
        onReview={noop}
      />,
    );
    const tail = (doc.querySelector('.agent-tail')?.textContent ?? '').replace(/\s+/g, ' ').trim();
    assert.equal(tail, 'src/todo.ts now exports dueAt. Next: what I wrote. Today’s list sorts by it.');
    assert.deepEqual(glued(doc.body.textContent ?? ''), []);
  });

  it('keeps a finding’s severity, message and place apart, and one finding from the next', () => {
    const findings: Finding[] = [
      { seq: 1, taskId: 'qa', severity: 'warning', message: 'No test covers src/todo.ts.', path: 'src/todo.ts', line: 3 },
      { seq: 2, taskId: 'qa', severity: 'info', message: 'Done as I wrote.' },
    ];
    const doc = render(<Findings findings={findings} />);
    const all = (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
    assert.equal(all, 'Warning No test covers src/todo.ts. qa · src/todo.ts:3 Info Done as I wrote. qa');
  });

  for (const stage of ['run', 'live8', 'refused', 'ended', 'report'] as const) {
    it(`reads apart everywhere in the ${stage} stage, the history under it included`, () => {
      const text = stageText(stage);
      assert.deepEqual(glued(text), []);
      assert.match(text, /\S\s+History\s+\d+ runs/, 'the stage and the history are apart');
    });
  }

  it('keeps the rows of the ownership map apart', () => {
    const text = stageText('ended').replace(/\s+/g, ' ');
    assert.match(text, /ProfileForm\.tsx component A ProfilePage\.tsx component A/);
  });
});
