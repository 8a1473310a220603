/**
 * Fanout with default settings against the strict fake Messages API, which rejects what the current
 * models reject (forced tool choice, sampling parameters, prefill, whitespace-only text, unanswered
 * tool calls, edited or dropped thinking blocks, thinking settings a model refuses, requests over the
 * window) and answers like them (signed thinking blocks first, narration between tool calls inside
 * thinking blocks). `plan` and `run "REQUEST"` go through the headless entry with no model, effort or
 * price option, so every request is shaped by the built-in model table alone.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../../src/core/run/events';
import { DEFAULT_MODELS } from '../../../src/core/defaults';
import type { TaskSpec } from '../../../src/core/plan/plan';
import { reply, text, toolUse, type Route } from '../../fake/messagesServer';
import { rejectedRequests, routeFor } from '../../fake/routes';
import { runCli } from '../../support/cli';
import {
  bodyOf,
  classify,
  copyTodoApp,
  plannerRoute,
  routerRoute,
  startPlanningFake,
  submitPlan,
  type PlanningFake,
  type TempRepo,
} from '../planning/planningFake';

const REQUEST = 'Add due dates to todos and show them in the list output';

const TASKS: TaskSpec[] = [
  {
    id: 'types',
    title: 'Due date type',
    phase: 'contract',
    role: 'Types',
    instructions: 'Create src/due.ts exporting `export type DueDate = string` (YYYY-MM-DD) and `export function isDueDate(value: string): boolean`.',
    owns: ['src/due.ts'],
    reads: ['src/todo.ts'],
    dependsOn: [],
  },
  {
    id: 'format',
    title: 'Show due dates',
    phase: 'implement',
    role: 'Formatting',
    instructions: 'In src/format.ts add `export function formatDue(due: DueDate): string` returning "(due YYYY-MM-DD)", importing DueDate from ./due.js.',
    owns: ['src/format.ts'],
    reads: ['src/due.ts'],
    dependsOn: ['types'],
  },
  {
    id: 'review',
    title: 'Review',
    phase: 'validate',
    role: 'QA',
    instructions: 'Check src/format.ts uses the contract from src/due.ts; report findings.',
    owns: [],
    reads: [],
    dependsOn: [],
  },
];

const DUE_TS = 'export type DueDate = string;\n\nexport function isDueDate(value: string): boolean {\n  return /^\\d{4}-\\d{2}-\\d{2}$/.test(value);\n}\n';

function routes(): Route[] {
  return [
    routerRoute([classify('complex', 'A contract, a formatting change and a review.')]),
    plannerRoute([submitPlan(TASKS)]),
    routeFor('types', [
      reply([text('I will read the todo model before writing the contract.'), toolUse('read_file', { path: 'src/todo.ts' })]),
      reply([text('Writing the DueDate contract now.'), toolUse('write_file', { path: 'src/due.ts', content: DUE_TS })]),
      reply([text('The contract is written.'), toolUse('finish', { summary: 'src/due.ts: DueDate and isDueDate.' })]),
    ]),
    routeFor('format', [
      reply([text('Reading the contract the types task staged.'), toolUse('read_file', { path: 'src/due.ts' })]),
      reply([
        text('Adding formatDue to src/format.ts.'),
        toolUse('write_file', {
          path: 'src/format.ts',
          content: "import type { DueDate } from './due.js';\n\nexport function formatDue(due: DueDate): string {\n  return `(due ${due})`;\n}\n",
        }),
      ]),
      reply([toolUse('finish', { summary: 'formatDue added.' })]),
    ]),
    routeFor('review', [
      reply([text('Checking the combined result.'), toolUse('read_file', { path: 'src/format.ts' })]),
      reply([
        toolUse('report_finding', { severity: 'info', message: 'formatDue follows the contract.', path: 'src/format.ts' }),
        toolUse('finish', { summary: 'Looks right.' }),
      ]),
    ]),
  ];
}

describe('default settings against the strict fake: plan and run "REQUEST"', function () {
  this.timeout(60_000);
  let fake: PlanningFake | undefined;
  let repo: TempRepo;
  let out: string;

  beforeEach(async () => {
    repo = await copyTodoApp();
    out = mkdtempSync(join(tmpdir(), 'fanout-accept-'));
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    await repo.remove();
    rmSync(out, { recursive: true, force: true });
  });

  const cli = async (args: readonly string[]) => {
    fake = await startPlanningFake(routes());
    // No model, effort or price options: the built-in table decides every request.
    return runCli(args, { ANTHROPIC_API_KEY: 'accept-key', ANTHROPIC_BASE_URL: fake.api.baseURL });
  };

  it('plan: the router and the planner answer through structured outputs, every request accepted, and the estimate is in dollars', async () => {
    const { code, stdout, stderr } = await cli(['plan', REQUEST, '--workspace', repo.root, '--json']);
    assert.equal(code, 0, stderr);
    const requests = fake?.api.requests ?? [];
    assert.deepEqual(rejectedRequests(requests), []);
    assert.deepEqual(
      requests.map((r) => bodyOf(r).model),
      [DEFAULT_MODELS.router, DEFAULT_MODELS.planner],
    );
    for (const request of requests) {
      const body = bodyOf(request);
      assert.equal(body.tool_choice, undefined);
      assert.equal(body.temperature, undefined);
      assert.ok(typeof body.output_config === 'object' && body.output_config !== null && 'format' in body.output_config, 'structured outputs');
    }
    const proposal = JSON.parse(stdout) as { estimate: { lowUsd: number | null; highUsd: number | null }; needsApproval: boolean };
    assert.ok(proposal.estimate.lowUsd !== null && proposal.estimate.lowUsd > 0, 'priced with the built-in table');
    assert.ok(proposal.estimate.highUsd !== null && proposal.estimate.highUsd < 5);
    assert.equal(proposal.needsApproval, false, 'a known price under the default $5 cap needs no approval');
  });

  it('run "REQUEST": routes, plans and runs three agents on the default models with no rejected request, progress as thinking and cost in dollars', async () => {
    const { code, stdout, stderr } = await cli(['run', REQUEST, '--workspace', repo.root, '--out', out]);
    assert.equal(code, 0, stderr + stdout);
    const requests = fake?.api.requests ?? [];
    assert.deepEqual(rejectedRequests(requests), []);
    assert.match(stdout, /types: done/);
    assert.match(stdout, /format: done/);
    assert.match(stdout, /review: done/);
    assert.match(stdout, /cost \$\d+\.\d{4}\n/, 'cost in dollars, not n/a');

    const agentRequests = requests.filter((r) => /Task id: /.test(r.matchText));
    assert.ok(agentRequests.length >= 8);
    for (const request of agentRequests) {
      const body = bodyOf(request);
      assert.equal(body.model, DEFAULT_MODELS.agent);
      assert.deepEqual(body.thinking, { type: 'adaptive', display: 'summarized' });
      assert.deepEqual(body.output_config, { effort: 'medium' });
    }
    // Narration between tool calls came back inside thinking blocks and reached the run log as progress.
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunEvent);
    const thinking = events.filter((e) => e.kind === 'agent.text' && e.source === 'thinking').map((e) => (e.kind === 'agent.text' ? e.text : ''));
    assert.ok(thinking.join('').includes('Writing the DueDate contract now.'), thinking.join('|'));
    const priced = events.filter((e) => e.kind === 'agent.usage');
    assert.ok(priced.length > 0 && priced.every((e) => e.kind === 'agent.usage' && e.costUsd !== null && e.costUsd > 0));
  });
});
