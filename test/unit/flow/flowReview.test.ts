/** The Distribute Feature flow (no VS Code) in the plan review: approving, refusing, editing the plan, and its notes. */
import * as assert from 'node:assert/strict';
import { implement, makePlan } from '../engine/harness';
import { type FlowHarness, proposalFor, testSettings, tick } from './flowHarness';
import { useFlowHarness } from './useFlowHarness';

describe('Distribute Feature flow (no VS Code)', () => {
  let h: FlowHarness;
  useFlowHarness((harness) => {
    h = harness;
  });

  it('approves a proposal that approves itself without showing the review', async () => {
    h.settings = testSettings({ autoApprove: true });
    await h.plan();
    assert.deepEqual(h.flow.stage, { kind: 'run', runId: 'run-1' });
    assert.ok(!h.stages.includes('review'));
  });

  it('refuses to run a plan with errors or an unconfirmed estimate, and a run while one is going', async () => {
    const error = { severity: 'error' as const, code: 'x', message: 'Broken.', tasks: [], paths: [] };
    await h.plan(proposalFor(h.root, undefined, { findings: [error] }));
    void h.flow.approve(true);
    await h.plan(proposalFor(h.root, undefined, { needsApproval: true }));
    void h.flow.approve(false);
    assert.deepEqual(
      h.notices.map((n) => [n.level, n.message]),
      [
        ['error', 'Fanout: the plan still has errors. Fix them (or apply the suggested fixes) before running it.'],
        ['warning', 'Fanout: the cost estimate is above the budget or unknown. Confirm it in the plan review to run anyway.'],
      ],
    );
    assert.equal(h.engine.runs.length, 0);
    void h.flow.approve(true);
    assert.equal(h.engine.runs.length, 1);
    await h.flow.submit('Another', undefined, undefined);
    assert.deepEqual(h.flow.stage, {
      kind: 'error',
      request: 'Another',
      message: 'A run is still going. Cancel it or wait for it to finish before starting another.',
    });
  });

  it('shows the engine refusing the plan as an error, and closes the access', async () => {
    await h.plan();
    h.engine.refuse = new Error('disk full');
    void h.flow.approve(false);
    assert.equal(h.flow.stage.kind, 'error');
    assert.match(h.flow.stage.kind === 'error' ? h.flow.stage.message : '', /^Unexpected error: disk full\./);
    await tick();
    assert.equal(h.accessClosed, 1);
  });

  it('edits the plan under review and re-lints it; a refused edit is a warning', async () => {
    await h.plan(proposalFor(h.root, makePlan([implement('a'), implement('b')])));
    h.flow.edit([{ kind: 'removeTask', taskId: 'b' }]);
    assert.deepEqual(h.flow.stage.kind === 'review' && h.flow.stage.review.plan.tasks.map((t) => t.id), ['a']);
    h.flow.edit([{ kind: 'removeTask', taskId: 'nope' }]);
    assert.equal(h.notices[0]?.level, 'warning');
    assert.match(h.notices[0]?.message ?? '', /^Fanout: /);
  });

  it("keeps planning's notes on Claude Code subagents across an edit while their tasks are in the plan", async () => {
    const note = { severity: 'warning' as const, code: 'claude-agent-tools', message: 'Bash cannot be honoured.', tasks: ['a'], paths: [] };
    const other = { ...note, code: 'claude-agent-model', tasks: ['b'] };
    await h.plan(proposalFor(h.root, makePlan([implement('a'), implement('b'), implement('c')]), { findings: [note, other] }));
    h.flow.edit([{ kind: 'removeTask', taskId: 'c' }]);
    const codes = () => (h.flow.stage.kind === 'review' ? h.flow.stage.review.findings.map((f) => `${f.code} ${(f.tasks ?? []).join(',')}`) : []);
    assert.deepEqual(
      codes().filter((c) => c.startsWith('claude-agent-')),
      ['claude-agent-tools a', 'claude-agent-model b'],
    );
    h.flow.edit([{ kind: 'removeTask', taskId: 'b' }]);
    assert.deepEqual(
      codes().filter((c) => c.startsWith('claude-agent-')),
      ['claude-agent-tools a'],
      "a removed task's note goes with it",
    );
  });

  it('demo runs need no approval of their unknown cost; model warnings are logged and the first shown', async () => {
    h.demo = true;
    await h.plan(proposalFor(h.root, undefined, { needsApproval: true, warnings: ['Unknown model x.', 'Unknown model y.'] }));
    assert.equal(h.flow.stage.kind === 'review' && h.flow.stage.review.needsApproval, false);
    assert.deepEqual(h.notices, [{ level: 'warning', message: 'Fanout: Unknown model x. (1 more in the Fanout log)', actions: [] }]);
    assert.ok(h.logs.includes('warn Unknown model y.'));
  });
});
