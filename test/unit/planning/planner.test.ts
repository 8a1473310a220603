import * as assert from 'node:assert/strict';
import type { TaskSpec } from '../../../src/core/plan';
import { PlanningError } from '../../../src/core/planning/errors';
import { lintPlan } from '../../../src/core/planning/lint/lintPlan';
import { FEATURE_7 } from '../../../src/core/planning/patterns/builtins';
import { planFeature, type PlanFeatureOptions } from '../../../src/core/planning/planner';
import type { RepoMap } from '../../../src/core/planning/types';
import { GOOD_REQUEST, goodTasks } from '../../fixtures/planning/goodPlan';
import { httpError, reply, toolUse, type JsonObject } from '../../fake/messagesServer';
import { ROOT, lintOptions } from './helpers';
import { bodyOf, messagesOf, plannerRoute, startPlanningFake, submitPlan, type PlanningFake } from './planningFake';

const repoMap: RepoMap = { text: 'Files:\nsrc/\n  routes.ts 812\nExported symbols:\nsrc/routes.ts\n  export const routes: Route[]', files: 1, truncated: false };
const instructions = { text: '## CLAUDE.md\nUse React function components and CSS modules.', sources: ['CLAUDE.md'] };

/** goodTasks with the styles task also claiming the page component the component task owns. */
const overlapping: TaskSpec[] = goodTasks.map((t) => (t.id === 'styles' ? { ...t, owns: [...t.owns, 'src/components/profile/ProfilePage.tsx'] } : t));

