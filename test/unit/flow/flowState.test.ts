import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStamper } from '../../../src/core/run/events';
import { initialRunState, reduceRunEvents } from '../../../src/core/run/runState';
import { flowReducer, initialFlowState, isRunning, shownRun, type FlowAction, type FlowState } from '../../../src/host/flow/flowState';
import { implement, makePlan } from '../engine/harness';
import { NO_CHECKS_FOUND } from '../../../src/host/checks/planReviewChecks';
import type { PlanReviewChecks } from '../../../src/protocol/messages';
import { proposalFor, testSettings } from './flowHarness';

const NO_REVIEW_CHECKS: PlanReviewChecks = { list: [], fixRounds: 2, approved: false, unavailable: 'No checks found.', notes: [] };

const reduce = (actions: readonly FlowAction[], from: FlowState = initialFlowState): FlowState => actions.reduce(flowReducer, from);

function runningRun(runId: string) {
  const stamper = new EventStamper(runId, () => 1);
  const events = [stamper.stamp({ kind: 'run.started', plan: makePlan([implement('a')]), workspaceName: 'ws', maxConcurrency: 1, demo: false })];
  return { stamper, state: reduceRunEvents(events, initialRunState(runId)) };
}

describe('flow reducer', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'fanout-flow-state-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const planned = (attempt: number, autoApprove = false): FlowAction => ({
    type: 'planned',
    attempt,
    proposal: {
      request: 'Add a flag',
      pattern: undefined,
      proposal: proposalFor(root),
      settings: testSettings({ autoApprove }),
      checks: NO_REVIEW_CHECKS,
      detected: NO_CHECKS_FOUND,
    },
  });

  it('goes compose -> planning (routing, then planning) -> review', () => {
    const submitted = reduce([
      { type: 'draft', draft: 'Add a flag' },
      { type: 'submit', request: 'Add a flag', routed: false },
    ]);
    assert.deepEqual(submitted.stage, { kind: 'planning', request: 'Add a flag', step: 'routing' });
    const routed = flowReducer(submitted, { type: 'routed', attempt: submitted.attempt });
    assert.deepEqual(routed.stage, { kind: 'planning', request: 'Add a flag', step: 'planning' });
    assert.equal(flowReducer(routed, { type: 'routed', attempt: routed.attempt }), routed, 'no change, same object');
    const review = flowReducer(routed, planned(routed.attempt));
    assert.equal(review.stage.kind, 'review');
    assert.ok(review.proposal);
    assert.deepEqual(review.stage.kind === 'review' && review.stage.review.models, ['claude-sonnet-5-5', 'claude-opus-5-5', 'claude-haiku-5-5']);
  });

  it('drops answers of a planning attempt the user left', () => {
    const first = reduce([{ type: 'submit', request: 'One', routed: true }]);
    const back = flowReducer(first, { type: 'reset' });
    assert.deepEqual(back.stage, { kind: 'compose', draft: 'One' });
    assert.equal(flowReducer(back, planned(first.attempt)), back);
    assert.equal(flowReducer(back, { type: 'planFailed', attempt: first.attempt, request: 'One', message: 'late' }), back);
    const second = flowReducer(back, { type: 'submit', request: 'Two', routed: true });
    assert.equal(flowReducer(second, planned(first.attempt)), second);
    assert.equal(flowReducer(second, planned(second.attempt)).stage.kind, 'review');
  });

  it('keeps a self-approving proposal in planning until the run starts', () => {
    const state = reduce([{ type: 'submit', request: 'Add a flag', routed: true }]);
    const next = flowReducer(state, planned(state.attempt, true));
    assert.equal(next.stage.kind, 'planning');
    assert.ok(next.proposal);
    const approved = flowReducer(next, { type: 'approve' });
    assert.equal(approved.proposal, undefined);
    assert.equal(flowReducer(approved, { type: 'approve' }), approved);
  });

  it('keeps the draft only while composing, with its context unless a new one is given', () => {
    const withContext = reduce([
      { type: 'draft', draft: 'a', context: 'Selection from x.ts:1-2' },
      { type: 'draft', draft: 'ab' },
    ]);
    assert.deepEqual(withContext.stage, { kind: 'compose', draft: 'ab', context: 'Selection from x.ts:1-2' });
    const planning = flowReducer(withContext, { type: 'submit', request: 'ab', routed: false });
    assert.equal(flowReducer(planning, { type: 'draft', draft: 'zzz' }), planning);
  });

  it('folds run events into the live run, ignoring stale and foreign ones', () => {
    const { stamper, state: run } = runningRun('run-1');
    const started = reduce([{ type: 'runStarted', run }]);
    assert.deepEqual(started.stage, { kind: 'run', runId: 'run-1' });
    assert.equal(isRunning(started), true);
    const queued = stamper.stamp({ kind: 'agent.queued', taskId: 'a' });
    const next = flowReducer(started, { type: 'runEvents', events: [queued] });
    assert.equal(next.live?.agents.a?.status, 'queued');
    assert.equal(flowReducer(next, { type: 'runEvents', events: [queued] }), next, 'a repeated event changes nothing');
    const foreign = new EventStamper('run-9', () => 1, 10).stamp({ kind: 'agent.queued', taskId: 'a' });
    assert.equal(flowReducer(next, { type: 'runEvents', events: [foreign] }), next);
    const ended = flowReducer(next, { type: 'runEnded', run: reduceRunEvents([stamper.stamp({ kind: 'run.finished', outcome: 'cancelled' })], next.live) });
    assert.equal(isRunning(ended), false);
    assert.equal(flowReducer(ended, { type: 'runEnded', run: initialRunState('run-9') }), ended);
  });

  it('shows a past run; a run still going stays the one shown, an ended one gives way', () => {
    const { state: run } = runningRun('run-1');
    const live = reduce([{ type: 'runStarted', run }]);
    const past = { ...initialRunState('run-0'), status: 'done' as const };
    const whileRunning = flowReducer(live, { type: 'showRun', run: past });
    assert.equal(shownRun(whileRunning)?.runId, 'run-1');
    const ended = flowReducer(live, { type: 'runEnded', run: { ...run, status: 'done' } });
    const shown = flowReducer(ended, { type: 'showRun', run: past });
    assert.equal(shown.live, undefined);
    assert.equal(shownRun(shown)?.runId, 'run-0');
    assert.deepEqual(shown.stage, { kind: 'run', runId: 'run-0' });
  });

  it('shows errors with their next step', () => {
    const refused = reduce([{ type: 'refused', request: 'x', message: 'Open a folder first: agents work on the files of a workspace.', action: 'openFolder' }]);
    assert.deepEqual(refused.stage, {
      kind: 'error',
      request: 'x',
      message: 'Open a folder first: agents work on the files of a workspace.',
      action: 'openFolder',
    });
    const failed = reduce([{ type: 'runFailed', request: 'y', message: 'Broken.' }]);
    assert.deepEqual(failed.stage, { kind: 'error', request: 'y', message: 'Broken.' });
    assert.deepEqual(flowReducer(failed, { type: 'reset' }).stage, { kind: 'compose', draft: 'y' });
  });
});
