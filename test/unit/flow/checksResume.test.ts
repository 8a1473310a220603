/** Checks when the Distribute Feature flow (no VS Code) resumes a run: it asks the same for the list its log planned. */
import * as assert from 'node:assert/strict';
import { RUN_WITHOUT_CHECKS } from '../../../src/host/checks/approvalPrompt';
import { DEFAULT_CHECK_SETTINGS } from '../../../src/host/checks/checkSettings';
import { TEST } from './checksFixtures';
import { type FlowHarness, foundChecks, testSettings } from './flowHarness';
import { interruptedRun } from './interruptedRun';
import { useFlowHarness } from './useFlowHarness';

describe('Distribute Feature flow: checks', () => {
  let h: FlowHarness;
  useFlowHarness((harness) => {
    h = harness;
  });

  describe('resume', () => {
    /** A run another window started with `checks` (or without), then left cut mid-run. */
    function interruptedRunWith(checks: readonly string[] | undefined): Promise<string> {
      const planned = checks
        ? { checks: { checks: foundChecks(...checks).checks, fixRounds: 2, timeoutMs: 60_000, maxOutputBytes: 1024, concurrency: 1 } }
        : { checksSkipped: { reason: 'not-approved' as const, message: 'Declined before.' } };
      return interruptedRun(h, (run) => run.finishAgent('a'), planned);
    }

    it('goes on with the checks its log planned when that list is approved, under the current settings', async () => {
      const runId = await interruptedRunWith([TEST]);
      await h.approval.approve([TEST]);
      h.settings = testSettings({ checks: { ...DEFAULT_CHECK_SETTINGS, fixRounds: 4 } });
      await h.flow.resume(runId);
      assert.deepEqual(h.modals, []);
      const options = h.resumer.last.options;
      assert.deepEqual(
        options.checks?.checks.map((c) => c.command),
        [TEST],
      );
      assert.equal(options.checks?.fixRounds, 4);
    });

    it('asks for a list not approved; dismissed, nothing resumes and no access opens', async () => {
      const runId = await interruptedRunWith([TEST]);
      await h.flow.resume(runId);
      assert.equal(h.modals.length, 1);
      assert.equal(h.resumer.runs.length, 0);
      assert.equal(h.accessOpened, 0);
      h.modalAnswer = RUN_WITHOUT_CHECKS;
      await h.flow.resume(runId);
      assert.equal(h.resumer.last.options.checksSkipped?.reason, 'not-approved');
      assert.equal(h.resumer.last.options.checks, undefined);
    });

    it('keeps a run that had no checks without them, saying why it had none', async () => {
      const runId = await interruptedRunWith(undefined);
      await h.flow.resume(runId);
      assert.deepEqual(h.modals, []);
      assert.deepEqual(h.resumer.last.options.checksSkipped, { reason: 'not-approved', message: 'Declined before.' });
    });
  });
});
