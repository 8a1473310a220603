/**
 * Approving checks in the Distribute Feature flow (no VS Code): an approved list runs without asking, a new
 * or edited list asks once (modal), declining runs without checks and the log says why, dismissing starts
 * nothing, an untrusted workspace gets no command, and auto-approve never approves checks.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { readRunLog, RUN_LOG_FILE } from '../../../src/core/store/runLog';
import { RUN_CHECKS, RUN_WITHOUT_CHECKS } from '../../../src/host/checks/approvalPrompt';
import { APPROVED_CHECKS_KEY, checksHash } from '../../../src/host/checks/checkApproval';
import { DEFAULT_CHECK_SETTINGS } from '../../../src/host/checks/checkSettings';
import { reviewChecks, TEST, TYPECHECK } from './checksFixtures';
import { type FlowHarness, foundChecks, testSettings, tick } from './flowHarness';
import { useFlowHarness } from './useFlowHarness';

function checksEvents(h: FlowHarness, runId: string) {
  return readRunLog(join(h.runsDir, runId, RUN_LOG_FILE)).events.filter((e) => e.kind === 'checks.planned' || e.kind === 'checks.skipped');
}

describe('Distribute Feature flow: checks', () => {
  let h: FlowHarness;
  useFlowHarness((harness) => {
    h = harness;
  });

  it('runs an approved list without asking, with the settings of the check phase', async () => {
    await h.approval.approve([TYPECHECK, TEST]);
    h.found = foundChecks(TYPECHECK, TEST);
    h.settings = testSettings({ checks: { ...DEFAULT_CHECK_SETTINGS, fixRounds: 1, timeoutMs: 30_000, concurrency: 2 } });
    await h.plan();
    assert.equal(reviewChecks(h)?.approved, true);
    void h.flow.approve(false);
    assert.deepEqual(h.modals, [], 'nothing asked');
    const options = h.engine.last.options;
    assert.deepEqual(
      options.checks?.checks.map((c) => c.command),
      [TYPECHECK, TEST],
    );
    assert.equal(options.checks?.fixRounds, 1);
    assert.equal(options.checks?.timeoutMs, 30_000);
    assert.equal(options.checks?.concurrency, 2);
    assert.equal(options.checks?.maxOutputBytes, 4 * 1024 * 1024);
    assert.equal(options.checksSkipped, undefined);
    await h.engine.last.end();
    assert.deepEqual(
      checksEvents(h, 'run-1').map((e) => e.kind),
      ['checks.planned'],
    );
  });

  it('asks once for a new list; "Run these checks" approves it for the workspace and runs them', async () => {
    h.found = foundChecks(TYPECHECK, TEST);
    await h.plan();
    h.modalAnswer = RUN_CHECKS;
    await h.flow.approve(false);
    assert.equal(h.modals.length, 1);
    const modal = h.modals[0];
    assert.deepEqual(modal?.actions, [RUN_CHECKS, RUN_WITHOUT_CHECKS]);
    assert.match(modal?.detail ?? '', /typecheck: npm run typecheck\ntest: npm test\n/);
    assert.match(modal?.detail ?? '', /in a copy of this workspace outside it/);
    assert.match(modal?.detail ?? '', /secrets removed from their environment/);
    assert.deepEqual(
      h.engine.last.options.checks?.checks.map((c) => c.id),
      ['typecheck', 'test'],
    );
    assert.deepEqual(h.memento.get(APPROVED_CHECKS_KEY), [checksHash([TYPECHECK, TEST])], 'only the hash is stored');
    assert.equal(h.approval.isApproved([TYPECHECK, TEST]), true);

    // The same list in the next plan: approved, nothing asked.
    await h.engine.last.end();
    await tick();
    await h.plan();
    assert.equal(reviewChecks(h)?.approved, true);
    await h.flow.approve(false);
    assert.equal(h.modals.length, 1);
    assert.equal(h.engine.runs.length, 2);
    assert.ok(h.engine.last.options.checks);
  });

  it('"Run without checks" starts the run with checksSkipped not-approved, and its log says why', async () => {
    h.found = foundChecks(TEST);
    await h.plan();
    h.modalAnswer = RUN_WITHOUT_CHECKS;
    await h.flow.approve(false);
    const options = h.engine.last.options;
    assert.equal(options.checks, undefined, 'no command is passed');
    assert.equal(options.checksSkipped?.reason, 'not-approved');
    assert.match(options.checksSkipped?.message ?? '', /run without checks/);
    assert.equal(h.approval.isApproved([TEST]), false, 'nothing approved');
    assert.equal(h.flow.run?.checks?.skipped?.reason, 'not-approved', 'the view shows why');
    await h.engine.last.end();
    const events = checksEvents(h, 'run-1');
    assert.equal(events.length, 1);
    assert.equal(events[0]?.kind === 'checks.skipped' && events[0].reason, 'not-approved');
  });

  it('starts nothing when the question is dismissed (Escape); the review stays', async () => {
    h.found = foundChecks(TEST);
    await h.plan();
    h.modalAnswer = undefined;
    await h.flow.approve(false);
    assert.equal(h.modals.length, 1);
    assert.equal(h.engine.runs.length, 0);
    assert.equal(h.flow.stage.kind, 'review');
    assert.equal(h.approval.isApproved([TEST]), false);
    // Approving again asks again, and can then start.
    h.modalAnswer = RUN_CHECKS;
    await h.flow.approve(false);
    assert.equal(h.modals.length, 2);
    assert.equal(h.engine.runs.length, 1);
  });

  it('asks again for an edited list; an edit back to the detected list takes its source again', async () => {
    await h.approval.approve([TYPECHECK, TEST]);
    h.found = foundChecks(TYPECHECK, TEST);
    await h.plan();
    h.flow.editChecks([TEST, TYPECHECK]);
    let checks = reviewChecks(h);
    assert.deepEqual(
      checks?.list.map((c) => c.command),
      [TEST, TYPECHECK],
    );
    assert.equal(checks?.source, undefined, 'an edited list has no source');
    assert.equal(checks?.approved, false, 'another order is another list');
    assert.equal(checks?.list[0]?.source, 'manifest', 'a detected command keeps where it came from');

    h.flow.editChecks([TYPECHECK, '  npm run lint  ']);
    checks = reviewChecks(h);
    assert.deepEqual(
      checks?.list.map((c) => [c.id, c.command, c.origin]),
      [
        ['typecheck', TYPECHECK, 'package.json script 0'],
        ['lint', 'npm run lint', 'edited in the plan review'],
      ],
    );

    h.flow.editChecks([TYPECHECK, TEST]);
    checks = reviewChecks(h);
    assert.equal(checks?.source, 'manifest');
    assert.equal(checks?.approved, true);

    h.flow.editChecks([TYPECHECK, 'npm run lint']);
    h.modalAnswer = RUN_CHECKS;
    await h.flow.approve(false);
    assert.equal(h.modals.length, 1, 'the edited list asks');
    assert.deepEqual(
      h.engine.last.options.checks?.checks.map((c) => c.command),
      [TYPECHECK, 'npm run lint'],
    );
    assert.equal(h.approval.isApproved([TYPECHECK, 'npm run lint']), true);
    assert.equal(h.approval.isApproved([TYPECHECK, TEST]), true, 'the earlier approval stays');
  });

  it('passes no command when the workspace is not trusted, even for an approved list', async () => {
    await h.approval.approve([TEST]);
    h.found = foundChecks(TEST);
    await h.plan();
    h.trusted = false;
    await h.flow.approve(false);
    assert.deepEqual(h.modals, []);
    assert.equal(h.engine.last.options.checks, undefined);
    assert.deepEqual(h.engine.last.options.checksSkipped, { reason: 'untrusted', message: 'Restricted Mode: checks run only in a trusted workspace.' });
  });

  it('auto-approve never approves checks: it asks, and a dismissed question shows the review', async () => {
    h.settings = testSettings({ autoApprove: true });
    h.found = foundChecks(TEST);
    await h.plan();
    assert.equal(h.modals.length, 1);
    assert.equal(h.engine.runs.length, 0);
    assert.equal(h.flow.stage.kind, 'review');
    assert.equal(h.approval.isApproved([TEST]), false);
  });
});
