import * as assert from 'node:assert/strict';
import { elapsedMs, statusDetail, statusText, tailLines } from '../../../webview/run/labels';
import { ownerColor } from '../../../webview/run/palette';
import { agent, T0 } from './agents';

describe('webview run labels', () => {
  it('counts a retry down to retry.until on the view clock', () => {
    const a = agent({ status: 'retrying', retry: { cause: 'rate-limited', until: T0 + 10_000, attempt: 2, message: '429' } });
    assert.equal(statusText(a, T0 + 3_100), 'Retrying in 7s');
    assert.equal(statusText(a, T0 + 11_000), 'Retrying in 0s');
    assert.equal(statusDetail(a), 'Rate limited · retry 2');
  });

  it('explains why an agent waits, is blocked, failed or was cancelled', () => {
    assert.equal(statusDetail(agent({ dependsOn: ['component', 'hooks'] })), 'After component, hooks');
    assert.equal(statusDetail(agent()), undefined);
    assert.equal(statusDetail(agent({ status: 'blocked', reason: 'dependency' })), 'A dependency did not finish');
    assert.equal(statusDetail(agent({ status: 'failed', reason: 'budget-turns' })), 'Turn budget reached');
    assert.equal(statusDetail(agent({ status: 'failed', reason: 'error', message: '500 api_error' })), '500 api_error');
    assert.equal(statusDetail(agent({ status: 'cancelled', reason: 'cancelled' })), undefined);
    assert.equal(statusDetail(agent({ status: 'cancelled', reason: 'run-budget' })), 'Run budget reached');
  });

  it('adds the current attempt to the summed active time only while the agent is live', () => {
    assert.equal(elapsedMs(agent({ status: 'running', startedAt: T0 + 1_000, activeMs: 5_000 }), T0 + 4_000), 8_000);
    assert.equal(elapsedMs(agent({ status: 'retrying', startedAt: T0 + 1_000 }), T0 + 4_000), 3_000);
    assert.equal(elapsedMs(agent({ status: 'done', startedAt: T0 + 1_000, endedAt: T0 + 2_000, activeMs: 1_000 }), T0 + 60_000), 1_000);
    assert.equal(elapsedMs(agent(), T0 + 60_000), 0);
  });

  it('keeps the last non-empty lines of the text tail, cut from their start', () => {
    assert.deepEqual(tailLines('one\n\ntwo\r\nthree\nfour\n'), ['two', 'three', 'four']);
    assert.deepEqual(tailLines('only', 2), ['only']);
    assert.deepEqual(tailLines(`${'x'.repeat(10)}end`, 3, 5), ['…xend']);
    assert.deepEqual(tailLines(''), []);
  });
});

describe('webview owner palette', () => {
  it('gives each task a stable chart colour, changing swatch shape when the colours repeat', () => {
    assert.deepEqual(ownerColor(0), { color: 'var(--vscode-charts-blue, #3794ff)', shape: 'solid' });
    assert.deepEqual(ownerColor(6), { color: 'var(--vscode-charts-blue, #3794ff)', shape: 'ring' });
    assert.equal(ownerColor(13).shape, 'split');
    assert.equal(ownerColor(19).shape, 'solid');
    const firstSix = new Set([0, 1, 2, 3, 4, 5].map((i) => ownerColor(i).color));
    assert.equal(firstSix.size, 6);
  });
});
