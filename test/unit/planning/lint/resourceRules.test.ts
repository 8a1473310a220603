import * as assert from 'node:assert/strict';
import { isIntegrationLike } from '../../../../src/core/planning/lint/taskTraits';
import { applyFixAndCheck, lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

describe('lint: ownership overlaps get a fix', () => {
  it('the same file in two tasks goes to the first owner when neither is the integration task', () => {
    const plan = planOf([spec('a', 'implement', ['src/shared.ts', 'src/a.ts']), spec('b', 'implement', ['src/b.ts', './src/shared.ts'])]);
    const finding = only(lint(plan, lintOptions()), 'ownership-overlap');
    assert.equal(finding.severity, 'error');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'moveOwnership', path: './src/shared.ts', from: 'b', to: 'a' }]);
    assert.equal(finding.fix?.title, 'Give src/shared.ts to a');
    const fixed = applyFixAndCheck(plan, finding);
    assert.deepEqual(fixed.tasks[1]?.owns, ['src/b.ts']);
  });

  it('the same file goes to the integration-like task even when it is listed second', () => {
    const plan = planOf([
      spec('api', 'implement', ['src/api/**', 'src/index.ts']),
      spec('wiring', 'implement', ['src/index.ts', 'src/routes.ts'], { role: 'Wiring', title: 'Glue it together' }),
    ]);
    const finding = only(lint(plan, lintOptions()), 'ownership-overlap');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'moveOwnership', path: 'src/index.ts', from: 'api', to: 'wiring' }]);
    applyFixAndCheck(plan, finding);
  });

  it("a file inside another task's glob goes to the glob's owner", () => {
    const plan = planOf([spec('api', 'implement', ['src/api/**']), spec('ui', 'implement', ['src/ui/**', 'src/api/client.ts'])]);
    const finding = only(lint(plan, lintOptions()), 'ownership-overlap');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'moveOwnership', path: 'src/api/client.ts', from: 'ui', to: 'api' }]);
    applyFixAndCheck(plan, finding);
  });

  it('no fix when it would take a file away from the integration task (a glob cannot be narrowed by an edit)', () => {
    const plan = planOf([
      spec('api', 'implement', ['src/api/**']),
      spec('integration', 'implement', ['src/api/index.ts', 'src/routes.ts'], { role: 'Integration' }),
    ]);
    const finding = only(lint(plan, lintOptions()), 'ownership-overlap');
    assert.equal(finding.fix, undefined);
  });

  it('no fix when two globs only partly overlap', () => {
    const plan = planOf([spec('a', 'implement', ['src/*.ts']), spec('b', 'implement', ['src/**/index.ts'])]);
    assert.equal(only(lint(plan, lintOptions()), 'ownership-overlap').fix, undefined);
  });

  it('a task that would own nothing after the move is merged into the other', () => {
    const plan = planOf([spec('a', 'implement', ['src/x.ts', 'src/y.ts']), spec('b', 'implement', ['src/x.ts'])]);
    const finding = only(lint(plan, lintOptions()), 'ownership-overlap');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'mergeTasks', into: 'a', from: ['b'] }]);
    const fixed = applyFixAndCheck(plan, finding);
    assert.deepEqual(
      fixed.tasks.map((t) => t.id),
      ['a'],
    );
  });
});

