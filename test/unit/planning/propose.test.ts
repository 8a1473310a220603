import * as assert from 'node:assert/strict';
import { DEFAULT_BUDGETS } from '../../../src/core/defaults';
import type { TaskSpec } from '../../../src/core/plan/plan';
import { isValidated } from '../../../src/core/plan/planCheck';
import { PlanningError, RouteError } from '../../../src/core/planning/errors';
import { needsApproval, proposePlan, type ProposalProgress, type ProposeOptions } from '../../../src/core/planning/propose';
import type { CostEstimate } from '../../../src/core/planning/types';
import { TODO_APP_PLAN, TODO_APP_REQUEST } from '../../fixtures/repos/todoAppPlan';
import type { JsonObject } from '../../fake/messagesServer';
import {
  bodyOf,
  classify,
  copyTodoApp,
  lintOptionsFor,
  messagesOf,
  plannerRoute,
  routerRoute,
  startPlanningFake,
  submitPlan,
  type PlanningFake,
  type TempRepo,
} from './planningFake';

const MODELS = { router: 'claude-haiku-5-5', planner: 'claude-opus-5-5' };
const PRICES = { 'claude-sonnet-5-5': { input: 3, output: 15 } };

describe('propose: proposePlan', () => {
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

  const propose = async (routes: Parameters<typeof startPlanningFake>[0], extra: Partial<ProposeOptions> = {}) => {
    fake = await startPlanningFake(routes);
    return proposePlan({
      client: fake.client,
      models: MODELS,
      request: TODO_APP_REQUEST,
      workspaceRoot: repo.root,
      lintOptions: lintOptionsFor(repo.root),
      ...extra,
    });
  };

  it('an empty or whitespace request fails before any model call', async () => {
    for (const request of ['', '  \n\t ']) {
      await assert.rejects(propose([routerRoute([classify('complex', 'x')])], { request }), (e: unknown) => {
        assert.ok(e instanceof PlanningError);
        assert.equal(e.kind, 'empty-request');
        assert.match(e.message, /The feature request is empty/);
        return true;
      });
      assert.equal(fake?.api.requests.length, 0);
      await fake?.close();
    }
    fake = undefined;
  });

  it('an unknown pattern fails before any model call, listing the known ones', async () => {
    await assert.rejects(
      propose([routerRoute([classify('complex', 'x')])], { patternName: 'nope' }),
      /There is no pattern named "nope"\. Known patterns: feature-7, domain, review-roles, research/,
    );
    assert.equal(fake?.api.requests.length, 0);
  });

  it('trivial: one specialist owning exactly the named files, no planning call, project context read', async () => {
    const progress: ProposalProgress[] = [];
    const proposal = await propose([routerRoute([classify('trivial', 'One named file.', ['./src/format.ts'])])], {
      request: 'Fix the typo "Nothing to do" in src/format.ts',
      onProgress: (p) => progress.push(p),
    });
    assert.deepEqual(proposal.route, { route: 'trivial', rationale: 'One named file.', overridden: false });
    assert.equal(proposal.plan.route, 'trivial');
    assert.deepEqual(
      proposal.plan.tasks.map((t) => [t.id, t.phase, t.role, t.owns]),
      [['specialist', 'implement', 'Specialist', ['src/format.ts']]],
    );
    assert.match(proposal.plan.tasks[0]?.instructions ?? '', /Change only these paths: src\/format\.ts/);
    assert.equal(fake?.messages().length, 1, 'the router only');
    assert.deepEqual(
      proposal.findings.filter((f) => f.severity === 'error'),
      [],
    );
    assert.deepEqual(proposal.plan.lint, proposal.findings);
    assert.match(proposal.sharedContext, /## Project instructions\n## CLAUDE\.md\n# todo-app — notes for coding agents/);
    assert.match(proposal.sharedContext, /## Repository map\n13 files/);
    assert.deepEqual(
      progress.map((p) => p.stage),
      ['routing', 'checking'],
    );
  });

  it('trivial with no named file is an error telling the user what to do', async () => {
    await assert.rejects(propose([routerRoute([classify('trivial', 'Small.')])], { request: 'Fix the typo' }), (e: unknown) => {
      assert.ok(e instanceof PlanningError);
      assert.equal(e.kind, 'no-files');
      assert.match(e.message, /names none\. Name the files .* or choose the moderate or complex route\./);
      return true;
    });
  });

  it('moderate without named files: one implementer owning the whole workspace, which validates', async () => {
    const proposal = await propose([routerRoute([classify('moderate', 'One area.')])], { request: 'Make list sorting stable' });
    assert.deepEqual(
      proposal.plan.tasks.map((t) => [t.id, t.owns]),
      [['implement', ['**']]],
    );
    assert.equal(isValidated(proposal.plan), true, 'the proposal carries its check: a ValidatedPlan');
  });

  it('complex: router, then the planner with the repo map, CLAUDE.md and the pattern; lint and estimate attached', async () => {
    const proposal = await propose([routerRoute([classify('complex', 'CLI, store, format and tests.')]), plannerRoute([submitPlan(TODO_APP_PLAN.tasks)])], {
      patternName: 'feature-7',
    });
    assert.equal(proposal.route.route, 'complex');
    assert.deepEqual(proposal.plan.tasks, TODO_APP_PLAN.tasks);
    assert.equal(isValidated(proposal.plan), true, "the planner's check comes with the plan");
    assert.equal(proposal.plan.pattern, 'feature-7');
    assert.deepEqual(
      proposal.findings.filter((f) => f.severity === 'error'),
      [],
    );
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 2);
    const plannerPrompt = String(messagesOf(requests[1])[0]?.content);
    assert.ok(plannerPrompt.includes('All I/O goes through') || plannerPrompt.includes('all I/O goes through'), 'CLAUDE.md reaches the planner');
    assert.ok(plannerPrompt.includes('export class TodoStore'), 'the repo map reaches the planner');
    assert.ok(plannerPrompt.includes('Pattern "feature-7"'));
    assert.equal(proposal.estimate.highUsd, null, 'no price for the agent model');
    assert.deepEqual(proposal.estimate.unpricedModels, ['claude-sonnet-5-5']);
    assert.equal(proposal.needsApproval, true, 'an unknown cost cannot be shown to be under the $5 cap');
    assert.deepEqual(proposal.warnings, [], 'both models are in the table');
  });

  it('the effort settings shape each planning request', async () => {
    await propose([routerRoute([classify('complex', 'x')]), plannerRoute([submitPlan(TODO_APP_PLAN.tasks)])], { effort: { router: 'high', planner: 'xhigh' } });
    const [router, planner] = (fake?.messages() ?? []).map((r) => bodyOf(r));
    assert.equal((router?.output_config as JsonObject).effort, 'high');
    assert.deepEqual(router?.thinking, { type: 'disabled' }, 'Haiku 5.5 turns thinking off up to high effort');
    assert.equal((planner?.output_config as JsonObject).effort, 'xhigh');
  });

  it('unknown model ids are planned with the conservative rules and come back as warnings, once each', async () => {
    const proposal = await propose([routerRoute([classify('complex', 'x')]), plannerRoute([submitPlan([]), submitPlan(TODO_APP_PLAN.tasks)])], {
      models: { router: 'acme-router', planner: 'acme-planner' },
    });
    assert.equal(fake?.messages().length, 3, 'router, planner and its repair turn');
    assert.equal(proposal.warnings.length, 2);
    assert.match(proposal.warnings[0] ?? '', /Fanout does not know model "acme-router"/);
    assert.match(proposal.warnings[1] ?? '', /Fanout does not know model "acme-planner"/);
    assert.ok((fake?.messages() ?? []).every((r) => bodyOf(r).output_config === undefined));
  });

  it('a route override skips the classification call and says so', async () => {
    const proposal = await propose([plannerRoute([submitPlan(TODO_APP_PLAN.tasks)])], { routeOverride: 'complex' });
    assert.deepEqual(proposal.route, { route: 'complex', rationale: 'Chosen by the user.', overridden: true });
    assert.equal(fake?.messages().length, 1);
  });

  it('a trivial override reads the named files from the request text', async () => {
    const proposal = await propose([], { routeOverride: 'trivial', request: 'Rename formatTodo in src/format.ts and README.md.' });
    assert.deepEqual(proposal.plan.tasks[0]?.owns, ['src/format.ts', 'README.md']);
    assert.equal(fake?.api.requests.length, 0);
  });

  it('a plan missing a contract is proposed with the missing-contract warning and its fix', async () => {
    const noContract: TaskSpec[] = [
      {
        id: 'store',
        title: 'Store',
        phase: 'implement',
        role: 'Store',
        instructions: 'In src/store.ts add `setDue(id: TodoId, due: DueDate): Promise<Todo>` where `export interface DueDate { day: string }` is defined here.',
        owns: ['src/store.ts'],
        reads: [],
        dependsOn: [],
      },
      {
        id: 'format',
        title: 'Format',
        phase: 'implement',
        role: 'Formatting',
        instructions: 'In src/format.ts render `DueDate` values as "(due YYYY-MM-DD)" after the title, using `formatDue(due: DueDate): string`.',
        owns: ['src/format.ts'],
        reads: [],
        dependsOn: [],
      },
    ];
    const proposal = await propose([routerRoute([classify('complex', 'x')]), plannerRoute([submitPlan(noContract)])]);
    const missing = proposal.findings.filter((f) => f.code === 'missing-contract');
    assert.equal(missing.length, 1);
    assert.equal(missing[0]?.severity, 'warning');
    assert.match(missing[0]?.message ?? '', /DueDate \(store, format\)/);
    assert.ok(missing[0]?.fix, 'with a one-click fix');
  });

  it('a fragmented plan gets an over-fragmentation warning', async () => {
    const tiny = (id: string, file: string): TaskSpec => ({
      id,
      title: id,
      phase: 'implement',
      role: 'Code',
      instructions: `Edit ${file}.`,
      owns: [file],
      reads: [],
      dependsOn: [],
    });
    const fragmented = [tiny('a', 'src/format.ts'), tiny('b', 'src/store.ts'), tiny('c', 'src/cli.ts'), tiny('d', 'src/index.ts')];
    const proposal = await propose([routerRoute([classify('complex', 'x')]), plannerRoute([submitPlan(fragmented)])], { request: 'Add due dates to todos.' });
    const warnings = proposal.findings.filter((f) => f.code.startsWith('fragmentation-'));
    assert.ok(warnings.length > 0, `expected a fragmentation warning, got ${proposal.findings.map((f) => f.code).join(', ')}`);
    assert.ok(warnings.every((f) => f.severity === 'warning'));
  });

  it('priced models under the cap need no approval; a tiny cap does', async () => {
    const priced = lintOptionsFor('', { prices: PRICES });
    const ok = await propose([routerRoute([classify('trivial', 'x', ['src/format.ts'])])], {
      request: 'Fix src/format.ts',
      lintOptions: { ...priced, workspaceRoot: repo.root },
    });
    assert.ok(ok.estimate.highUsd !== null && ok.estimate.highUsd < 5);
    assert.equal(ok.needsApproval, false);
    await fake?.close();
    const tight = { ...priced, workspaceRoot: repo.root, budgets: { ...DEFAULT_BUDGETS, maxCostUsdPerRun: 0.0001 } };
    const over = await propose([routerRoute([classify('trivial', 'x', ['src/format.ts'])])], { request: 'Fix src/format.ts', lintOptions: tight });
    assert.equal(over.needsApproval, true);
  });

  it('an aborted signal ends planning as cancelled, with no plan', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(propose([routerRoute([classify('complex', 'x')])], { signal: controller.signal }), (e: unknown) => {
      assert.ok(e instanceof PlanningError || e instanceof RouteError);
      assert.equal(e.kind, 'cancelled');
      return true;
    });
    assert.equal(fake?.api.requests.length, 0);
  });

  it('a router failure surfaces as a RouteError and no plan is made', async () => {
    await assert.rejects(propose([routerRoute([classify('enormous', 'x')])]), RouteError);
    assert.equal(fake?.messages().length, 1);
  });
});

describe('propose: needsApproval', () => {
  const estimate = (highUsd: number | null): CostEstimate => ({ lowUsd: 0, highUsd, lowTokens: 0, highTokens: 0, unpricedModels: [], basis: '' });

  it('is true above the cap or when the cost is unknown under a cap, false with no cap', () => {
    assert.equal(needsApproval(estimate(6), 5), true);
    assert.equal(needsApproval(estimate(5), 5), false);
    assert.equal(needsApproval(estimate(null), 5), true);
    assert.equal(needsApproval(estimate(null), 0), false);
    assert.equal(needsApproval(estimate(100), 0), false);
  });
});
