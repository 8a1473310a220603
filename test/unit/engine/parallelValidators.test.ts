/**
 * Validators are read-only: once the writers have ended they run side by side under the cap, each
 * seeing the combined staged result. Four reviewers whose turns take 300 ms each finish in about the
 * time of one, and each reports its findings.
 */
import * as assert from 'node:assert/strict';
import { reply, toolUse, type Turn } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const slow = (turn: Turn, ms: number) => () => new Promise<Turn>((resolve) => setTimeout(() => resolve(turn), ms));
const ROLES = ['security', 'performance', 'api', 'tests'];

describe('engine: validators run in parallel', function () {
  this.timeout(20_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('starts every validator once the writers ended, before any of them finishes, and all see the staged result', async () => {
    h = await createHarness([
      routeFor('impl', [reply([toolUse('write_file', { path: 'src/a.ts', content: 'export const a = 1;\n' })]), reply([toolUse('finish', { summary: 'a' })])]),
      ...ROLES.map((role) =>
        routeFor(role, [
          slow(reply([toolUse('read_file', { path: 'src/a.ts' })]), 300),
          reply([toolUse('report_finding', { severity: 'warning', message: `${role} note`, path: 'src/a.ts', line: 1 })]),
          reply([toolUse('finish', { summary: `${role} reviewed` })]),
        ]),
      ),
    ]);
    const plan = makePlan([implement('impl', { owns: ['src/a.ts'] }), ...ROLES.map((role) => implement(role, { phase: 'validate', owns: [] }))]);
    const { handle, events } = h.start(plan, { maxConcurrency: 8 });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    const seq = (kind: string, taskId: string) => events.find((e) => e.kind === kind && 'taskId' in e && e.taskId === taskId)?.seq ?? -1;
    const implEnd = seq('agent.finished', 'impl');
    const lastStart = Math.max(...ROLES.map((r) => seq('agent.started', r)));
    const firstEnd = Math.min(...ROLES.map((r) => seq('agent.finished', r)));
    assert.ok(
      ROLES.every((r) => seq('agent.started', r) > implEnd),
      'validators start after the writer',
    );
    assert.ok(lastStart < firstEnd, 'every validator started before any finished');
    // Each read the staged file (the combined result), and each reported.
    assert.equal(events.filter((e) => e.kind === 'agent.toolResult' && e.tool === 'read_file' && e.ok).length, ROLES.length);
    assert.deepEqual(state.findings.map((f) => f.taskId).sort(), [...ROLES].sort());
  });
});