describe('lint: hot-spot-owner', () => {
  const integration = spec('integration', 'implement', ['src/routes.ts'], { role: 'Integration', dependsOn: ['api'] });

  it('package.json owned by a feature task: warning with a fix that gives it to the integration task', () => {
    const plan = planOf([spec('api', 'implement', ['src/api/**', 'package.json']), integration]);
    const finding = only(lint(plan, lintOptions()), 'hot-spot-owner');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.tasks, ['api', 'integration']);
    assert.deepEqual(finding.paths, ['package.json']);
    assert.match(finding.message, /Task "api" \(Component\) owns package\.json, the package manifest .*give it to the integration task "integration"/);
    assert.deepEqual(finding.fix?.edits, [{ kind: 'moveOwnership', path: 'package.json', from: 'api', to: 'integration' }]);
    const fixed = applyFixAndCheck(plan, finding);
    assert.deepEqual(fixed.tasks[1]?.owns, ['src/routes.ts', 'package.json']);
  });

  it('lockfiles, route tables and a top-level barrel are hot spots at any depth', () => {
    const plan = planOf([
      spec('deps', 'implement', ['yarn.lock', 'web/pnpm-lock.yaml', 'src/deps.ts']),
      spec('pages', 'implement', ['app/app.routes.ts', 'server/urls.py', 'src/index.ts', 'src/pages/a.ts']),
      integration,
      spec('api', 'implement', ['src/api/**']),
    ]);
    const findings = withCode(lint(plan, lintOptions()), 'hot-spot-owner');
    assert.deepEqual(
      findings.map((f) => f.paths[0]),
      ['yarn.lock', 'web/pnpm-lock.yaml', 'app/app.routes.ts', 'server/urls.py', 'src/index.ts'],
    );
    for (const finding of findings) applyFixAndCheck(plan, finding);
  });

  it("a barrel in a folder another task writes to is a hot spot; a component's own barrel is not", () => {
    const own = planOf([
      spec('card', 'implement', ['src/components/UserCard/index.ts', 'src/components/UserCard/UserCard.tsx']),
      integration,
      spec('api', 'implement', ['src/api/**']),
    ]);
    assert.deepEqual(withCode(lint(own, lintOptions()), 'hot-spot-owner'), []);
    const shared = planOf([
      spec('card', 'implement', ['src/components/index.ts', 'src/components/UserCard.tsx']),
      spec('menu', 'implement', ['src/components/Menu.tsx']),
      integration,
      spec('api', 'implement', ['src/api/**']),
    ]);
    const finding = only(lint(shared, lintOptions()), 'hot-spot-owner');
    assert.match(finding.message, /src\/components\/index\.ts, a barrel file other tasks add to/);
  });

  it('without an integration task the message says to add one, and there is no fix', () => {
    const plan = planOf([spec('api', 'implement', ['src/api/**', 'package.json']), spec('ui', 'implement', ['src/ui/**'])]);
    const finding = only(lint(plan, lintOptions()), 'hot-spot-owner');
    assert.match(finding.message, /add an Integration task that owns the shared files/);
    assert.deepEqual(finding.tasks, ['api']);
    assert.equal(finding.fix, undefined);
  });

  it('a route table may belong to a routing task', () => {
    const plan = planOf([
      spec('api-routes', 'implement', ['src/routes.ts', 'src/handlers/**'], { role: 'API routes' }),
      spec('model', 'implement', ['src/models/**']),
    ]);
    assert.deepEqual(lint(plan, lintOptions()), []);
  });

  it('a task owning only a hot spot is merged into the integration task', () => {
    const plan = planOf([
      spec('api', 'implement', ['src/api/**']),
      spec('menu', 'implement', ['src/components/index.ts'], { role: 'Menu' }),
      integration,
      spec('ui', 'implement', ['src/components/Menu.tsx']),
    ]);
    const finding = only(lint(plan, lintOptions()), 'hot-spot-owner');
    assert.deepEqual(finding.fix?.edits, [{ kind: 'mergeTasks', into: 'integration', from: ['menu'] }]);
    applyFixAndCheck(plan, finding);
  });

  it('"Integration tests" is a test task, not the integration task', () => {
    const tests = spec('integration-tests', 'implement', ['test/api/**', 'package.json'], { role: 'Integration tests', title: 'Integration tests' });
    assert.equal(isIntegrationLike(tests), false);
    assert.equal(isIntegrationLike(integration), true);
    assert.equal(isIntegrationLike(spec('glue', 'validate', [], { role: 'Integration review' })), false);
    const plan = planOf([spec('api', 'implement', ['src/api/**']), tests]);
    const finding = only(lint(plan, lintOptions()), 'hot-spot-owner');
    assert.deepEqual(finding.tasks, ['integration-tests']);
    assert.equal(finding.fix, undefined);
  });

  it('the integration task owning every hot spot gives no finding', () => {
    const plan = planOf([
      spec('api', 'implement', ['src/api/**']),
      spec('integration', 'implement', ['package.json', 'src/index.ts', 'src/routes.ts'], { role: 'Integration' }),
    ]);
    assert.deepEqual(lint(plan, lintOptions()), []);
  });
});
