import * as assert from 'node:assert/strict';
import { runCli } from '../../support/cli';
import { routeFor } from '../../fake/routes';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskSpec } from '../../../src/core/plan/plan';
import { reply, toolUse, type JsonObject, type Route } from '../../fake/messagesServer';
import { TODO_APP_PLAN, TODO_APP_REQUEST } from '../../fixtures/repos/todoAppPlan';
import {
  answer,
  bodyOf,
  classify,
  copyTodoApp,
  plannerRoute,
  routerRoute,
  startPlanningFake,
  submitPlan,
  type PlanningFake,
  type TempRepo,
} from './planningFake';

/** Agent models with no price anywhere (built in or --prices), so the estimate's cost is unknown. */
const UNPRICED_AGENTS = ['--model', 'acme-agent', '--validator-model', 'acme-agent'];

describe('headless entry: plan and run "REQUEST"', function () {
  this.timeout(30_000);
  let fake: PlanningFake | undefined;
  let repo: TempRepo;
  beforeEach(async () => {
    repo = await copyTodoApp();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await repo.remove();
  });

  const cli = async (routes: readonly Route[], args: readonly string[]) => {
    fake = await startPlanningFake(routes);
    return runCli(args, { ANTHROPIC_API_KEY: 'cli-key', ANTHROPIC_BASE_URL: fake.api.baseURL });
  };

  it('plan --json routes, plans, lints and estimates end to end: {route, plan, findings, estimate}', async () => {
    const { code, stdout, stderr } = await cli(
      [routerRoute([classify('complex', 'Touches the CLI, store, format and tests.')]), plannerRoute([submitPlan(TODO_APP_PLAN.tasks)])],
      ['plan', TODO_APP_REQUEST, '--workspace', repo.root, '--json', ...UNPRICED_AGENTS],
    );
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout) as {
      route: JsonObject;
      plan: { tasks: TaskSpec[]; request: string; route: string };
      findings: unknown[];
      estimate: JsonObject;
      needsApproval: boolean;
    };
    assert.deepEqual(Object.keys(out).sort(), ['estimate', 'findings', 'needsApproval', 'plan', 'route']);
    assert.deepEqual(out.route, { route: 'complex', rationale: 'Touches the CLI, store, format and tests.', overridden: false });
    assert.deepEqual(out.plan.tasks, TODO_APP_PLAN.tasks);
    assert.equal(out.plan.request, TODO_APP_REQUEST);
    assert.deepEqual(out.findings, []);
    assert.equal(out.estimate.highUsd, null);
    assert.deepEqual(out.estimate.unpricedModels, ['acme-agent']);
    assert.equal(out.needsApproval, true);
    assert.match(stderr, /Classifying the request…\nPlanning the request…\nChecking the plan/);
    const requests = fake?.messages() ?? [];
    assert.deepEqual(
      requests.map((r) => bodyOf(r).model),
      ['claude-haiku-5-5', 'claude-opus-5-5'],
    );
    assert.ok(
      requests.every((r) => bodyOf(r).tool_choice === undefined && bodyOf(r).tools === undefined),
      'structured outputs, no forced tool',
    );
    assert.ok(
      requests.every((r) => r.headers.authorization === 'Bearer cli-key'),
      'the key from ANTHROPIC_API_KEY',
    );
  });

  it('plan prints the route, the tasks, the findings and the estimate for people', async () => {
    const { code, stdout, stderr } = await cli(
      [routerRoute([classify('trivial', 'One named file.', ['src/format.ts'])])],
      ['plan', 'Fix the summary line in src/format.ts', '--workspace', repo.root, '--router-model', 'claude-haiku-test', ...UNPRICED_AGENTS],
    );
    assert.equal(code, 0);
    assert.match(stdout, /^Route: trivial — One named file\.\n/);
    assert.match(stdout, /specialist \[implement\] Specialist: Fix the summary line in src\/format\.ts\n {6}owns: src\/format\.ts/);
    assert.match(stdout, /Estimate: n\/a–n\/a, [\d,]+–[\d,]+ tokens \(no price for acme-agent; pass --prices FILE\)/);
    assert.equal(bodyOf(fake?.messages()[0]).model, 'claude-haiku-test');
    assert.match(stderr, /Warning: Fanout does not know model "claude-haiku-test"/, 'the unknown router model is reported');
  });

  it('plan with an empty request exits 2 before any request; a garbled classification exits 1 with the RouteError', async () => {
    const empty = await cli([routerRoute([classify('complex', 'x')])], ['plan', '  ', '--workspace', repo.root]);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /The feature request is empty/);
    assert.equal(fake?.api.requests.length, 0);
    await fake?.close();
    const garbled = await cli([routerRoute([answer({ route: 'big' })])], ['plan', 'Add due dates', '--workspace', repo.root]);
    assert.equal(garbled.code, 1);
    assert.match(garbled.stderr, /Could not classify the request: The model's answer was not a valid route classification: route: Invalid option/);
  });

  it('run "REQUEST" plans and runs in one go, with the project context in every agent\'s shared prefix', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fanout-cli-out-'));
    try {
      const write = reply([toolUse('write_file', { path: 'src/format.ts', content: 'export const fixed = true;\n' })]);
      const { code, stdout, stderr } = await cli(
        [routeFor('specialist', [write, reply([toolUse('finish', { summary: 'Fixed.' })])])],
        ['run', 'Fix the summary line in src/format.ts', '--route', 'trivial', '--workspace', repo.root, '--out', out, '--yes'],
      );
      assert.equal(code, 0, stderr + stdout);
      assert.match(stdout, /^Route: trivial \(chosen by you\) — Chosen by the user\./);
      assert.match(stdout, /specialist: staged modify src\/format\.ts/);
      assert.ok(existsSync(join(out, 'patches', 'specialist.patch')));
      assert.notEqual(readFileSync(join(repo.root, 'src/format.ts'), 'utf8'), 'export const fixed = true;\n', 'the workspace is untouched');
      const agentRequests = fake?.messages() ?? [];
      assert.equal(agentRequests.length, 2, 'no classification call: the route was chosen');
      const system = bodyOf(agentRequests[0]).system as JsonObject[];
      assert.match(
        String(system[0]?.text),
        /# Project context\n## Project instructions\n## CLAUDE\.md\n# todo-app — notes for coding agents[\s\S]*## Repository map\n13 files/,
      );
      assert.deepEqual(system[0]?.cache_control, { type: 'ephemeral' });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('run "REQUEST" refuses a plan with errors, and one that needs approval without --yes, before any agent starts', async () => {
    // Contract tasks run in plan order; "types" waits for "dates", listed after it: an `ordering` error.
    const shared: TaskSpec[] = [
      {
        id: 'types',
        title: 'Types',
        phase: 'contract',
        role: 'Types',
        instructions: 'In src/todo.ts add `export interface DueDate { day: string }` and `dueDate?: DueDate` to `export interface Todo`.',
        owns: ['src/todo.ts'],
        reads: [],
        dependsOn: ['dates'],
      },
      {
        id: 'dates',
        title: 'Dates',
        phase: 'contract',
        role: 'Types',
        instructions: 'In src/dates.ts add `export type IsoDay = string` and `export function isIsoDay(value: unknown): value is IsoDay`.',
        owns: ['src/dates.ts'],
        reads: [],
        dependsOn: [],
      },
    ];
    const errors = await cli([plannerRoute([submitPlan(shared)])], ['run', 'Add due dates', '--route', 'complex', '--workspace', repo.root, '--yes']);
    assert.equal(errors.code, 2);
    assert.match(errors.stderr, /The plan has errors; nothing ran:\n {2}error ordering: /);
    assert.equal(fake?.messages().length, 1, 'the planner only');
    await fake?.close();

    const unpriced = await cli(
      [plannerRoute([submitPlan(TODO_APP_PLAN.tasks)])],
      ['run', TODO_APP_REQUEST, '--route', 'complex', '--workspace', repo.root, ...UNPRICED_AGENTS],
    );
    assert.equal(unpriced.code, 2);
    assert.match(unpriced.stderr, /The plan needs approval: its cost is unknown .*Pass --yes to run it anyway/);
    assert.equal(fake?.messages().length, 1, 'the planner only');
  });

  it('usage errors: run with both a request and --plan, or an unknown route', async () => {
    const both = await runCli(['run', 'Add x', '--plan', 'p.json', '--workspace', repo.root], {});
    assert.equal(both.code, 2);
    assert.match(both.stderr, /either a request or --plan, not both/);
    const route = await runCli(['plan', 'Add x', '--route', 'huge', '--workspace', repo.root], {});
    assert.equal(route.code, 2);
    assert.match(route.stderr, /--route takes trivial, moderate or complex; got "huge"/);
  });
});
