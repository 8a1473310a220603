import * as assert from 'node:assert/strict';
import { topologicalOrder } from '../../../../src/core/plan/dag';
import { applyFixAndCheck, codes, lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

const report = 'Check the change and report each problem as a finding with file and line.';
const api = spec('api', 'implement', ['src/api/**']);

describe('lint: ordering', () => {
  it('validators run side by side: one may depend on a validator listed after it (no chain, no finding)', () => {
    const plan = planOf([
      api,
      spec('security', 'validate', [], { instructions: report, dependsOn: ['qa'] }),
      spec('qa', 'validate', [], { instructions: report, dependsOn: ['api'] }),
      spec('docs-review', 'validate', [], { instructions: report }),
    ]);
    assert.deepEqual(topologicalOrder(plan), ['api', 'qa', 'security', 'docs-review']);
    assert.deepEqual(withCode(lint(plan, lintOptions()), 'ordering'), []);
  });

  it('a contract task depending on a contract task listed after it deadlocks the chain: error with a fix', () => {
    const plan = planOf([
      spec('types', 'contract', ['src/types.ts'], { dependsOn: ['schema'] }),
      spec('schema', 'contract', ['src/schema.ts']),
      { ...api, dependsOn: ['types'] },
    ]);
    const finding = only(lint(plan, lintOptions()), 'ordering');
    assert.match(finding.message, /^Contract tasks run one after another/);
    const fixed = applyFixAndCheck(plan, finding);
    assert.deepEqual(
      fixed.tasks.map((t) => [t.id, t.dependsOn]),
      [
        ['schema', []],
        ['types', ['schema']],
        ['api', ['types']],
      ],
    );
  });

  it('does not repeat what validation reports (explicit cycles, dependencies on a later phase)', () => {
    const cycle = planOf([
      api,
      spec('a', 'validate', [], { instructions: report, dependsOn: ['b'] }),
      spec('b', 'validate', [], { instructions: report, dependsOn: ['a'] }),
    ]);
    assert.deepEqual(codes(lint(cycle, lintOptions())), ['dependency-cycle']);
    const later = planOf([spec('types', 'contract', ['src/types.ts'], { dependsOn: ['api'] }), api]);
    assert.deepEqual(codes(lint(later, lintOptions())), ['phase-order']);
  });

  it('implement tasks may depend on tasks listed after them, validators on implementers', () => {
    const plan = planOf([
      spec('ui', 'implement', ['src/ui/**'], { dependsOn: ['api'] }),
      api,
      spec('qa', 'validate', [], { instructions: report, dependsOn: ['ui'] }),
    ]);
    assert.deepEqual(lint(plan, lintOptions()), []);
  });
});

describe('lint: phase-listing-order', () => {
  it('tasks listed before an earlier phase get a warning each, and a fix that moves them up', () => {
    const plan = planOf([spec('qa', 'validate', [], { instructions: report }), spec('types', 'contract', ['src/types.ts']), { ...api, dependsOn: ['types'] }]);
    const findings = withCode(lint(plan, lintOptions()), 'phase-listing-order');
    assert.deepEqual(
      findings.map((f) => f.tasks),
      [
        ['types', 'qa'],
        ['api', 'qa'],
      ],
    );
    assert.equal(findings[0]?.severity, 'warning');
    assert.equal(
      findings[0]?.message,
      'contract task "types" is listed after validate task "qa"; list tasks contract first, then implement, then validate, as they run.',
    );
    for (const finding of findings) applyFixAndCheck(plan, finding);
    const fixed = applyFixAndCheck(plan, findings[0] ?? assert.fail('finding'));
    assert.deepEqual(
      fixed.tasks.map((t) => [t.id, t.dependsOn]),
      [
        ['types', []],
        ['qa', []],
        ['api', ['types']],
      ],
    );
  });
});
