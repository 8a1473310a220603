import * as assert from 'node:assert/strict';
import { goodPlan } from '../../../fixtures/planning/goodPlan';
import { applyFixAndCheck, lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

describe('lint: over-fragmentation', () => {
  it('fragmentation-files: more writing tasks than the files they own, fixed by merging the tasks that share one', () => {
    const plan = planOf([spec('a', 'implement', ['src/x.ts']), spec('b', 'implement', ['src/x.ts', 'src/y.ts']), spec('c', 'implement', ['src/y.ts'])]);
    const findings = lint(plan, lintOptions());
    const finding = only(findings, 'fragmentation-files');
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.message, '3 writing tasks own only 2 files between them; tasks that write the same files should be one task.');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'mergeTasks', into: 'a', from: ['b', 'c'] }]);
    const fixed = applyFixAndCheck(plan, finding);
    assert.deepEqual(
      fixed.tasks.map((t) => [t.id, t.owns]),
      [['a', ['src/x.ts', 'src/y.ts']]],
    );
  });

  it('fragmentation-files ignores plans with globs and plans with a file per task', () => {
    const globs = planOf([spec('a', 'implement', ['src/a/**']), spec('b', 'implement', ['src/b/**'])]);
    assert.deepEqual(withCode(lint(globs, lintOptions()), 'fragmentation-files'), []);
    const files = planOf([spec('a', 'implement', ['src/a.ts']), spec('b', 'implement', ['src/b.ts'])]);
    assert.deepEqual(withCode(lint(files, lintOptions()), 'fragmentation-files'), []);
  });

  it('fragmentation-tiny-task: one file and short instructions, merged into the task writing the same folder', () => {
    const tiny = spec('button', 'implement', ['src/ui/Button.tsx'], { instructions: 'Add `export function Button()` in src/ui/Button.tsx.' });
    const plan = planOf([spec('api', 'implement', ['src/api/**']), spec('ui', 'implement', ['src/ui/Form.tsx', 'src/ui/Page.tsx']), tiny]);
    const finding = only(lint(plan, lintOptions()), 'fragmentation-tiny-task');
    assert.match(finding.message, /^Task "button" owns only src\/ui\/Button\.tsx and its instructions are 52 characters; .*merge it into "ui"\.$/);
    assert.deepEqual(finding.tasks, ['button', 'ui']);
    assert.deepEqual(finding.fix?.edits, [{ kind: 'mergeTasks', into: 'ui', from: ['button'] }]);
    applyFixAndCheck(plan, finding);
  });

  it('fragmentation-tiny-task falls back to a dependency, and never merges the integration task away', () => {
    const tiny = spec('flag', 'implement', ['config/flags.json'], { instructions: 'Add the "profile" flag to config/flags.json.', dependsOn: ['api'] });
    const plan = planOf([spec('api', 'implement', ['src/api/**']), tiny]);
    assert.deepEqual(only(lint(plan, lintOptions()), 'fragmentation-tiny-task').fix?.edits, [{ kind: 'mergeTasks', into: 'api', from: ['flag'] }]);
    const glue = spec('integration', 'implement', ['src/app.ts'], {
      role: 'Integration',
      instructions: 'Register the routes in src/app.ts: `app.use(router)`.',
    });
    const alone = planOf([spec('api', 'implement', ['src/api/**']), glue]);
    const finding = only(lint(alone, lintOptions()), 'fragmentation-tiny-task');
    assert.equal(finding.fix, undefined);
    assert.match(finding.message, /merge it into a related task or give it exact instructions/);
  });

  it('a single-file task with full instructions is not tiny', () => {
    const plan = planOf([spec('api', 'implement', ['src/api.ts']), spec('ui', 'implement', ['src/ui.ts'])]);
    assert.deepEqual(withCode(lint(plan, lintOptions()), 'fragmentation-tiny-task'), []);
  });

  it('fragmentation-small-request: four writing agents for a 7-word request, fixed by merging the implement tasks', () => {
    const plan = planOf(
      [
        spec('types', 'contract', ['src/types.ts']),
        spec('button', 'implement', ['src/LogoutButton.tsx'], { dependsOn: ['types'] }),
        spec('hook', 'implement', ['src/useLogout.ts'], { dependsOn: ['types'] }),
        spec('integration', 'implement', ['src/Header.tsx'], { role: 'Integration', dependsOn: ['button', 'hook'] }),
      ],
      'Add a logout button to the header',
    );
    const finding = only(lint(plan, lintOptions()), 'fragmentation-small-request');
    assert.equal(
      finding.message,
      '4 writing agents for a 7-word request; a request this small rarely needs more than 3. Merge tasks, or route it as moderate (one agent).',
    );
    assert.deepEqual(finding.fix?.edits, [{ kind: 'mergeTasks', into: 'integration', from: ['button', 'hook'] }]);
    const fixed = applyFixAndCheck(plan, finding);
    assert.deepEqual(
      fixed.tasks.map((t) => t.id),
      ['types', 'integration'],
    );
  });

  it('no small-request warning for three agents or for a detailed request', () => {
    const three = planOf(
      [spec('a', 'implement', ['src/a.ts']), spec('b', 'implement', ['src/b.ts']), spec('c', 'implement', ['src/c.ts'])],
      'Add a logout button',
    );
    assert.deepEqual(withCode(lint(three, lintOptions()), 'fragmentation-small-request'), []);
    assert.deepEqual(withCode(lint(goodPlan, lintOptions()), 'fragmentation-small-request'), []);
  });
});
