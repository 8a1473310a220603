import * as assert from 'node:assert/strict';
import type { TaskSpec } from '../../../src/core/plan/plan';
import { PlanningError } from '../../../src/core/planning/errors';
import { FEATURE_7 } from '../../../src/core/planning/patterns/builtins';
import { planFeature, type PlanFeatureOptions } from '../../../src/core/planning/planner';
import { PLANNER_MARKER } from '../../../src/core/planning/plannerPrompt';
import type { RepoMap } from '../../../src/core/planning/types';
import { GOOD_REQUEST, goodTasks } from '../../fixtures/planning/goodPlan';
import { httpError, reply, text, thinking, type JsonObject } from '../../fake/messagesServer';
import { lint, lintOptions, ROOT } from './helpers';
import { answer, bodyOf, messagesOf, plannerRoute, startPlanningFake, submitPlan, systemText, tasksJson, type PlanningFake } from './planningFake';

const repoMap: RepoMap = {
  text: 'Files:\nsrc/\n  routes.ts 812\nExported symbols:\nsrc/routes.ts\n  export const routes: Route[]',
  files: 1,
  truncated: false,
};
const instructions = { text: '## CLAUDE.md\nUse React function components and CSS modules.', sources: ['CLAUDE.md'] };

/** Fields a request to the current models must never carry. */
const FORBIDDEN = ['tools', 'tool_choice', 'temperature', 'top_p', 'top_k'];

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

  const failureOf = async (turns: Parameters<typeof plannerRoute>[0], extra: Partial<PlanFeatureOptions> = {}): Promise<PlanningError> => {
    const error = await plan(turns, extra).then(
      () => assert.fail('expected a PlanningError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof PlanningError, String(error));
    return error;
  };

  it('a good plan comes back as a Plan after one structured call on Opus 5.5, and lints clean', async () => {
    const result = await plan([submitPlan(goodTasks)], { pattern: FEATURE_7 });
    assert.deepEqual(result.tasks, goodTasks);
    assert.equal(result.request, GOOD_REQUEST);
    assert.equal(result.route, 'complex');
    assert.equal(result.pattern, 'feature-7');
    assert.deepEqual(lint(result, lintOptions()), []);
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 1);
    const body = bodyOf(requests[0]);
    assert.equal(body.model, 'claude-opus-5-5');
    for (const field of FORBIDDEN) assert.equal(body[field], undefined, `no ${field}`);
    assert.ok(
      body.thinking === undefined || JSON.stringify(body.thinking) === JSON.stringify({ type: 'adaptive', display: 'summarized' }),
      JSON.stringify(body.thinking),
    );
    assert.equal(body.max_tokens, 32_000);
    const config = body.output_config as JsonObject;
    assert.equal(config.effort, undefined, 'the default effort leaves the model its own');
    const format = config.format as { type: string; schema: JsonObject };
    assert.equal(format.type, 'json_schema');
    const items = ((format.schema.properties as JsonObject).tasks as JsonObject).items as JsonObject;
    assert.deepEqual([...(items.required as string[])].sort(), ['dependsOn', 'id', 'instructions', 'owns', 'phase', 'reads', 'role', 'title']);
    assert.equal(items.additionalProperties, false);
    const system = systemText(requests[0]);
    assert.ok(system.startsWith(PLANNER_MARKER));
    assert.doesNotMatch(system, /tool/i);
    for (const rule of [
      'Contracts first',
      'Exact instructions',
      'Ownership is exclusive',
      'Hot spots go to one integration task',
      'Validators own nothing',
      'Dependencies',
      'Proportionate',
    ]) {
      assert.ok(system.includes(rule), `the system prompt states "${rule}"`);
    }
    const messages = messagesOf(requests[0]);
    assert.equal(messages.length, 1);
    const user = String(messages[0]?.content);
    assert.ok(user.includes(`# Feature request\n${GOOD_REQUEST}`));
    assert.ok(user.includes('Use React function components and CSS modules.'));
    assert.ok(user.includes('export const routes: Route[]'));
    assert.ok(user.includes('Pattern "feature-7"'), 'the pattern is described for the planner');
  });

  it('the effort option is sent when it differs from the model default', async () => {
    await plan([submitPlan(goodTasks)], { effort: 'high' });
    assert.equal((bodyOf(fake?.messages()[0]).output_config as JsonObject).effort, 'high');
  });

  it('a multi-block answer (thinking, the JSON, a whitespace-only text block) is repaired: the answer goes back verbatim minus the blank block, and a user turn ends the conversation', async () => {
    const repairs: (readonly string[])[] = [];
    const first = reply([
      thinking('Two tasks share the page component; I will split styles off.'),
      text(JSON.stringify({ tasks: tasksJson(overlapping) })),
      text('\n\n'),
    ]);
    const result = await plan([first, submitPlan(goodTasks)], { onRepair: (p) => repairs.push(p), lintOptions: lintOptions() });
    assert.deepEqual(result.tasks, goodTasks);
    const requests = fake?.messages() ?? [];
    assert.equal(requests.length, 2);
    const firstMessages = messagesOf(requests[0]);
    const messages = messagesOf(requests[1]);
    assert.equal(messages.length, 3);
    assert.deepEqual(messages[0], firstMessages[0], 'nothing earlier is edited');
    const [, assistant, repair] = messages;
    assert.equal(assistant?.role, 'assistant');
    const blocks = assistant?.content as JsonObject[];
    assert.deepEqual(
      blocks.map((b) => b.type),
      ['thinking', 'text'],
    );
    assert.equal(blocks[0]?.thinking, 'Two tasks share the page component; I will split styles off.');
    assert.equal(typeof blocks[0]?.signature, 'string');
    assert.notEqual(blocks[0]?.signature, '');
    assert.deepEqual(JSON.parse(String(blocks[1]?.text)), { tasks: tasksJson(overlapping) });
    assert.ok(
      blocks.every((b) => b.type !== 'text' || String(b.text).trim() !== ''),
      'no whitespace-only text block',
    );
    assert.equal(repair?.role, 'user', 'the conversation ends with a user turn');
    const content = String(repair?.content);
    assert.match(content, /^The plan was not accepted\. Fix every problem below, then answer again with the complete corrected plan as one JSON object/);
    assert.match(content, /- ownership-overlap: Tasks "component" and "styles" both own files: src\/components\/profile\/ProfilePage\.tsx/);
    assert.doesNotMatch(content, /tool/i);
    assert.deepEqual(bodyOf(requests[1]).output_config, bodyOf(requests[0]).output_config, 'the same format and effort');
    assert.equal(bodyOf(requests[1]).system, bodyOf(requests[0]).system, 'the same system prompt');
    assert.equal(repairs.length, 1);
  });

  it("the repair message also lists the plan's lint findings when lint options are given", async () => {
    // A validation error (two owners) plus a lint warning (package.json, a hot spot, owned by a non-integration task).
    const withHotSpot = overlapping.map((t) => (t.id === 'hooks' ? { ...t, owns: [...t.owns, 'package.json'] } : t));
    await plan([submitPlan(withHotSpot), submitPlan(goodTasks)], { lintOptions: lintOptions() });
    const content = String(messagesOf((fake?.messages() ?? [])[1])[2]?.content);
    assert.match(content, /- ownership-overlap: /);
    assert.match(content, /Plan lint also found these; fix them too where the request allows:\n- warning hot-spot-owner: /);
  });

  it('a schema-invalid plan is repaired in one turn; the repair lists each field that is wrong', async () => {
    const broken = [
      { ...goodTasks[0], phase: 'build' },
      { id: 'Bad Id', title: 'x', phase: 'implement', role: 'X', owns: ['a.ts'] },
    ];
    const result = await plan([submitPlan(broken as JsonObject[]), submitPlan(goodTasks)]);
    assert.equal(result.tasks.length, goodTasks.length);
    const content = String(messagesOf((fake?.messages() ?? [])[1])[2]?.content);
    assert.match(content, /The model's answer was not a valid plan: tasks\.0\.phase: Invalid option/);
    assert.match(content, /tasks\.1\.id: task ids are 1-64 lowercase letters/);
    assert.match(content, /tasks\.1\.instructions: /);
  });

  it('JSON of the wrong shape (no tasks array) is repaired like any schema error', async () => {
    const result = await plan([answer({ plan: 'later' }), submitPlan(goodTasks)]);
    assert.equal(result.tasks.length, goodTasks.length);
    assert.match(String(messagesOf((fake?.messages() ?? [])[1])[2]?.content), /tasks: Invalid input: expected array/);
  });

  it('a plan still invalid after the repair turn is a PlanningError, after exactly 2 requests', async () => {
    const error = await failureOf([submitPlan(overlapping), submitPlan(overlapping), submitPlan(goodTasks)]);
    assert.equal(error.kind, 'invalid-plan');
    assert.match(error.message, /^The planner's plan was still invalid after one repair turn:\n {2}- ownership-overlap: Tasks "component" and "styles"/);
    assert.match(error.message, /choose the moderate route/);
    assert.deepEqual(
      error.findings.map((f) => f.code),
      ['ownership-overlap'],
    );
    assert.equal(fake?.messages().length, 2);
  });

  it('an answer that is not JSON is a no-json PlanningError quoting it, with no repair turn', async () => {
    const error = await failureOf([reply(['I need more details before I can plan this.'])]);
    assert.equal(error.kind, 'no-json');
    assert.match(
      error.message,
      /^Could not plan the request: The model's answer held no JSON plan; it answered: "I need more details before I can plan this\."/,
    );
    assert.equal(fake?.messages().length, 1);
  });

  it('an API failure is a PlanningError with the same actionable message', async () => {
    const error = await failureOf([httpError(404, { message: 'model: claude-opus-5-5' })]);
    assert.equal(error.kind, 'not-found');
    assert.match(error.message, /^Could not plan the request: Model "claude-opus-5-5" or the API endpoint was not found \(404\).*fanout\.models\.planner/);
  });

  it('an answer cut off at max_tokens is not repaired: it says so, and that thinking counts against the limit', async () => {
    const error = await failureOf([reply(['{"tasks": [{"id": "ty'], { stopReason: 'max_tokens' })]);
    assert.equal(error.kind, 'truncated');
    assert.match(error.message, /cut off at the output limit \(32000 tokens\) before it was complete; the model's thinking counts against that limit/);
    assert.equal(fake?.messages().length, 1);
  });

  it('a refusal is a refused PlanningError', async () => {
    const error = await failureOf([reply([], { stopReason: 'refusal', stopDetails: { category: 'frontier_llm', explanation: null } })]);
    assert.equal(error.kind, 'refused');
    assert.match(error.message, /declined to produce a plan for this request \(category: frontier_llm\)\. Rephrase the request and try again\./);
  });

  it('an unknown model gets no format, thinking or effort, still plans from a fenced answer, and reports its warning', async () => {
    const warnings: string[] = [];
    const fenced = reply([`Here is the plan.\n\n\`\`\`json\n${JSON.stringify({ tasks: tasksJson(goodTasks) }, null, 2)}\n\`\`\``]);
    const result = await plan([fenced], { model: 'acme-planner-2', effort: 'high', onWarning: (w) => warnings.push(w) });
    assert.deepEqual(result.tasks, goodTasks);
    const request = fake?.messages()[0];
    const body = bodyOf(request);
    assert.equal(body.output_config, undefined);
    assert.equal(body.thinking, undefined);
    for (const field of FORBIDDEN) assert.equal(body[field], undefined, `no ${field}`);
    assert.equal(body.max_tokens, 32_000, 'the conservative output maximum');
    assert.match(systemText(request), /Answer with one JSON object and nothing else[\s\S]*"tasks"/);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0] ?? '', /Fanout does not know model "acme-planner-2"/);
    assert.match(warnings[1] ?? '', /takes no effort setting; "high" is not sent/);
  });
});
