/** The run state and view batching of the events the current models bring: thinking text, compaction, fallback, warnings. */
import * as assert from 'node:assert/strict';
import { coalesceEvents } from '../../../src/core/run/eventBatch';
import type { RunEvent, RunEventBody } from '../../../src/core/run/events';
import { reduceRunEvents } from '../../../src/core/run/runState';

const RUN = 'run-models';

function stamp(bodies: readonly RunEventBody[]): RunEvent[] {
  return bodies.map((body, index) => ({ runId: RUN, seq: index + 1, at: 1_000 + index, ...body }));
}

const started: RunEventBody = {
  kind: 'run.started',
  plan: {
    id: 'p',
    request: 'r',
    route: 'moderate',
    lint: [],
    tasks: [{ id: 'a', title: 'A', phase: 'implement', role: 'Component', instructions: 'x', owns: ['src/a.ts'], reads: [], dependsOn: [] }],
  },
  workspaceName: 'ws',
  maxConcurrency: 2,
  demo: false,
};

describe('run state: events of the current models', () => {
  it("keeps thinking text in the agent's text tail, in order with the answer text", () => {
    const state = reduceRunEvents(
      stamp([
        started,
        { kind: 'agent.started', taskId: 'a', model: 'claude-sonnet-5-5', attempt: 1 },
        { kind: 'agent.text', taskId: 'a', text: 'Reading the types.', source: 'thinking' },
        { kind: 'agent.text', taskId: 'a', text: '\nDone.' },
      ]),
    );
    assert.equal(state.agents.a?.textTail, 'Reading the types.\nDone.');
    assert.deepEqual(state.agents.a?.tailPieces, [{ text: 'Reading the types.', source: 'thinking' }, { text: '\nDone.' }]);
  });

  it('keeps the pieces by source bounded like the tail, dropping the oldest text first', () => {
    const long = 'x'.repeat(500);
    const state = reduceRunEvents(
      stamp([
        started,
        { kind: 'agent.started', taskId: 'a', model: 'claude-sonnet-5-5', attempt: 1 },
        { kind: 'agent.text', taskId: 'a', text: long, source: 'thinking' },
        { kind: 'agent.text', taskId: 'a', text: 'y'.repeat(200) },
        { kind: 'agent.text', taskId: 'a', text: 'z'.repeat(50) },
      ]),
    );
    const pieces = state.agents.a?.tailPieces ?? [];
    assert.equal(pieces.map((p) => p.text).join(''), state.agents.a?.textTail);
    assert.deepEqual(
      pieces.map((p) => [p.source ?? 'text', p.text.length]),
      [
        ['thinking', 350],
        ['text', 250],
      ],
    );
  });

  it('counts compactions, remembers the latest fallback and lists run warnings', () => {
    const state = reduceRunEvents(
      stamp([
        started,
        { kind: 'run.warning', model: 'claude-x', message: 'Fanout does not know model "claude-x".' },
        { kind: 'agent.started', taskId: 'a', model: 'claude-sonnet-5-5', attempt: 1 },
        { kind: 'agent.compacted', taskId: 'a', turn: 7, tokensBefore: 610_000, tokensAfter: 9_000 },
        { kind: 'agent.compacted', taskId: 'a', turn: 15, tokensBefore: 605_000, tokensAfter: 8_000 },
        { kind: 'agent.fallback', taskId: 'a', turn: 16, from: 'claude-sonnet-5-5', to: 'claude-opus-5-5' },
        { kind: 'agent.finished', taskId: 'a', outcome: 'failed', reason: 'refusal', message: 'declined' },
      ]),
    );
    assert.deepEqual(state.warnings, ['Fanout does not know model "claude-x".']);
    assert.equal(state.agents.a?.compactions, 2);
    assert.deepEqual(state.agents.a?.fallback, { turn: 16, from: 'claude-sonnet-5-5', to: 'claude-opus-5-5' });
    assert.equal(state.agents.a?.reason, 'refusal');
    assert.equal(reduceRunEvents(stamp([started])).warnings, undefined, 'no warnings: no field');
  });

  it('reads the retry causes of logs written before the one failure vocabulary, and keeps the failure an agent ended on', () => {
    const state = reduceRunEvents(
      stamp([
        started,
        { kind: 'agent.started', taskId: 'a', model: 'claude-sonnet-5-5', attempt: 1 },
        // An old log: causes as they were written then.
        { kind: 'agent.retrying', taskId: 'a', cause: 'stream-stalled', attempt: 1, delayMs: 10, message: 'No data' },
      ]),
    );
    assert.equal(state.agents.a?.retry?.cause, 'stalled');
    const dropped = reduceRunEvents(
      stamp([started, { kind: 'agent.retrying', taskId: 'a', cause: 'stream-dropped', attempt: 1, delayMs: 10, message: 'broke' }]),
    );
    assert.equal(dropped.agents.a?.retry?.cause, 'dropped');
    const timedOut = reduceRunEvents(stamp([started, { kind: 'agent.retrying', taskId: 'a', cause: 'timeout', attempt: 2, delayMs: 10, message: 'slow' }]));
    assert.equal(timedOut.agents.a?.retry?.cause, 'timeout');

    const failed = reduceRunEvents(
      stamp([
        started,
        { kind: 'agent.started', taskId: 'a', model: 'claude-sonnet-5-5', attempt: 1 },
        { kind: 'agent.finished', taskId: 'a', outcome: 'failed', reason: 'error', message: 'The API key was rejected (401).', failure: 'auth' },
      ]),
    );
    assert.equal(failed.agents.a?.failure, 'auth');
  });

  it('batches text per source: runs of one source merge, a change of source starts a new event', () => {
    const events = stamp([
      started,
      { kind: 'agent.text', taskId: 'a', text: 'Think ', source: 'thinking' },
      { kind: 'agent.text', taskId: 'a', text: 'more.', source: 'thinking' },
      { kind: 'agent.toolCall', taskId: 'a', toolUseId: 't1', tool: 'read_file', summary: 'read x' },
      { kind: 'agent.text', taskId: 'a', text: 'Answer ' },
      { kind: 'agent.text', taskId: 'a', text: 'text.' },
      { kind: 'agent.text', taskId: 'a', text: '\nAgain.', source: 'thinking' },
    ]);
    const merged = coalesceEvents(events);
    const texts = merged.filter((event): event is Extract<RunEvent, { kind: 'agent.text' }> => event.kind === 'agent.text');
    assert.deepEqual(
      texts.map((event) => [event.text, event.source ?? 'text']),
      [
        ['Think more.', 'thinking'],
        ['Answer text.', 'text'],
        ['\nAgain.', 'thinking'],
      ],
    );
    assert.deepEqual(reduceRunEvents(merged), reduceRunEvents(events));
  });
});
