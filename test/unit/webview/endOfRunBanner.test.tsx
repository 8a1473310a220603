/* @jsxRuntime automatic */
/** The banner over an ended run: its first button is the next step, and each button posts its message. */
import * as assert from 'node:assert/strict';
import type { RunEventBody } from '../../../src/core/run/events';
import type { Plan } from '../../../src/core/plan/plan';
import { reduceRunEvents, type RunState } from '../../../src/core/run/runState';
import { RunStage } from '../../../webview/RunStage';
import { endOfRun } from '../../../webview/run/endOfRunModel';
import { render, text } from './dom';
import { openPage } from './page';
import { recorder } from './stageFixtures';

const T0 = 1_700_000_000_000;

function ended(plan: Plan, bodies: readonly RunEventBody[], outcome: 'done' | 'failed' = 'done'): RunState {
  const all: RunEventBody[] = [
    { kind: 'run.started', plan, workspaceName: 'acme', maxConcurrency: 4, demo: false },
    ...bodies,
    { kind: 'run.finished', outcome },
  ];
  return reduceRunEvents(all.map((body, i) => ({ ...body, runId: 'run-7', seq: i + 1, at: T0 + i * 100 })));
}

const feature: Plan = {
  id: 'p',
  request: 'Add due dates',
  route: 'complex',
  lint: [],
  tasks: [
    { id: 'store', title: 'Store', role: 'Store', phase: 'implement', instructions: 'i', owns: ['src/a.ts', 'src/b.ts', 'src/c.ts'], reads: [], dependsOn: [] },
  ],
};
const review: Plan = {
  id: 'r',
  request: 'Review of the branch',
  route: 'complex',
  pattern: 'review-roles',
  lint: [],
  tasks: [{ id: 'security', title: 'Security', role: 'Security', phase: 'validate', instructions: 'i', owns: [], reads: [], dependsOn: [] }],
};

const stage = (path: string): RunEventBody => ({
  kind: 'file.staged',
  taskId: 'store',
  path,
  change: 'create',
  baseHash: null,
  proposedHash: `h-${path}`,
  bytes: 10,
});

const withChanges = ended(feature, [
  stage('src/a.ts'),
  stage('src/b.ts'),
  stage('src/c.ts'),
  { kind: 'review.applied', taskId: 'store', path: 'src/c.ts', merged: false },
]);
const withReport = ended(review, [
  { kind: 'finding.reported', taskId: 'security', severity: 'error', message: 'Secrets in logs.' },
  { kind: 'finding.reported', taskId: 'security', severity: 'warning', message: 'No rate limit.' },
  { kind: 'finding.reported', taskId: 'security', severity: 'warning', message: 'No rate limit either.' },
  { kind: 'synthesis.started', model: 'claude-sonnet-5-5' },
  {
    kind: 'synthesis.finished',
    model: 'claude-sonnet-5-5',
    report: '# Review\n',
    findings: [
      { severity: 'error', message: 'Secrets in logs.', from: ['security'] },
      { severity: 'warning', message: 'No rate limit.', from: ['security'] },
    ],
    usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0 },
    costUsd: 0.01,
  },
]);

async function clickAll(run: RunState): Promise<{ labels: string[]; posted: unknown[]; primary: string | undefined }> {
  const page = await openPage();
  try {
    const { posted, post } = recorder();
    const root = await page.render(<RunStage run={run} post={post} initialNow={T0 + 10_000} />);
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('.run-end button')];
    for (const b of buttons) await page.act(() => b.click());
    const primary = buttons.find((b) => !b.classList.contains('secondary'))?.textContent ?? undefined;
    return { labels: buttons.map((b) => b.textContent ?? ''), posted, primary };
  } finally {
    await page.close();
  }
}

describe('webview: the end-of-run banner', () => {
  it('leads with "Review N changes" (the Source Control view) while files wait, then New request', async () => {
    const { labels, posted, primary } = await clickAll(withChanges);
    assert.deepEqual(labels, ['Review 2 changes', 'New request']);
    assert.equal(primary, 'Review 2 changes');
    assert.deepEqual(posted, [{ type: 'openSourceControl' }, { type: 'newRequest' }]);
    assert.equal(
      text(render(<RunStage run={withChanges} post={() => undefined} initialNow={T0} />), '.run-end-line'),
      '2 files wait for your review in Source Control.',
    );
  });

  it('leads with "Open report" for a run with a synthesis, and names its findings as the report counts them', async () => {
    const { labels, posted, primary } = await clickAll(withReport);
    assert.deepEqual(labels, ['Open report', 'New request']);
    assert.equal(primary, 'Open report');
    assert.deepEqual(posted, [{ type: 'openReport', runId: 'run-7' }, { type: 'newRequest' }]);
    assert.deepEqual(endOfRun(withReport).lines, ['Review report ready: 2 findings (1 error).']);
  });

  it('counts the agents’ own findings when the synthesis failed, and says so', () => {
    const failed = ended(review, [
      { kind: 'finding.reported', taskId: 'security', severity: 'warning', message: 'No rate limit.' },
      { kind: 'synthesis.failed', message: 'overloaded' },
    ]);
    const outcome = endOfRun(failed);
    assert.equal(outcome.report, true);
    assert.deepEqual(outcome.lines, ['Review report: 1 finding, as the agents reported them (the synthesis failed).']);
  });

  it('offers only New request when nothing waits, and says why', async () => {
    const reviewed = ended(feature, [stage('src/a.ts'), { kind: 'review.discarded', taskId: 'store', path: 'src/a.ts' }], 'failed');
    const { labels, posted, primary } = await clickAll(reviewed);
    assert.deepEqual(labels, ['New request']);
    assert.equal(primary, 'New request');
    assert.deepEqual(posted, [{ type: 'newRequest' }]);
    assert.deepEqual(endOfRun(reviewed).lines, ['Its staged file is reviewed.']);
    assert.deepEqual(endOfRun(ended(feature, [])).lines, ['No files were staged.']);
  });

  it('shows no banner while the run is live', () => {
    const live = reduceRunEvents([
      { kind: 'run.started', plan: feature, workspaceName: 'acme', maxConcurrency: 4, demo: false, runId: 'run-7', seq: 1, at: T0 },
    ]);
    assert.equal(render(<RunStage run={live} post={() => undefined} initialNow={T0} />).querySelector('.run-end'), null);
  });
});
