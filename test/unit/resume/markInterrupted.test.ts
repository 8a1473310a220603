import * as assert from 'node:assert/strict';
import { markInterrupted, reduceRunEvents } from '../../../src/core/run/runState';
import type { RunEvent } from '../../../src/core/run/events';
import { statusDetail, statusText } from '../../../webview/run/labels';

const task = (id: string) => ({ id, title: id, phase: 'implement' as const, role: 'r', instructions: 'i', owns: [`src/${id}.ts`], reads: [], dependsOn: [] });

describe('an interrupted run as the views show it', () => {
  const at = 1_000;
  const events: RunEvent[] = [
    {
      runId: 'r',
      seq: 1,
      at,
      kind: 'run.started',
      plan: { id: 'p', request: 'x', route: 'moderate', tasks: [task('a'), task('b'), task('c')], lint: [] },
      workspaceName: 'w',
      maxConcurrency: 3,
      demo: false,
    },
    { runId: 'r', seq: 2, at, kind: 'agent.started', taskId: 'a', model: 'm', attempt: 1 },
    { runId: 'r', seq: 3, at, kind: 'agent.toolCall', taskId: 'a', tool: 'read_file', summary: 'read src/a.ts', toolUseId: 't1' } as RunEvent,
    { runId: 'r', seq: 4, at, kind: 'agent.started', taskId: 'b', model: 'm', attempt: 1 },
    { runId: 'r', seq: 5, at, kind: 'agent.finished', taskId: 'b', outcome: 'done', reason: 'finished', summary: 'ok' },
  ];

  it('shows no agent at work: the ones that were say they resume from their last finished turn, the others keep their status', () => {
    const live = reduceRunEvents(events);
    assert.equal(live.agents.a?.status, 'running');
    const shown = markInterrupted(live);
    assert.equal(shown.status, 'interrupted');
    assert.equal(shown.agents.a?.status, 'queued');
    assert.equal(shown.agents.a?.doing, undefined);
    assert.match(statusDetail(shown.agents.a!) ?? '', /^Interrupted: resuming continues it/);
    assert.equal(statusText(shown.agents.a!, at), 'Queued');
    assert.equal(shown.agents.b?.status, 'done');
    assert.equal(shown.agents.c?.status, 'queued');
    assert.equal(markInterrupted(shown), shown, 'only a running run is marked');
  });
});
