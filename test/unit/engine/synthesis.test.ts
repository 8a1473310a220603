/**
 * A read-only fan-out's synthesis: reviewers run side by side, then one structured call merges their
 * findings and summaries (not their transcripts) into ranked findings and a Markdown report. Its cost
 * counts in the run's metrics; a garbage answer ends in `synthesis.failed` without failing the run.
 */
import * as assert from 'node:assert/strict';
import { systemText } from '../../../src/fakeApi/requestText';
import { reply, toolUse, type Route } from '../../fake/messagesServer';
import { SYNTHESIS_MARKER } from '../../../src/core/run/synthesis';
import { computeMetrics } from '../../../src/core/run/metrics';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const synthesisRoute = (answer: string): Route => ({ name: 'synthesis', match: (r) => systemText(r).startsWith(SYNTHESIS_MARKER), turns: [reply([answer])] });

const reviewer = (id: string, message: string) =>
  routeFor(id, [
    reply([toolUse('report_finding', { severity: 'error', message, path: 'src/a.ts', line: 1 })]),
    reply([toolUse('finish', { summary: `${id} looked at src/a.ts` })]),
  ]);

describe('engine: the synthesis of a read-only fan-out', function () {
  this.timeout(20_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('merges the reviewers’ findings into ranked findings and a report, from their summaries and findings only', async () => {
    const answer = JSON.stringify({
      report: '# Review\n\nOne error: src/a.ts:1 trusts its input.',
      findings: [
        { severity: 'error', message: 'src/a.ts trusts unvalidated input', path: 'src/a.ts', line: 1, from: ['security', 'qa', 'ghost'] },
        { severity: 'info', message: 'naming is fine', from: ['qa'] },
      ],
    });
    const harness = await createHarness([reviewer('security', 'input is not validated'), reviewer('qa', 'no check of the input'), synthesisRoute(answer)]);
    h = harness;
    h.write('src/a.ts', 'export const a = (x: string) => x;\n');
    const plan = makePlan([implement('security', { phase: 'validate', owns: [] }), implement('qa', { phase: 'validate', owns: [] })]);
    const { handle, events } = h.start(plan, { synthesis: { model: 'claude-test', subject: 'Review of the working tree against HEAD' } });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    assert.equal(state.synthesis?.status, 'done');
    assert.match(state.synthesis?.report ?? '', /^# Review/);
    assert.deepEqual(state.synthesis?.findings?.[0]?.from, ['security', 'qa'], 'unknown task ids are dropped');
    const kinds = events.map((e) => e.kind);
    assert.ok(kinds.indexOf('synthesis.started') > kinds.lastIndexOf('agent.finished'), 'after every agent');
    assert.ok(kinds.indexOf('synthesis.finished') < kinds.indexOf('run.finished'));
    // What it was told: the subject, each agent's summary and findings, nothing of their conversations.
    const request = harness.api.requests.find((r) => r.route === 'synthesis');
    const asked = JSON.stringify(request?.body?.messages);
    assert.match(asked, /Review of the working tree against HEAD/);
    assert.match(asked, /security looked at src\/a\.ts/);
    assert.match(asked, /F1 \[error\] src\/a\.ts:1: input is not validated/);
    assert.doesNotMatch(asked, /report_finding/, 'no transcript');
    // Its tokens are the run's.
    const agentsOnly = state.agentOrder.reduce((n, id) => n + (state.agents[id]?.usage.input ?? 0), 0);
    assert.ok(computeMetrics(state).tokens.input > agentsOnly);
  });

  it('says the synthesis failed, and why, when the answer is not the object asked for; the run still ends done', async () => {
    h = await createHarness([reviewer('security', 'x'), synthesisRoute('not json at all')]);
    h.write('src/a.ts', 'export const a = 1;\n');
    const plan = makePlan([implement('security', { phase: 'validate', owns: [] })]);
    const { handle } = h.start(plan, { synthesis: { model: 'claude-test' } });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    assert.equal(state.synthesis?.status, 'failed');
    assert.match(state.synthesis?.message ?? '', /synthesis/i);
  });
});
