/**
 * The checks the plan review of the Distribute Feature flow (no VS Code) lists: the detected ones with their
 * source, and why there are none (demo mode, an emptied list, none found, checks disabled, a failed detection).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_CHECK_SETTINGS } from '../../../src/host/checks/checkSettings';
import { reviewChecks, TEST, TYPECHECK } from './checksFixtures';
import { type FlowHarness, foundChecks, testSettings } from './flowHarness';
import { useFlowHarness } from './useFlowHarness';

describe('Distribute Feature flow: checks', () => {
  let h: FlowHarness;
  useFlowHarness((harness) => {
    h = harness;
  });

  it('lists the detected checks in the plan review, with their source, not approved yet', async () => {
    h.found = { ...foundChecks(TYPECHECK, TEST), notes: ['.fanout/checks.json is not valid JSON; it was skipped.'] };
    h.settings = testSettings({ checks: { ...DEFAULT_CHECK_SETTINGS, commands: ['make lint'], fixRounds: 3 } });
    await h.plan();
    assert.deepEqual(h.detections, [{ root: h.root, setting: ['make lint'] }], 'detection gets the fanout.checks setting');
    const checks = reviewChecks(h);
    assert.deepEqual(
      checks?.list.map((c) => c.command),
      [TYPECHECK, TEST],
    );
    assert.equal(checks?.source, 'manifest');
    assert.equal(checks?.approved, false);
    assert.equal(checks?.fixRounds, 3);
    assert.equal(checks?.unavailable, undefined);
    assert.deepEqual(checks?.notes, ['.fanout/checks.json is not valid JSON; it was skipped.']);
    assert.ok(h.logs.includes('warn Checks: .fanout/checks.json is not valid JSON; it was skipped.'));
  });

  it('runs no checks in demo mode and says why, without asking', async () => {
    h.demo = true;
    h.found = foundChecks(TEST);
    await h.plan();
    const checks = reviewChecks(h);
    assert.match(checks?.unavailable ?? '', /^Demo mode runs no checks/);
    void h.flow.approve(false);
    assert.deepEqual(h.modals, [], 'nothing asked');
    assert.equal(h.engine.last.options.checks, undefined);
    assert.equal(h.engine.last.options.checksSkipped?.reason, 'disabled');
    assert.match(h.engine.last.options.checksSkipped?.message ?? '', /^Demo mode runs no checks/);
  });

  it('an emptied list runs without checks and without asking; the review says why', async () => {
    h.found = foundChecks(TEST);
    await h.plan();
    h.flow.editChecks([]);
    assert.equal(reviewChecks(h)?.unavailable, 'No checks for this run: the list was emptied in the plan review.');
    await h.flow.approve(false);
    assert.deepEqual(h.modals, []);
    assert.deepEqual(h.engine.last.options.checksSkipped, { reason: 'none', message: 'No checks for this run: the list was emptied in the plan review.' });
  });

  it('says when no checks were found, and runs without them', async () => {
    await h.plan();
    assert.equal(reviewChecks(h)?.unavailable, 'No checks found: add fanout.checks or .fanout/checks.json.');
    await h.flow.approve(false);
    assert.deepEqual(h.modals, []);
    assert.equal(h.engine.last.options.checksSkipped?.reason, 'none');
    assert.equal(h.engine.last.options.checks, undefined);
  });

  it('with fanout.checksEnabled off: no detection, the review says so, the run has no checks', async () => {
    h.found = foundChecks(TEST);
    h.settings = testSettings({ checks: { ...DEFAULT_CHECK_SETTINGS, enabled: false } });
    await h.plan();
    assert.deepEqual(h.detections, []);
    assert.match(reviewChecks(h)?.unavailable ?? '', /fanout\.checksEnabled is false/);
    await h.flow.approve(false);
    assert.deepEqual(h.modals, []);
    assert.equal(h.engine.last.options.checksSkipped?.reason, 'disabled');
  });

  it('a detection that fails leaves the review without checks, with a note', async () => {
    h.found = foundChecks(TEST);
    h.detectFails = new Error('EACCES: package.json');
    await h.plan();
    const checks = reviewChecks(h);
    assert.deepEqual(checks?.list, []);
    assert.match(checks?.notes.join('\n') ?? '', /The check commands could not be read: EACCES: package\.json/);
  });
});
