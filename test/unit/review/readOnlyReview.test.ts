/**
 * The parts of "Fanout: Distribute Review" that need no VS Code: the whole-workspace review (no git),
 * task ids that stay unique, the base branches offered, and the findings that reach the Problems panel
 * (paths from a model confined to the workspace).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REVIEW_ROLES } from '../../../src/core/planning/patterns/builtins';
import type { PatternRole } from '../../../src/core/planning/types';
import { listBaseCandidates } from '../../../src/core/review/gitChanges';
import { prepareReview } from '../../../src/core/review/prepareReview';
import { ReviewInputError } from '../../../src/core/review/reviewError';
import { reviewPlan, WHOLE_WORKSPACE_SUBJECT } from '../../../src/core/review/reviewPlan';
import { initialRunState } from '../../../src/core/run/runState';
import type { RunState } from '../../../src/core/run/runStateTypes';
import { readOnlyProblems, workspaceRelative } from '../../../src/host/readOnly/readOnlyProblems';

describe('Distribute Review without VS Code', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-ro-review-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'store.ts'), 'export const STORE_MARK = 1;\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reviews the whole workspace without git: validators only, told there is no diff, the repo map in the context', async () => {
    const run = await prepareReview({ workspaceRoot: dir, roles: REVIEW_ROLES.roles.slice(0, 3), wholeWorkspace: true, signal: new AbortController().signal });
    assert.equal(run.kind, 'review');
    assert.equal(run.subject, WHOLE_WORKSPACE_SUBJECT);
    assert.deepEqual(
      run.plan.tasks.map((t) => [t.id, t.phase, t.owns.length]),
      [
        ['architecture-performance', 'validate', 0],
        ['security', 'validate', 0],
        ['qa-edge-cases', 'validate', 0],
      ],
    );
    assert.match(run.plan.tasks[0]?.instructions ?? '', /there is no change to compare/);
    assert.match(run.sharedContext, /^# The code under review/);
    assert.match(run.sharedContext, /## Repository map[\s\S]*store\.ts/, 'the repository map lists the files');
    assert.doesNotMatch(run.sharedContext, /```diff/);
  });

  it('refuses a review with no role, and a change review outside git, before anything is paid for', async () => {
    const signal = new AbortController().signal;
    await assert.rejects(
      prepareReview({ workspaceRoot: dir, roles: [], wholeWorkspace: true, signal }),
      (e: unknown) => e instanceof ReviewInputError && /No review role/.test(e.message),
    );
    await assert.rejects(
      prepareReview({ workspaceRoot: dir, roles: REVIEW_ROLES.roles, signal }),
      (e: unknown) => e instanceof ReviewInputError && /not in a git work tree/.test(e.message),
    );
  });

  it('keeps task ids unique when two roles slug alike', () => {
    const role = (name: string): PatternRole => ({ role: name, phase: 'validate', description: 'd', readOnly: true });
    const plan = reviewPlan([role('Security'), role('security!'), role('SECURITY')], 'Review of x');
    assert.deepEqual(
      plan.tasks.map((t) => t.id),
      ['security', 'security-2', 'security-3'],
    );
  });

  it('offers the branches besides the current one as bases', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    git('config', 'commit.gpgsign', 'false');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    git('branch', 'release');
    git('checkout', '-q', '-b', 'feature');
    const found = await listBaseCandidates(dir, new AbortController().signal);
    assert.equal(found.current, 'feature');
    assert.deepEqual([...found.branches].sort(), ['main', 'release']);
  });

  it('confines finding paths from a model to the workspace', () => {
    assert.equal(workspaceRelative('src/a.ts'), 'src/a.ts');
    assert.equal(workspaceRelative('./src//a.ts'), 'src/a.ts');
    assert.equal(workspaceRelative('src\\a.ts'), 'src/a.ts');
    for (const bad of ['/etc/passwd', '../outside.ts', 'src/../../x', 'C:/Windows/x', 'c:\\x', '', 'a\0b', 'x'.repeat(1001)]) {
      assert.equal(workspaceRelative(bad), undefined, bad);
    }
  });

  it('lists the synthesis findings (sources naming every role that found one) when it is done, else the agents own findings', () => {
    const base = initialRunState('run-1');
    const agents = {
      security: { title: 'Security' },
      qa: { title: 'QA & edge cases' },
    } as unknown as RunState['agents'];
    const findings = [
      { taskId: 'security', severity: 'warning', message: 'no input check', path: 'src/routes.ts', line: 12 },
      { taskId: 'qa', severity: 'error', message: 'no test for empty title', path: '../secret.txt', line: 1 },
      { taskId: 'qa', severity: 'info', message: 'a general remark' },
    ] as unknown as RunState['findings'];
    const unmerged: RunState = { ...base, agents, findings };
    assert.deepEqual(readOnlyProblems(unmerged, 'Fanout review'), [
      { path: 'src/routes.ts', line: 12, message: 'no input check', severity: 'warning', source: 'Fanout review: Security' },
    ]);
    const merged: RunState = {
      ...unmerged,
      synthesis: {
        status: 'done',
        report: '# r',
        findings: [
          { severity: 'error', message: 'routes accept any title', path: 'src/routes.ts', line: 0, from: ['security', 'qa'] },
          { severity: 'info', message: 'outside', path: '/etc/passwd', from: ['qa'] },
        ],
      },
    };
    assert.deepEqual(readOnlyProblems(merged, 'Fanout review'), [
      { path: 'src/routes.ts', line: 1, message: 'routes accept any title', severity: 'error', source: 'Fanout review: Security, QA & edge cases' },
    ]);
  });
});
