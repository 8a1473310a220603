import * as assert from 'node:assert/strict';
import { axisTicks, timelineRows } from '../../../webview/run/timelineModel';
import { agent, T0 } from './agents';

describe('webview timeline: bar geometry', () => {
  const runEnd = T0 + 10_000;

  it('places a finished agent: lighter queued span, then its active span, in percent of the run', () => {
    const [row] = timelineRows([agent({ status: 'done', queuedAt: T0 + 400, startedAt: T0 + 1_000, endedAt: T0 + 5_000, activeMs: 4_000 })], T0, runEnd);
    assert.deepEqual(row.queued, { left: 4, width: 6 });
    assert.deepEqual(row.active, { left: 10, width: 40 });
    assert.equal(row.ended, true);
    assert.equal(row.label, 'types: 1.0s–5.0s, done');
  });

  it('runs a live agent to the right edge of the scale', () => {
    const [row] = timelineRows([agent({ status: 'running', startedAt: T0 + 5_000 })], T0, runEnd);
    assert.deepEqual(row.active, { left: 50, width: 50 });
    assert.equal(row.ended, false);
    assert.equal(row.label, 'types: 5.0s–10.0s, running');
  });

  it('draws a waiting agent as a queued span only', () => {
    const [row] = timelineRows([agent({ taskId: 'integration', queuedAt: T0 + 2_000 })], T0, runEnd);
    assert.deepEqual(row.queued, { left: 20, width: 80 });
    assert.equal(row.active, undefined);
    assert.equal(row.label, 'integration: waiting since 2.0s, queued');
  });

  it('drops the stale start of an agent queued again by a manual retry', () => {
    const [row] = timelineRows([agent({ status: 'queued', startedAt: T0 + 1_000, queuedAt: T0 + 6_000, retries: 2 })], T0, runEnd);
    assert.equal(row.active, undefined);
    assert.deepEqual(row.queued, { left: 60, width: 40 });
    assert.equal(row.label, 'types: waiting since 6.0s, queued, 2 retries');
  });

  it('clamps to the scale and rounds to hundredths', () => {
    const [row] = timelineRows([agent({ status: 'running', queuedAt: T0 - 500, startedAt: T0 + 1 / 3 })], T0, T0 + 3);
    assert.deepEqual(row.queued, { left: 0, width: 11.11 });
    assert.deepEqual(row.active, { left: 11.11, width: 88.89 });
    const [early] = timelineRows([agent({ status: 'done', queuedAt: T0 - 5_000, startedAt: T0 - 1_000, endedAt: T0 + 2_000 })], T0, runEnd);
    assert.deepEqual(early.queued, { left: 0, width: 0 });
    assert.deepEqual(early.active, { left: 0, width: 20 });
  });

  it('keeps the agents in the order given', () => {
    const rows = timelineRows([agent({ taskId: 'b' }), agent({ taskId: 'a' })], T0, runEnd);
    assert.deepEqual(
      rows.map((r) => r.taskId),
      ['b', 'a'],
    );
  });
});

describe('webview timeline: axis', () => {
  it('picks a round step with at most four intervals', () => {
    assert.deepEqual(
      axisTicks(52_000).map((t) => t.label),
      ['0s', '15s', '30s', '45s'],
    );
    assert.deepEqual(
      axisTicks(52_000).map((t) => t.left),
      [0, 28.85, 57.69, 86.54],
    );
    assert.deepEqual(
      axisTicks(3_000).map((t) => t.label),
      ['0s', '1s', '2s', '3s'],
    );
    assert.deepEqual(
      axisTicks(400_000).map((t) => t.label),
      ['0s', '2m', '4m', '6m'],
    );
  });
});