describe('planner: planFeature', () => {
  let fake: PlanningFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const plan = async (turns: Parameters<typeof plannerRoute>[0], extra: Partial<PlanFeatureOptions> = {}) => {
    fake = await startPlanningFake([plannerRoute(turns)]);
    return planFeature({ client: fake.client, model: 'claude-opus-5-5', request: `  ${GOOD_REQUEST}\n`, workspaceRoot: ROOT, repoMap, instructions, ...extra });
  };

  it('a good plan comes back as a Plan after one forced submit_plan call, and lints clean', async () => {
    const result = await plan([submitPlan(goodTasks)], { pattern: FEATURE_7 });
    assert.deepEqual(result.tasks, goodTasks);
    assert.equal(result.request, GOOD_REQUEST);
    assert.equal(result.route, 'complex');
    assert.equal(result.pattern, 'feature-7');
    assert.deepEqual(lintPlan(result, lintOptions()), []);
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 1);
    const body = bodyOf(requests[0]);
    assert.equal(body.model, 'claude-opus-5-5');
    assert.deepEqual(body.tool_choice, { type: 'tool', name: 'submit_plan' });
    const tool = (body.tools as { name: string; input_schema: JsonObject }[])[0];
    assert.equal(tool?.name, 'submit_plan');
    const items = ((tool?.input_schema.properties as JsonObject).tasks as JsonObject).items as JsonObject;
    assert.deepEqual([...(items.required as string[])].sort(), ['dependsOn', 'id', 'instructions', 'owns', 'phase', 'reads', 'role', 'title']);
    const system = String(body.system);
    for (const rule of ['Contracts first', 'Exact instructions', 'Ownership is exclusive', 'Hot spots go to one integration task', 'Validators own nothing', 'Dependencies', 'Proportionate']) {
      assert.ok(system.includes(rule), `the system prompt states "${rule}"`);
    }
    const user = String(messagesOf(requests[0])[0]?.content);
    assert.ok(user.includes(`# Feature request\n${GOOD_REQUEST}`));
    assert.ok(user.includes('Use React function components and CSS modules.'));
    assert.ok(user.includes('export const routes: Route[]'));
    assert.ok(user.includes('Pattern "feature-7"'), 'the pattern is described for the planner');
  });

  it('overlapping ownership gets one repair turn: is_error tool_result naming the overlap, tool forced again', async () => {
    const repairs: (readonly string[])[] = [];
    const result = await plan([submitPlan(overlapping), submitPlan(goodTasks)], { onRepair: (p) => repairs.push(p) });
    assert.deepEqual(result.tasks, goodTasks);
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 2);
    const [user, assistant, toolResult] = messagesOf(requests[1]);
    assert.equal(user?.role, 'user');
    const toolUseBlock = (assistant?.content as JsonObject[]).find((b) => b.type === 'tool_use');
    assert.equal(assistant?.role, 'assistant');
    assert.equal(toolUseBlock?.name, 'submit_plan');
    const result0 = (toolResult?.content as JsonObject[])[0];
    assert.equal(result0?.type, 'tool_result');
    assert.equal(result0?.tool_use_id, toolUseBlock?.id);
    assert.equal(result0?.is_error, true);
    assert.match(String(result0?.content), /^The plan was not accepted\. Fix every problem below/);
    assert.match(String(result0?.content), /- ownership-overlap: Tasks "component" and "styles" both own files: src\/components\/profile\/ProfilePage\.tsx/);
    assert.deepEqual(bodyOf(requests[1]).tool_choice, { type: 'tool', name: 'submit_plan' });
    assert.equal(repairs.length, 1);
  });

  it('a schema-invalid plan is repaired in one turn; the tool_result lists each field that is wrong', async () => {
    const broken = [{ ...goodTasks[0], phase: 'build' }, { id: 'Bad Id', title: 'x', phase: 'implement', role: 'X', owns: ['a.ts'] }];
    const result = await plan([submitPlan(broken as JsonObject[]), submitPlan(goodTasks)]);
    assert.equal(result.tasks.length, goodTasks.length);
    const toolResult = (messagesOf((fake?.messages() ?? [])[1])[2]?.content as JsonObject[])[0];
    assert.equal(toolResult?.is_error, true);
    const content = String(toolResult?.content);
    assert.match(content, /The model's answer was not a valid plan: tasks\.0\.phase: Invalid option/);
    assert.match(content, /tasks\.1\.id: task ids are 1-64 lowercase letters/);
    assert.match(content, /tasks\.1\.instructions: /);
  });

  it('an answer with no tasks array is repaired like any schema error', async () => {
    const result = await plan([reply([toolUse('submit_plan', { plan: 'later' })]), submitPlan(goodTasks)]);
    assert.equal(result.tasks.length, goodTasks.length);
    assert.match(String((messagesOf((fake?.messages() ?? [])[1])[2]?.content as JsonObject[])[0]?.content), /tasks: Invalid input: expected array/);
  });

  it('a plan still invalid after the repair turn is a PlanningError, after exactly 2 requests', async () => {
    const error = await plan([submitPlan(overlapping), submitPlan(overlapping), submitPlan(goodTasks)]).then(
      () => assert.fail('expected a PlanningError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PlanningError);
    assert.equal(error.kind, 'invalid-plan');
    assert.match(error.message, /^The planner's plan was still invalid after one repair turn:\n {2}- ownership-overlap: Tasks "component" and "styles"/);
    assert.match(error.message, /choose the moderate route/);
    assert.deepEqual(error.findings.map((f) => f.code), ['ownership-overlap']);
    assert.equal(fake?.messages().length, 2);
  });

  it('an API failure is a PlanningError with the same actionable message', async () => {
    await assert.rejects(plan([httpError(404, { message: 'model: claude-opus-5-5' })]), (e: unknown) => {
      assert.ok(e instanceof PlanningError);
      assert.equal(e.kind, 'not-found');
      assert.match(e.message, /^Could not plan the request: Model "claude-opus-5-5" or the API endpoint was not found \(404\).*fanout\.models\.planner/);
      return true;
    });
  });

  it('an answer cut off at max_tokens is not repaired: it says so', async () => {
    await assert.rejects(plan([reply([toolUse('submit_plan', { tasks: [] })], { stopReason: 'max_tokens' })]), (e: unknown) => {
      assert.ok(e instanceof PlanningError);
      assert.equal(e.kind, 'truncated');
      assert.match(e.message, /cut off at the output limit/);
      return true;
    });
    assert.equal(fake?.messages().length, 1);
  });
});
