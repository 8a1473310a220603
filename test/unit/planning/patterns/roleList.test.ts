import * as assert from 'node:assert/strict';
import { inferPhase, parseRoleList } from '../../../../src/core/planning/patterns/roleList';

describe('role lists', () => {
  it('reads bold roles, flags, separators and continuation lines', () => {
    const text = [
      'Intro paragraph.',
      '1. **Types Agent** (contract): the shared interfaces',
      '2. **Handler**: the route handler',
      '   with input validation',
      '   - and errors',
      '3) __Security review__ [validate, read-only] - report risks',
      '4. **Docs** (implement, model: claude-haiku-5-5): the docs page',
      '5. **Widgets** (and gadgets): both',
      'Outro.',
    ].join('\n');
    const { roles, problems } = parseRoleList(text, { requireBold: true });
    assert.deepEqual(problems, []);
    assert.deepEqual(roles, [
      { role: 'Types', phase: 'contract', description: 'the shared interfaces', readOnly: false },
      { role: 'Handler', phase: 'implement', description: 'the route handler with input validation and errors', readOnly: false },
      { role: 'Security review', phase: 'validate', description: 'report risks', readOnly: true },
      { role: 'Docs', phase: 'implement', description: 'the docs page', readOnly: false, model: 'claude-haiku-5-5' },
      { role: 'Widgets', phase: 'implement', description: '(and gadgets): both', readOnly: false },
    ]);
  });

  it('plain items only when bold is not required', () => {
    const text = '1. Tests - integration tests\n2. Screen types: the params\n3. Just a role';
    assert.deepEqual(parseRoleList(text, { requireBold: true }).roles, []);
    assert.deepEqual(
      parseRoleList(text, { requireBold: false }).roles.map((r) => [r.role, r.phase, r.description]),
      [
        ['Tests', 'implement', 'integration tests'],
        ['Screen types', 'contract', 'the params'],
        ['Just a role', 'implement', ''],
      ],
    );
  });

  it('a read-only writing role becomes a validator, with a problem on its line', () => {
    const { roles, problems } = parseRoleList('\n1. **Researcher** (implement, read-only): reads', { requireBold: true });
    assert.deepEqual(roles, [{ role: 'Researcher', phase: 'validate', description: 'reads', readOnly: true }]);
    assert.deepEqual(problems, [
      { line: 2, message: 'role "Researcher" is read-only but has phase implement; it is read as a validate role (a writing task must own files)' },
    ]);
  });

  it('infers the phase from the role name only', () => {
    assert.equal(inferPhase('QA Agent'), 'validate');
    assert.equal(inferPhase('Security auditor'), 'validate');
    assert.equal(inferPhase('Previewer'), 'implement');
    assert.equal(inferPhase('Security audit'), 'validate');
    assert.equal(inferPhase('Schema and migrations'), 'contract');
    assert.equal(inferPhase('Types reviewer'), 'validate');
    assert.equal(inferPhase('Component'), 'implement');
  });
});
