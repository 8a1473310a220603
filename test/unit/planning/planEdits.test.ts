import * as assert from 'node:assert/strict';
import type { PlanEdit } from '../../../src/core/plan/plan';
import { PlanEditError, applyPlanEdits } from '../../../src/core/planning/planEdits';
import { planOf, spec } from './helpers';

const base = planOf([
  spec('types', 'contract', ['src/types.ts']),
  spec('api', 'implement', ['src/api/**', 'src/index.ts'], { dependsOn: ['types'], reads: ['src/db.ts'] }),
  spec('ui', 'implement', ['src/ui/**'], { dependsOn: ['types'], reads: ['src/db.ts', 'src/theme.ts'], model: 'ui-model' }),
  spec('integration', 'implement', ['src/routes.ts'], { dependsOn: ['api', 'ui'] }),
  spec('review', 'validate', [], { dependsOn: ['integration'] }),
]);

function ids(plan: { tasks: readonly { id: string }[] }): string[] {
  return plan.tasks.map((t) => t.id);
}

function task(plan: ReturnType<typeof applyPlanEdits>, id: string) {
  const found = plan.tasks.find((t) => t.id === id);
  assert.ok(found, `task ${id}`);
  return found;
}

function throwsEditError(edits: readonly PlanEdit[], message: RegExp): void {
  assert.throws(
    () => applyPlanEdits(base, edits),
    (error: unknown) => error instanceof PlanEditError && message.test(error.message),
  );
}

