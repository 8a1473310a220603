import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkPlan } from '../../../../src/core/plan/planCheck';
import { contractFindings } from '../../../../src/core/planning/lint/contractRule';
import { workspaceFiles } from '../../../../src/core/planning/lint/workspaceFiles';
import type { LintOptions } from '../../../../src/core/planning/types';
import { applyFixAndCheck, lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

/** A small TS workspace: `export class TodoStore`, `export interface Todo`, `export type TodoId`, a re-export, a local class, a Python class. */
const FIXTURE = join(__dirname, '../../../fixtures/lint-exports');

const store = spec('store', 'implement', ['src/store.ts'], {
  instructions:
    'In src/store.ts give `class TodoStore` a `find(id: TodoId): Todo | undefined` method and a `byIds(ids: TodoId[]): Todo[]` method; keep `list(): Todo[]` as it is.',
});
const routes = spec('routes', 'implement', ['src/routes.ts'], {
  instructions:
    'In src/routes.ts export `export function createRoutes(store: TodoStore): Map<string, Handler>` answering GET /todos with `store.list()` as Todo[] and GET /todos/:id with `store.find(id as TodoId)`.',
});
const report = spec('report', 'implement', ['src/report.ts'], {
  instructions: 'In src/report.ts export `export function summarize(store: TodoStore, clock: TimeSource): string` listing each Todo[] entry with the time.',
});
const dueA = spec('due-a', 'implement', ['src/dueA.ts'], {
  instructions: 'In src/dueA.ts export `export function dueOf(store: TodoStore, id: TodoId): DueDate[]` with `interface DueDate { day: string }`.',
});
const dueB = spec('due-b', 'implement', ['src/dueB.ts'], {
  instructions: 'In src/dueB.ts render each DueDate[] entry of a TodoStore as "(due YYYY-MM-DD)".',
});

describe('lint: missing-contract against the workspace', () => {
  let options: LintOptions;
  beforeEach(() => {
    options = { ...lintOptions(), workspaceRoot: FIXTURE };
  });

  it('no finding for a class, interface, type or re-export the repository already exports', () => {
    const plan = planOf([store, routes, report]);
    assert.deepEqual(withCode(lint(plan, options), 'missing-contract'), []);
    // The same plan where nothing exists: the names are reported, so the workspace is what silenced them.
    const elsewhere = only(lint(plan, lintOptions()), 'missing-contract');
    assert.match(elsewhere.message, /TodoStore \(store, routes, report\)/);
  });

  it('a name defined nowhere is a warning naming only that name', () => {
    const finding = only(lint(planOf([store, routes, dueA, dueB]), options), 'missing-contract');
    assert.equal(finding.severity, 'warning');
    assert.equal(
      finding.message,
      'Tasks that run in parallel share types that no contract task defines and the repository does not export: DueDate (due-a, due-b). Each agent may invent its own version; add a contract task that defines them first.',
    );
    assert.deepEqual(finding.tasks, ['due-a', 'due-b']);
  });

  it('the fix never re-declares a name the repository exports', () => {
    const plan = planOf([dueA, dueB]);
    const finding = only(lint(plan, options), 'missing-contract');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /: DueDate \(due-a, due-b\)\. /);
    assert.doesNotMatch(finding.message, /TodoStore|TodoId/);
    const fixed = applyFixAndCheck(plan, finding, options);
    const contract = fixed.tasks.find((t) => t.phase === 'contract');
    assert.equal(contract?.title, 'Shared types: DueDate');
    assert.deepEqual(contract?.owns, ['src/types.ts']);
    assert.match(contract?.instructions ?? '', /^Add to src\/types\.ts \(it exists: keep everything it already exports\)/);
    assert.match(contract?.instructions ?? '', /`export interface DueDate \{ … \}`/);
    assert.doesNotMatch(contract?.instructions ?? '', /TodoStore|TodoId|Clock|TimeSource/);
    assert.deepEqual(withCode(lint(fixed, options), 'missing-contract'), []);
  });

  it('a class the repository defines without exporting it is still reported; an exported Python class is not', () => {
    const a = spec('a', 'implement', ['src/a.ts'], { instructions: 'In src/a.ts keep a `cache: LocalCache` and return ReportRow[] from `rows()`.' });
    const b = spec('b', 'implement', ['src/b.ts'], { instructions: 'In src/b.ts read the LocalCache[] of each shard and count the ReportRow[] rows.' });
    const finding = only(lint(planOf([a, b]), options), 'missing-contract');
    assert.match(finding.message, /: LocalCache \(a, b\)\. /);
    assert.doesNotMatch(finding.message, /ReportRow/);
  });

  it('says so when the bounded search stopped before reading the whole repository', () => {
    const plan = checkPlan(planOf([dueA, dueB]), FIXTURE).plan;
    const [stopped] = contractFindings(plan, FIXTURE, workspaceFiles(FIXTURE, 2));
    assert.match(stopped?.message ?? '', /does not export \(the search of the repository for them stopped at its size limit\): DueDate/);
    const [complete] = contractFindings(plan, FIXTURE, workspaceFiles(FIXTURE));
    assert.doesNotMatch(complete?.message ?? '', /stopped/);
  });
});

describe('workspace files for lint', () => {
  it('lists the files in path order and finds exported names, re-exports and aliases included', () => {
    const workspace = workspaceFiles(FIXTURE);
    assert.deepEqual(workspace.listing(), {
      files: ['lib/models.py', 'src/cache.ts', 'src/index.ts', 'src/store.ts', 'src/todo.ts', 'src/types.ts'],
      stopped: false,
    });
    const names = workspace.exportedNames(new Set(['TodoStore', 'Todo', 'TodoId', 'TimeSource', 'Clock', 'ReportRow', 'LocalCache', '_PrivateRow', 'Missing']));
    assert.deepEqual([...names.found].sort(), ['Clock', 'ReportRow', 'TimeSource', 'Todo', 'TodoId', 'TodoStore']);
    assert.equal(names.complete, true);
  });

  it('stops at its entry limit and says the search is incomplete', () => {
    const workspace = workspaceFiles(FIXTURE, 3);
    assert.equal(workspace.listing().stopped, true);
    assert.equal(workspace.exportedNames(new Set(['Nowhere'])).complete, false);
  });
});
