import * as assert from 'node:assert/strict';
import { runProblems } from '../../../src/host/review/runProblems';
import type { ChecksState, CheckState, Finding } from '../../../src/core/run/runStateTypes';
import { check as fixtureCheck, checksState } from '../webview/checksFixtures';

const check = (id: string, status: CheckState['status'], diagnostics: CheckState['diagnostics']): CheckState =>
  fixtureCheck(id, { status, pass: 2, diagnostics, diagnosticsTotal: diagnostics.length });
const checks = (...list: CheckState[]): ChecksState => checksState(list, { phase: 'failing', pass: 2, rounds: 1 });

describe('review: a run’s problems in the Problems panel', () => {
  const titles: Record<string, string> = { math: 'Math module', review: 'Reviewer' };
  const titleOf = (id: string) => titles[id] ?? id;

  it('lists findings with a path and the problems of failing checks, each with its source and owner', () => {
    const findings: Finding[] = [
      { seq: 1, taskId: 'review', severity: 'warning', message: 'naming', path: 'src/a.ts', line: 3 },
      { seq: 2, taskId: 'review', severity: 'info', message: 'no path' },
    ];
    const state = checks(
      check('test', 'failed', [{ path: 'src/math.js', line: 2, message: 'adds: c is not defined', tool: 'stack', owner: 'math' }]),
      check('lint', 'passed', [{ path: 'src/old.js', line: 1, message: 'stale', tool: 'eslint' }]),
      check('typecheck', 'timed-out', [{ path: 'src/x.ts', message: 'slow', tool: 'tsc' }]),
    );
    assert.deepEqual(runProblems(findings, state, titleOf), [
      { path: 'src/a.ts', line: 3, message: 'naming', severity: 'warning', source: 'Fanout: Reviewer' },
      { path: 'src/math.js', line: 2, message: 'adds: c is not defined (Math module)', severity: 'error', source: 'Fanout check: test' },
      { path: 'src/x.ts', line: 1, message: 'slow', severity: 'error', source: 'Fanout check: typecheck' },
    ]);
  });

  it('lists nothing for a run whose checks passed or that had none', () => {
    assert.deepEqual(runProblems([], undefined, titleOf), []);
    assert.deepEqual(runProblems([], checks(check('test', 'passed', [])), titleOf), []);
  });
});
