import * as assert from 'node:assert/strict';
import { initialRunState, reduceRunEvents } from '../../../src/core/run/runState';
import type { HostToWebview } from '../../../src/protocol/messages';
import { composerContext, initialViewState, reduceHostMessage, type ViewAction, type ViewState } from '../../../webview/state';
import { events, plan, snapshot } from './stageFixtures';

const RUN = 'run-1';
const started = events(RUN, [
  { kind: 'run.started', plan, workspaceName: 'acme', maxConcurrency: 4, demo: false },
  { kind: 'agent.queued', taskId: 'types' },
  { kind: 'agent.started', taskId: 'types', model: 'claude-sonnet-5-5', attempt: 1 },
]);
const runAt3 = reduceRunEvents(started, initialRunState(RUN));

function reduce(...messages: ViewAction[]): ViewState {
  return messages.reduce(reduceHostMessage, initialViewState);
}

const runSnapshot: HostToWebview = { type: 'snapshot', snapshot: snapshot({ kind: 'run', runId: RUN }, { run: runAt3 }) };

describe('webview state reducer', () => {
  it('starts with no snapshot and no focus requests', () => {
    assert.equal(initialViewState.snapshot, undefined);
    assert.equal(initialViewState.focusRequests, 0);
  });

  it('replaces the view state with each snapshot and keeps the focus counter', () => {
    const first = snapshot({ kind: 'compose', draft: 'a' });
    const second = snapshot({ kind: 'planning', request: 'a', step: 'routing' }, { seq: 2 });
    const state = reduce({ type: 'focusComposer', seq: 1 }, { type: 'snapshot', snapshot: first }, { type: 'snapshot', snapshot: second });
    assert.equal(state.snapshot, second);
    assert.equal(state.focusRequests, 1);
  });

  it('folds events into the snapshot run when the run id matches', () => {
    const state = reduce(runSnapshot, {
      type: 'events',
      runId: RUN,
      events: events(
        RUN,
        [
          { kind: 'agent.text', taskId: 'types', text: 'Writing the types.' },
          { kind: 'agent.queued', taskId: 'ui' },
        ],
        4,
      ),
    });
    assert.equal(state.snapshot?.run?.lastSeq, 5);
    assert.equal(state.snapshot?.run?.agents.types?.textTail, 'Writing the types.');
    assert.equal(state.snapshot?.stage.kind, 'run');
  });

  it('drops events whose seq is not after the run lastSeq, and keeps the same state when none apply', () => {
    const before = reduce(runSnapshot);
    const stale = events(RUN, [{ kind: 'agent.text', taskId: 'types', text: 'old' }], 2);
    const repeated = events(RUN, [{ kind: 'agent.text', taskId: 'types', text: 'again' }], 3);
    assert.equal(reduceHostMessage(before, { type: 'events', runId: RUN, events: [...stale, ...repeated] }), before);
  });

  it('applies only the new events of a batch that overlaps what the snapshot already holds', () => {
    const batch = events(
      RUN,
      [
        { kind: 'agent.text', taskId: 'types', text: 'seen ' },
        { kind: 'agent.text', taskId: 'types', text: 'new' },
      ],
      3,
    );
    const state = reduce(runSnapshot, { type: 'events', runId: RUN, events: batch });
    assert.equal(state.snapshot?.run?.agents.types?.textTail, 'new');
    assert.equal(state.snapshot?.run?.lastSeq, 4);
  });

  it('ignores events of another run, and events before any snapshot', () => {
    const before = reduce(runSnapshot);
    const other = events('run-2', [{ kind: 'agent.text', taskId: 'types', text: 'x' }], 10);
    assert.equal(reduceHostMessage(before, { type: 'events', runId: 'run-2', events: other }), before);
    assert.equal(reduceHostMessage(initialViewState, { type: 'events', runId: RUN, events: started }), initialViewState);
  });

  it('starts the run from its events when the run stage names a run the snapshot does not hold yet', () => {
    const state = reduce({ type: 'snapshot', snapshot: snapshot({ kind: 'run', runId: RUN }) }, { type: 'events', runId: RUN, events: started });
    assert.equal(state.snapshot?.run?.status, 'running');
    assert.equal(state.snapshot?.run?.agents.types?.status, 'running');
  });

  it('counts focus requests and shows their context until a snapshot leaves the compose stage', () => {
    const compose = snapshot({ kind: 'compose', draft: '' });
    let state = reduce({ type: 'snapshot', snapshot: compose }, { type: 'focusComposer', seq: 2, context: 'Selection from src/x.ts:10-20' });
    assert.equal(state.focusRequests, 1);
    assert.equal(composerContext(state), 'Selection from src/x.ts:10-20');
    state = reduceHostMessage(state, { type: 'focusComposer', seq: 3 });
    assert.equal(state.focusRequests, 2);
    assert.equal(composerContext(state), 'Selection from src/x.ts:10-20', 'a focus request without context keeps the chip');
    state = reduceHostMessage(state, { type: 'snapshot', snapshot: snapshot({ kind: 'compose', draft: 'x', context: 'Selection from src/y.ts:1-2' }) });
    assert.equal(composerContext(state), 'Selection from src/y.ts:1-2', "the stage's own context wins");
    state = reduceHostMessage(state, { type: 'snapshot', snapshot: snapshot({ kind: 'planning', request: 'x', step: 'routing' }) });
    assert.equal(state.focusContext, undefined);
    assert.equal(composerContext(state), undefined);
  });

  it('hides a removed context chip until the next snapshot, and shows a newly attached one', () => {
    const withContext = snapshot({ kind: 'compose', draft: 'x', context: 'Selection from src/x.ts:1-2' });
    let state = reduce({ type: 'snapshot', snapshot: withContext }, { type: 'focusComposer', seq: 2, context: 'Selection from src/x.ts:1-2' });
    state = reduceHostMessage(state, { type: 'contextRemoved' });
    assert.equal(composerContext(state), undefined);
    assert.equal(state.snapshot, withContext);
    state = reduceHostMessage(state, { type: 'snapshot', snapshot: snapshot({ kind: 'compose', draft: 'x' }) });
    assert.equal(composerContext(state), undefined, 'the host dropped it');
    state = reduceHostMessage(state, { type: 'focusComposer', seq: 4, context: 'Selection from src/y.ts:3-4' });
    assert.equal(composerContext(state), 'Selection from src/y.ts:3-4');
  });
});
