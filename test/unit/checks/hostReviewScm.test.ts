/**
 * Checks in the review of staged changes against the `vscode` fake: the verdict on each agent's SCM
 * group, and the question an accept asks when the checks still fail on an agent's files (declined:
 * nothing accepted).
 */
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ChecksState } from '../../../src/core/run/runState';
import type { ReviewOutcome } from '../../../src/host/review/apply';
import type * as ReviewCommandsModule from '../../../src/host/review/reviewCommands';
import type { PendingFile, ReviewModel, ReviewRun } from '../../../src/host/review/reviewModel';
import type * as ScmModule from '../../../src/host/review/reviewScm';
import { loadWithVscodeFake, Uri, vscodeFake } from '../../support/vscodeFake';
import { checksState } from './hostReviewFixtures';

function pending(taskId: string, path: string, agentTitle: string, runId = 'run-1'): PendingFile {
  return {
    runId,
    taskId,
    path,
    change: 'modify',
    review: 'pending',
    agentTitle,
    entry: { path, taskId, base: { content: 'a', hash: 'h' }, proposed: 'b', proposedHash: 'p' },
  };
}

interface FakeGroup {
  label: string;
  resourceStates: unknown[];
  hideWhenEmpty?: boolean;
  contextValue?: string;
  dispose(): void;
}