describe('applyPlanEdits', () => {
  it('moveOwnership moves one entry and leaves the input plan unchanged', () => {
    const edited = applyPlanEdits(base, [{ kind: 'moveOwnership', path: 'src/index.ts', from: 'api', to: 'integration' }]);
    assert.deepEqual(task(edited, 'api').owns, ['src/api/**']);
    assert.deepEqual(task(edited, 'integration').owns, ['src/routes.ts', 'src/index.ts']);
    assert.deepEqual(base.tasks[1]?.owns, ['src/api/**', 'src/index.ts']);
  });

  it('moveOwnership matches a differently spelled entry and does not duplicate it in the target', () => {
    const plan = planOf([spec('a', 'implement', ['./src/x.ts', 'src/y.ts']), spec('b', 'implement', ['src/x.ts'])]);
    const edited = applyPlanEdits(plan, [{ kind: 'moveOwnership', path: 'src/x.ts', from: 'a', to: 'b' }]);
    assert.deepEqual(task(edited, 'a').owns, ['src/y.ts']);
    assert.deepEqual(task(edited, 'b').owns, ['src/x.ts']);
  });

  it('moveOwnership refuses an entry the source does not own, a validator target and a self-move', () => {
    throwsEditError(
      [{ kind: 'moveOwnership', path: 'src/ui/**', from: 'api', to: 'integration' }],
      /Task "api" does not own "src\/ui\/\*\*" \(it owns src\/api\/\*\*, src\/index\.ts\)/,
    );
    throwsEditError([{ kind: 'moveOwnership', path: 'src/index.ts', from: 'api', to: 'review' }], /validate task "review": validators own nothing/);
    throwsEditError([{ kind: 'moveOwnership', path: 'src/index.ts', from: 'api', to: 'api' }], /to itself/);
  });

  it('removeTask drops the task and every dependency on it', () => {
    const edited = applyPlanEdits(base, [{ kind: 'removeTask', taskId: 'api' }]);
    assert.deepEqual(ids(edited), ['types', 'ui', 'integration', 'review']);
    assert.deepEqual(task(edited, 'integration').dependsOn, ['ui']);
    throwsEditError([{ kind: 'removeTask', taskId: 'ghost' }], /^Cannot remove task "ghost": "ghost" is not a task of the plan/);
  });

  it('mergeTasks unions owns, reads and dependsOn, joins instructions and repoints dependents', () => {
    const edited = applyPlanEdits(base, [{ kind: 'mergeTasks', into: 'api', from: ['ui'] }]);
    assert.deepEqual(ids(edited), ['types', 'api', 'integration', 'review']);
    const api = task(edited, 'api');
    assert.deepEqual(api.owns, ['src/api/**', 'src/index.ts', 'src/ui/**']);
    assert.deepEqual(api.reads, ['src/db.ts', 'src/theme.ts']);
    assert.deepEqual(api.dependsOn, ['types']);
    assert.equal(api.model, undefined);
    assert.match(api.instructions, /^Implement src\/api\/\*\* .*\n\nFrom "Task ui" \(ui\):\nImplement src\/ui\/\*\*/s);
    assert.deepEqual(task(edited, 'integration').dependsOn, ['api']);
  });

  it('mergeTasks drops dependencies between the merged tasks', () => {
    const edited = applyPlanEdits(base, [{ kind: 'mergeTasks', into: 'integration', from: ['api', 'ui'] }]);
    assert.deepEqual(task(edited, 'integration').dependsOn, ['types']);
    assert.deepEqual(task(edited, 'review').dependsOn, ['integration']);
  });

  it('mergeTasks refuses unknown tasks, an empty list and writers into a validator', () => {
    throwsEditError(
      [{ kind: 'mergeTasks', into: 'api', from: ['nope'] }],
      /Cannot merge "nope" into "api": "nope" is not a task of the plan \(tasks: types, api, ui, integration, review\)/,
    );
    throwsEditError([{ kind: 'mergeTasks', into: 'ghost', from: ['api'] }], /Cannot merge "api" into "ghost": "ghost" is not a task/);
    throwsEditError([{ kind: 'mergeTasks', into: 'api', from: ['api'] }], /Nothing to merge into task "api"/);
    throwsEditError([{ kind: 'mergeTasks', into: 'review', from: ['api'] }], /Cannot merge writing tasks into validate task "review"/);
  });

  it('addTask inserts the task with its phase and checks its id and dependencies', () => {
    const contract = spec('schema', 'contract', ['src/schema.ts']);
    assert.deepEqual(ids(applyPlanEdits(base, [{ kind: 'addTask', task: contract }])), ['types', 'schema', 'api', 'ui', 'integration', 'review']);
    const implement = spec('docs', 'implement', ['docs/x.md'], { dependsOn: ['types'] });
    assert.deepEqual(ids(applyPlanEdits(base, [{ kind: 'addTask', task: implement }])), ['types', 'api', 'ui', 'integration', 'docs', 'review']);
    const validator = spec('qa', 'validate', []);
    assert.deepEqual(ids(applyPlanEdits(base, [{ kind: 'addTask', task: validator }])), ['types', 'api', 'ui', 'integration', 'review', 'qa']);
    throwsEditError([{ kind: 'addTask', task: spec('api', 'implement', ['x.ts']) }], /Task id "api" is already used/);
    throwsEditError(
      [{ kind: 'addTask', task: spec('new', 'implement', ['x.ts'], { dependsOn: ['missing'] }) }],
      /Cannot add task "new" depending on "missing": "missing" is not a task/,
    );
  });

  it('addDependency adds once and refuses unknown ids and self-dependencies', () => {
    const edited = applyPlanEdits(base, [
      { kind: 'addDependency', taskId: 'ui', dependsOn: 'api' },
      { kind: 'addDependency', taskId: 'ui', dependsOn: 'api' },
    ]);
    assert.deepEqual(task(edited, 'ui').dependsOn, ['types', 'api']);
    throwsEditError([{ kind: 'addDependency', taskId: 'ghost', dependsOn: 'api' }], /Cannot make "ghost" depend on "api": "ghost" is not a task/);
    throwsEditError([{ kind: 'addDependency', taskId: 'ui', dependsOn: 'ghost' }], /Cannot make "ui" depend on "ghost": "ghost" is not a task/);
    throwsEditError([{ kind: 'addDependency', taskId: 'ui', dependsOn: 'ui' }], /cannot depend on itself/);
  });

  it('setModel sets and clears a task model', () => {
    const set = applyPlanEdits(base, [{ kind: 'setModel', taskId: 'api', model: 'big-model' }]);
    assert.equal(task(set, 'api').model, 'big-model');
    const cleared = applyPlanEdits(base, [{ kind: 'setModel', taskId: 'ui', model: undefined }]);
    assert.equal('model' in task(cleared, 'ui'), false);
    throwsEditError([{ kind: 'setModel', taskId: 'ghost', model: 'x' }], /Cannot set the model of "ghost": "ghost" is not a task/);
  });

  it('applies edits in order, keeps the lint as it was and names the failing edit', () => {
    const stale = { ...base, lint: [{ severity: 'warning' as const, code: 'x', message: 'm', tasks: [], paths: [] }] };
    const edited = applyPlanEdits(stale, [
      { kind: 'addTask', task: spec('extra', 'implement', ['src/extra.ts']) },
      { kind: 'addDependency', taskId: 'extra', dependsOn: 'api' },
    ]);
    assert.deepEqual(task(edited, 'extra').dependsOn, ['api']);
    assert.equal(edited.lint, stale.lint);
    const bad: PlanEdit = { kind: 'removeTask', taskId: 'nope' };
    try {
      applyPlanEdits(base, [bad]);
      assert.fail('expected a PlanEditError');
    } catch (error) {
      assert.ok(error instanceof PlanEditError);
      assert.equal(error.edit, bad);
      assert.equal(error.name, 'PlanEditError');
    }
  });
});
