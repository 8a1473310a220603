import * as assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plan, PlanFinding } from '../../../src/core/plan/plan';
import { checkPlan } from '../../../src/core/plan/planCheck';
import { hasErrors } from '../../../src/core/plan/planValidation';
import { plan, task, tempWorkspace, type TempWorkspace } from './fixtures';

/** Plan validation's findings, as `checkPlan` reports them. */
function findingsOf(input: Plan, root: string): readonly PlanFinding[] {
  return checkPlan(input, root).findings;
}

function only(findings: readonly PlanFinding[], code: string): PlanFinding {
  const matching = findings.filter((f) => f.code === code);
  assert.equal(matching.length, 1, `expected one ${code}, got ${JSON.stringify(findings, null, 1)}`);
  return matching[0] as PlanFinding;
}

describe('plan validation', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace();
  });
  afterEach(() => ws.remove());

  it('accepts a well-formed plan', () => {
    const good = plan(
      task('types', 'contract', ['src/types/**']),
      task('api', 'implement', ['src/api/**'], ['types']),
      task('ui', 'implement', ['src/ui/**'], ['types']),
      task('integration', 'implement', ['src/index.ts', 'package.json'], ['api', 'ui']),
      task('review', 'validate', [], ['integration']),
    );
    const findings = findingsOf(good, ws.root);
    assert.deepEqual(findings, []);
    assert.equal(hasErrors(findings), false);
  });

  it('empty-plan', () => {
    const findings = findingsOf(plan(), ws.root);
    assert.equal(only(findings, 'empty-plan').severity, 'error');
    assert.equal(hasErrors(findings), true);
  });

  it('ownership-overlap names both tasks and both entries', () => {
    const findings = findingsOf(plan(task('api', 'implement', ['src/**']), task('integration', 'implement', ['src/api/user.ts'])), ws.root);
    const finding = only(findings, 'ownership-overlap');
    assert.deepEqual(finding.tasks, ['api', 'integration']);
    assert.deepEqual(finding.paths, ['src/**', 'src/api/user.ts']);
    assert.match(finding.message, /Tasks "api" and "integration" both own files: src\/\*\* \(api\) overlaps src\/api\/user\.ts \(integration\)/);
  });

  it('ownership-overlap on glob against glob and on the same concrete path', () => {
    const globs = findingsOf(plan(task('a', 'implement', ['src/*.ts']), task('b', 'implement', ['src/**/index.ts'])), ws.root);
    assert.deepEqual(only(globs, 'ownership-overlap').tasks, ['a', 'b']);
    const same = findingsOf(plan(task('a', 'contract', ['package.json']), task('b', 'implement', ['./package.json'])), ws.root);
    assert.match(only(same, 'ownership-overlap').message, /both own files: package\.json\./);
    const apart = findingsOf(plan(task('a', 'implement', ['src/a/**']), task('b', 'implement', ['src/b/**'])), ws.root);
    assert.deepEqual(apart, []);
  });

  it('dependency-cycle names the cycle', () => {
    const findings = findingsOf(
      plan(task('a', 'implement', ['a.ts'], ['c']), task('b', 'implement', ['b.ts'], ['a']), task('c', 'implement', ['c.ts'], ['b'])),
      ws.root,
    );
    const finding = only(findings, 'dependency-cycle');
    assert.match(finding.message, /a → c → b → a/);
    assert.deepEqual(finding.tasks, ['a', 'c', 'b']);
    const self = findingsOf(plan(task('a', 'implement', ['a.ts'], ['a'])), ws.root);
    assert.match(only(self, 'dependency-cycle').message, /a → a/);
  });

  it('unknown-dependency', () => {
    const finding = only(findingsOf(plan(task('a', 'implement', ['a.ts'], ['typos'])), ws.root), 'unknown-dependency');
    assert.match(finding.message, /Task "a" depends on "typos", which is not in the plan/);
    assert.deepEqual(finding.tasks, ['a', 'typos']);
  });

  it('owns-nothing for contract and implement tasks', () => {
    const findings = findingsOf(plan(task('types', 'contract', []), task('api', 'implement', ['  '])), ws.root);
    const codes = findings.map((f) => `${f.code}:${f.tasks.join(',')}`);
    assert.deepEqual(codes, ['owns-nothing:types', 'owns-nothing:api']);
    assert.match(findings[0]?.message ?? '', /Contract task "types" owns no files/);
  });

  it('owned-path-outside-workspace: absolute, escaping, .git and a symlink that leads out', async () => {
    const outside = await tempWorkspace('fanout-outside-');
    try {
      await symlink(outside.root, join(ws.root, 'out'));
      const entries = ['/etc/passwd', 'C:\\x', '../x.ts', 'src/../../x.ts', 'src/**/../../x', '.git/config', 'a/.git/hooks/x', 'out/file.ts'];
      const findings = findingsOf(plan(...entries.map((owns, i) => task(`t${i}`, 'implement', [owns]))), ws.root);
      assert.deepEqual(
        findings.map((f) => [f.code, f.paths[0]]),
        entries.map((e) => ['owned-path-outside-workspace', e]),
      );
      assert.match(findings[0]?.message ?? '', /Task "t0": "\/etc\/passwd" is an absolute path/);
      assert.match(findings[7]?.message ?? '', /goes through the symlink "out", which points outside the workspace/);
    } finally {
      await outside.remove();
    }
  });

  it('ownership-overlap for NFC and NFD spellings of one name', () => {
    const findings = findingsOf(plan(task('a', 'implement', ['src/Caf\u00e9.ts']), task('b', 'implement', ['src/Cafe\u0301.ts'])), ws.root);
    assert.deepEqual(only(findings, 'ownership-overlap').tasks, ['a', 'b']);
  });

  it('owned-path-through-symlink names the link, its target and the real path to own', async () => {
    await ws.write('src/b/real.ts', 'x\n');
    await ws.write('package.json', '{}\n');
    await mkdir(join(ws.root, 'src/a'), { recursive: true });
    await symlink('../b', join(ws.root, 'src/a/link'));
    await symlink('../../package.json', join(ws.root, 'src/a/pkg.json'));
    const findings = findingsOf(plan(task('a', 'implement', ['src/a/link/**', 'src/a/pkg.json']), task('b', 'implement', ['src/b/**'])), ws.root);
    assert.deepEqual(
      findings.map((f) => [f.code, f.severity, f.paths[0]]),
      [
        ['owned-path-through-symlink', 'error', 'src/a/link/**'],
        ['owned-path-through-symlink', 'error', 'src/a/pkg.json'],
      ],
    );
    assert.equal(
      findings[0]?.message,
      'Task "a" owns "src/a/link/**", which goes through the symlink "src/a/link" (to src/b); writes through symlinks are refused, so the task could not write there. Own the real path "src/b/**" instead.',
    );
    assert.match(findings[1]?.message ?? '', /the symlink "src\/a\/pkg\.json" \(to package\.json\).*Own the real path "package\.json" instead\.$/);
    // The folder that holds the link is fine: what it reaches is lint's business.
    assert.deepEqual(findingsOf(plan(task('a', 'implement', ['src/a/**']), task('b', 'implement', ['src/b/**'])), ws.root), []);
  });

  it('duplicate-task-id', () => {
    const findings = findingsOf(plan(task('api', 'implement', ['a.ts']), task('api', 'implement', ['b.ts'])), ws.root);
    assert.match(only(findings, 'duplicate-task-id').message, /Task id "api" is used by 2 tasks/);
  });

  it('validator-owns-files', () => {
    const finding = only(findingsOf(plan(task('a', 'implement', ['a.ts']), task('review', 'validate', ['src/**'])), ws.root), 'validator-owns-files');
    assert.deepEqual(finding.paths, ['src/**']);
    assert.match(finding.message, /Validate task "review" owns src\/\*\*; validators read everything and write nothing/);
  });

  it('phase-order: contract on implement, implement on validate', () => {
    const findings = findingsOf(
      plan(task('types', 'contract', ['t.ts'], ['api']), task('api', 'implement', ['a.ts'], ['review']), task('review', 'validate')),
      ws.root,
    );
    const order = findings.filter((f) => f.code === 'phase-order');
    assert.deepEqual(
      order.map((f) => f.tasks),
      [
        ['types', 'api'],
        ['api', 'review'],
      ],
    );
    assert.match(order[0]?.message ?? '', /Contract task "types" depends on implement task "api"/);
  });

  it('invalid-owned-pattern for negations and backslash separators', () => {
    const findings = findingsOf(plan(task('a', 'implement', ['!src/**', 'src\\api\\x.ts'])), ws.root);
    assert.deepEqual(
      findings.map((f) => f.code),
      ['invalid-owned-pattern', 'invalid-owned-pattern'],
    );
  });
});