describe('checks in the review: the SCM view and accept (vscode fake)', () => {
  let scm: typeof ScmModule;
  let commands: typeof ReviewCommandsModule;
  const registered = new Map<string, (...args: unknown[]) => unknown>();
  const warnings: { text: string; options: unknown; actions: unknown[] }[] = [];
  let answer: string | undefined;
  const originalWarning = vscodeFake.window.showWarningMessage;
  const fake = vscodeFake as unknown as Record<string, unknown>;

  before(() => {
    Object.assign(fake, {
      scm: {
        createSourceControl: () => ({
          inputBox: { visible: true },
          count: 0,
          createResourceGroup: (_id: string, label: string): FakeGroup => ({ label, resourceStates: [], dispose: () => undefined }),
          dispose: () => undefined,
        }),
      },
      commands: {
        registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
          registered.set(id, run);
          return { dispose: () => registered.delete(id) };
        },
      },
    });
    vscodeFake.window.showWarningMessage = ((text: string, options: unknown, ...actions: unknown[]) => {
      warnings.push({ text, options, actions });
      return Promise.resolve(answer);
    }) as unknown as typeof originalWarning;
    scm = loadWithVscodeFake<typeof ScmModule>(resolve(__dirname, '../../../src/host/review/reviewScm'));
    commands = loadWithVscodeFake<typeof ReviewCommandsModule>(resolve(__dirname, '../../../src/host/review/reviewCommands'));
  });
  after(() => {
    delete fake.scm;
    delete fake.commands;
    vscodeFake.window.showWarningMessage = originalWarning;
  });
  beforeEach(() => {
    warnings.length = 0;
    answer = undefined;
  });

  const files = [pending('types', 'src/types.ts', 'Types'), pending('api', 'src/api.ts', 'API'), pending('docs', 'README.md', 'Docs')];

  function modelWith(runChecks: ChecksState | undefined): ReviewModel {
    const run: ReviewRun = {
      runId: 'run-1',
      label: 'Add a flag',
      startedAt: 1,
      agentOrder: ['types', 'api', 'docs'],
      files,
      ...(runChecks ? { checks: runChecks } : {}),
    };
    const model = {
      reviewRuns: () => [run],
      pendingFiles: (filter: { runId?: string; taskId?: string; path?: string } = {}) =>
        files.filter((f) => (filter.taskId === undefined || f.taskId === filter.taskId) && (filter.path === undefined || f.path === filter.path)),
      checksOf: () => runChecks,
      agentTitle: (_runId: string, taskId: string) => files.find((f) => f.taskId === taskId)?.agentTitle ?? taskId,
      planOf: () => undefined,
      onDidChange: () => ({ dispose: () => undefined }),
    };
    return model as unknown as ReviewModel;
  }

  it('shows the run’s verdict on each agent’s group', () => {
    const view = new scm.ReviewScm(modelWith(checksState({ failingOwners: ['types'] })), Uri.file('/work/project') as never);
    view.render();
    assert.deepEqual(
      view.views().map((g) => g.label),
      ['Types · 1 file · checks failing', 'API · 1 file', 'Docs · 1 file'],
    );
    const passing = new scm.ReviewScm(modelWith(checksState({ verdict: 'passing', failing: [], failingOwners: [] })), Uri.file('/work/project') as never);
    passing.render();
    assert.deepEqual(
      passing.views().map((g) => g.label),
      ['Types · 1 file · checks passing', 'API · 1 file · checks passing', 'Docs · 1 file · checks passing'],
    );
    const ownerless = new scm.ReviewScm(modelWith(checksState({ failingOwners: [] })), Uri.file('/work/project') as never);
    ownerless.render();
    assert.ok(ownerless.views().every((g) => g.label.endsWith(' · checks failing')));
    const none = new scm.ReviewScm(modelWith(undefined), Uri.file('/work/project') as never);
    none.render();
    assert.deepEqual(
      none.views().map((g) => g.label),
      ['Types · 1 file', 'API · 1 file', 'Docs · 1 file'],
    );
  });

  it('leads each group with the agent’s role and its count, the title and the run after them', () => {
    const label = scm.groupLabel;
    assert.equal(label({ role: 'Store', title: 'Todo store with due dates', count: 1 }), 'Store · 1 file — Todo store with due dates');
    assert.equal(label({ role: 'Types', title: 'Types', count: 2 }), 'Types · 2 files', 'a title that says no more than the role is left out');
    assert.equal(
      label({ role: 'Store', title: 'Todo store', count: 3, checks: 'failing', run: 'Add due dates' }),
      'Store · 3 files · checks failing — Todo store · run “Add due dates”',
    );
    assert.equal(label({ role: '', title: 'Docs', count: 1, run: 'Older' }), 'Docs · 1 file — run “Older”', 'no role: the title leads');

    const runFiles = [pending('store', 'src/todo.ts', 'Todo store with due dates', 'run-a'), pending('ui', 'src/list.tsx', 'Todo list', 'run-b')];
    const runOf = (runId: string, label: string, startedAt: number): ReviewRun => ({
      runId,
      label,
      startedAt,
      agentOrder: runFiles.filter((f) => f.runId === runId).map((f) => f.taskId),
      files: runFiles.filter((f) => f.runId === runId),
    });
    const roles: Record<string, string> = { store: 'Store', ui: 'List UI' };
    const model = {
      reviewRuns: () => [runOf('run-b', 'Add a list', 2), runOf('run-a', 'Add due dates', 1)],
      agentTitle: (_runId: string, taskId: string) => runFiles.find((f) => f.taskId === taskId)?.agentTitle ?? taskId,
      planOf: (runId: string) => ({
        tasks: runFiles.filter((f) => f.runId === runId).map((f) => ({ id: f.taskId, role: roles[f.taskId] ?? f.taskId })),
      }),
      onDidChange: () => ({ dispose: () => undefined }),
    } as unknown as ReviewModel;
    const view = new scm.ReviewScm(model, Uri.file('/work/project') as never);
    view.render();
    assert.deepEqual(
      view.views().map((g) => g.label),
      ['List UI · 1 file — Todo list · run “Add a list”', 'Store · 1 file — Todo store with due dates · run “Add due dates”'],
    );
  });

  function register(model: ReviewModel) {
    const accepted: PendingFile[][] = [];
    const actions = {
      accept: async (list: readonly PendingFile[]): Promise<ReviewOutcome> => {
        accepted.push([...list]);
        return { applied: list.map((f) => f.path), merged: [], discarded: [], conflicts: [], message: 'accepted' };
      },
    };
    const disposables = commands.registerReviewCommands({ model, scm: undefined, actions: actions as never, root: Uri.file('/work/project') as never });
    const run = (id: string, arg: unknown) => registered.get(id)?.(arg) as Promise<ReviewOutcome>;
    return { accepted, run, dispose: () => disposables.forEach((d) => d.dispose()) };
  }

  it('asks before accepting an agent whose checks fail; declined, nothing is accepted', async () => {
    const r = register(modelWith(checksState()));
    try {
      const outcome = await r.run('fanout.review.acceptAgent', { runId: 'run-1', taskId: 'types' });
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.text, 'Checks still fail for Types: typecheck, test (3 problems in its files). Accept anyway?');
      assert.equal((warnings[0]?.options as { modal?: boolean }).modal, true);
      assert.equal(r.accepted.length, 0);
      assert.deepEqual(outcome.applied, []);

      answer = 'Accept Anyway';
      await r.run('fanout.review.acceptFile', { runId: 'run-1', path: 'src/types.ts' });
      assert.deepEqual(
        r.accepted.map((l) => l.map((f) => f.path)),
        [['src/types.ts']],
      );

      // An agent the failures do not point at is accepted without a question.
      warnings.length = 0;
      await r.run('fanout.review.acceptAgent', { runId: 'run-1', taskId: 'docs' });
      assert.equal(warnings.length, 0);
      assert.equal(r.accepted.length, 2);
    } finally {
      r.dispose();
    }
  });

  it('accepting everything names every failing agent; passing checks ask nothing', async () => {
    const failing = register(modelWith(checksState()));
    try {
      await failing.run('fanout.review.acceptAll', { runId: 'run-1' });
      assert.equal(
        warnings[0]?.text,
        'Checks still fail for Types: typecheck, test (3 problems in its files); API: typecheck (1 problem in its files). Accept anyway?',
      );
      assert.equal(failing.accepted.length, 0);
    } finally {
      failing.dispose();
    }
    warnings.length = 0;
    const passing = register(modelWith(checksState({ verdict: 'passing', failing: [], failingOwners: [] })));
    try {
      await passing.run('fanout.review.acceptAll', { runId: 'run-1' });
      assert.equal(warnings.length, 0);
      assert.equal(passing.accepted[0]?.length, 3);
    } finally {
      passing.dispose();
    }
  });
});
