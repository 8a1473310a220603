/**
 * The demo's read-only fan-outs on the sample workspace, through the demo server, the real SDK and the
 * real engine: a review (every role, then two roles) and a research run (the split call, then q1..q3),
 * each ending with the scripted synthesis.
 */
import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_MODELS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { DEFAULT_MODEL_TABLE } from '../../../src/core/model/modelTable';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import { asValidated, checkPlan } from '../../../src/core/plan/planCheck';
import { REVIEW_ROLES } from '../../../src/core/planning/patterns/builtins';
import { checkAnswer, requestStructured } from '../../../src/core/planning/structuredCall';
import { RESEARCH_SPLIT_MARKER, researchSplitSchema, researchTaskId, type ResearchSplit } from '../../../src/core/research/researchTypes';
import { reviewPlan, roleSlug } from '../../../src/core/review/reviewPlan';
import { startRun } from '../../../src/core/run/engine';
import type { RankedFinding } from '../../../src/core/run/checkEvents';
import type { RunEvent, RunEventKind, RunEventOf } from '../../../src/core/run/events';
import type { RunState } from '../../../src/core/run/runState';
import type { ScriptedIssue } from '../../../src/demo/agentScript';
import { DEMO_API_KEY, startDemoServer, type DemoServer } from '../../../src/demo/demoServer';
import { DEMO_TASKS } from '../../../src/demo/plan';
import { DEMO_RESEARCH_NOTE, RESEARCH_FACTS } from '../../../src/demo/researchScript';
import { REVIEW_ISSUES } from '../../../src/demo/reviewScript';
import { DEMO_REVIEW_NOTE, demoSynthesis } from '../../../src/demo/synthesisScript';
import { copySample, SAMPLE } from './demoHarness';

interface ReadOnlyResult {
  readonly state: RunState;
  readonly events: readonly RunEvent[];
}

function eventsOf<K extends RunEventKind>(events: readonly RunEvent[], kind: K): RunEventOf<K>[] {
  return events.filter((e): e is RunEventOf<K> => e.kind === kind);
}

function sampleLines(path: string): string[] {
  return readFileSync(join(SAMPLE, path), 'utf8').split('\n');
}

/** The line `path:line` of the sample (throws when the file is missing). */
function sampleLine(path: string, line: number): string | undefined {
  return sampleLines(path)[line - 1];
}

/** Every finding's path is a file of the sample and its line is within that file. */
function assertOnRealLines(findings: readonly { readonly path?: string; readonly line?: number }[]): void {
  assert.ok(findings.length > 0);
  for (const finding of findings) {
    assert.ok(finding.path !== undefined, 'a finding without a path');
    assert.ok(finding.line !== undefined, `a finding on ${finding.path} without a line`);
    const lines = sampleLines(finding.path);
    assert.ok(finding.line >= 1 && finding.line <= lines.length, `${finding.path}:${finding.line} is outside the file (${lines.length} lines)`);
  }
}

function synthesized(state: RunState): { readonly report: string; readonly findings: readonly RankedFinding[] } {
  const synthesis = state.synthesis;
  assert.equal(synthesis?.status, 'done', `synthesis: ${JSON.stringify(synthesis)}`);
  assert.ok(synthesis.report !== undefined && synthesis.findings !== undefined, 'a done synthesis without its report or findings');
  return { report: synthesis.report, findings: synthesis.findings };
}

describe('demo mode: review and research on the sample workspace', function () {
  this.timeout(60_000);
  let server: DemoServer;
  let client: Anthropic;
  let workspace: Awaited<ReturnType<typeof copySample>>;

  beforeEach(async () => {
    workspace = await copySample();
    server = await startDemoServer({ timeScale: 0 });
    client = new Anthropic({ apiKey: DEMO_API_KEY, baseURL: server.baseURL });
  });

  afterEach(async () => {
    await server.close();
    await workspace.remove();
  });

  async function runReadOnly(plan: Plan, subject: string): Promise<ReadOnlyResult> {
    const checked = checkPlan(plan, workspace.root);
    assert.equal(checked.ok, true, `the plan check refused the plan: ${JSON.stringify(checked)}`);
    const events: RunEvent[] = [];
    const handle = startRun({
      plan: asValidated(checked.plan),
      workspaceRoot: workspace.root,
      client,
      models: { agent: DEFAULT_MODELS.agent, validator: DEFAULT_MODELS.validator },
      maxConcurrency: 8,
      budgets: DEFAULT_BUDGETS,
      prices: {},
      retry: DEFAULT_RETRY,
      sharedContext: '# Project\nThe sample todo API.',
      demo: true,
      onEvent: (event) => events.push(event),
      synthesis: { model: DEFAULT_MODELS.validator, subject },
    });
    return { state: await handle.done, events };
  }

  it('reviews with every role: each reports on real lines, and the synthesis merges the duplicate', async () => {
    const subject = 'Review of the whole workspace';
    const { state, events } = await runReadOnly(reviewPlan(REVIEW_ROLES.roles, subject), subject);
    const slugs = REVIEW_ROLES.roles.map((role) => roleSlug(role.role));

    assert.equal(state.status, 'done');
    assert.deepEqual(Object.keys(state.agents).sort(), [...slugs].sort());
    assert.ok(Object.values(state.agents).every((agent) => agent.status === 'done' && (agent.summary ?? '') !== ''));
    const reported = new Set(eventsOf(events, 'finding.reported').map((e) => e.taskId));
    assert.deepEqual([...reported].sort(), [...slugs].sort());
    assert.deepEqual(
      eventsOf(events, 'agent.toolResult')
        .filter((e) => !e.ok)
        .map((e) => [e.taskId, e.tool]),
      [],
    );
    assertOnRealLines(state.findings);

    const { report, findings } = synthesized(state);
    assertOnRealLines(findings);
    const merged = findings.filter((f) => f.from.length > 1);
    assert.equal(merged.length, 1, `merged findings: ${JSON.stringify(merged)}`);
    assert.deepEqual([...(merged[0]?.from ?? [])].sort(), ['architecture-performance', 'security']);
    // The merged finding stands for two agent findings on the same line: one fewer than the agents reported.
    assert.equal(findings.length, state.findings.length - 1);
    assert.deepEqual([...new Set(findings.flatMap((f) => f.from))].sort(), [...slugs].sort());
    const ranks = { error: 0, warning: 1, info: 2 } as const;
    assert.deepEqual(
      findings.map((f) => ranks[f.severity]),
      findings.map((f) => ranks[f.severity]).sort((a, b) => a - b),
    );

    assert.ok(report.startsWith(`# ${subject}\n`));
    assert.match(report, /## Warnings/);
    assert.match(report, /## Notes/);
    assert.ok(report.includes(`\`${merged[0]?.path}:${merged[0]?.line}\``));
    assert.match(report, /## Demo\n\nThis report is scripted/);
    assert.ok(report.includes(DEMO_REVIEW_NOTE));
  });

  it('reviews with two roles: the synthesis names only those', async () => {
    const roles = REVIEW_ROLES.roles.filter((role) => role.role === 'Security' || role.role === 'Deployment');
    assert.equal(roles.length, 2);
    const subject = 'Review of the working tree against HEAD';
    const { state } = await runReadOnly(reviewPlan(roles, subject), subject);

    assert.equal(state.status, 'done');
    const { report, findings } = synthesized(state);
    assert.deepEqual([...new Set(findings.flatMap((f) => f.from))].sort(), ['deployment', 'security']);
    assert.ok(
      findings.every((f) => f.from.length === 1),
      'no duplicate is left with one of its two reviewers',
    );
    assert.equal(findings.length, state.findings.length);
    for (const absent of ['architecture-performance', 'qa-edge-cases', 'frontend-ux']) {
      assert.ok(!report.includes(absent), `the report names ${absent}`);
    }
    assert.ok(report.startsWith(`# ${subject}\n`));
  });

  it('answers the research split with three questions the schema accepts, the first saying the demo asks its own', async () => {
    const split = await splitQuestion(client, 'How does authentication work in my app?');
    assert.equal(split.questions.length, 3);
    assert.ok(split.questions[0]?.question.includes(DEMO_RESEARCH_NOTE));
  });

  it('researches q1..q3 and ends with a research report', async () => {
    const question = 'How does the sample work?';
    const split = await splitQuestion(client, question);
    const subject = `Research: ${question}`;
    const tasks: TaskSpec[] = split.questions.map((q, index) => ({
      id: researchTaskId(index + 1),
      title: q.title,
      phase: 'validate',
      role: 'Research question',
      instructions: q.question,
      owns: [],
      reads: [],
      dependsOn: [],
    }));
    const { state, events } = await runReadOnly({ id: 'research-demo', request: subject, route: 'complex', pattern: 'research', tasks, lint: [] }, subject);

    assert.equal(state.status, 'done');
    const ids = ['q1', 'q2', 'q3'];
    assert.ok(ids.every((id) => state.agents[id]?.status === 'done'));
    const reads = eventsOf(events, 'agent.toolResult').filter((e) => e.tool === 'read_file');
    assert.deepEqual([...new Set(reads.filter((e) => e.ok).map((e) => e.taskId))].sort(), ids);
    const perAgent = ids.map((id) => state.findings.filter((f) => f.taskId === id).length);
    assert.ok(
      perAgent.every((n) => n >= 1 && n <= 2),
      `findings per question: ${perAgent.join(', ')}`,
    );
    assert.ok(state.findings.every((f) => f.severity === 'info'));
    assertOnRealLines(state.findings);

    const { report, findings } = synthesized(state);
    assertOnRealLines(findings);
    assert.deepEqual([...new Set(findings.flatMap((f) => f.from))].sort(), ids);
    assert.ok(report.startsWith(`# ${subject}\n`));
    assert.match(report, /src\/store\.ts:\d+/);
    assert.ok(report.includes(DEMO_RESEARCH_NOTE));
    assert.ok(!report.includes(DEMO_REVIEW_NOTE));
  });
});

describe('demo mode: the read-only scripts', () => {
  const cases: readonly [string, readonly ScriptedIssue[]][] = [
    ['review', REVIEW_ISSUES],
    ['research', RESEARCH_FACTS],
  ];
  for (const [name, issues] of cases) {
    it(`cites lines of the sample that hold what the ${name} findings say they hold`, () => {
      for (const issue of issues) {
        const line = sampleLine(issue.path, issue.line);
        assert.ok(line?.includes(issue.anchor), `${issue.path}:${issue.line} is "${line}", not "${issue.anchor}"`);
      }
    });
  }

  it('gives reviewers, research questions and the feature tasks distinct task ids', () => {
    const slugs = REVIEW_ROLES.roles.map((role) => roleSlug(role.role));
    const questions = [1, 2, 3, 4, 5, 6].map(researchTaskId);
    const feature = DEMO_TASKS.map((task) => task.id);
    const all = [...slugs, ...questions, ...feature];
    assert.equal(new Set(all).size, all.length);
    const reporters = new Set(REVIEW_ISSUES.flatMap((issue) => Object.keys(issue.reports)));
    assert.deepEqual([...reporters].sort(), [...slugs].sort());
  });
});

describe('demo mode: the scripted synthesis', () => {
  const agentBlock = (id: string, title: string, status: string, findings: readonly string[]): string =>
    [`## Agent "${id}": ${title} (${title}), ${status}`, 'Summary: checked.', `Findings:\n${findings.join('\n')}`].join('\n');

  it('merges only what the agents in the input reported, and says which agent did not finish', () => {
    const input = [
      '# Subject\nReview of main...HEAD',
      agentBlock('security', 'Security', 'done', ['- F1 [warning] src/routes.ts:15: unbounded body', '- F2 [info] src/routes.ts:53: no auth']),
      agentBlock('deployment', 'Deployment', 'failed', []),
    ].join('\n\n');
    const answer = demoSynthesis(input);
    assert.deepEqual(
      answer.findings.map((f) => [`${f.path}:${f.line}`, f.severity, f.from]),
      [
        ['src/routes.ts:15', 'warning', ['security']],
        ['src/routes.ts:53', 'info', ['security']],
      ],
    );
    assert.ok(answer.report.startsWith('# Review of main...HEAD\n'));
    assert.match(answer.report, /Deployment \(deployment\) ended failed/);
    assert.ok(!answer.report.includes('architecture-performance'));
  });

  it('does not credit an agent with a line it did not report (src/routes.ts:153 is not :15)', () => {
    const input = [
      '# Subject\nReview of the whole workspace',
      agentBlock('security', 'Security', 'done', ['- F1 [warning] src/routes.ts:153: elsewhere']),
    ].join('\n\n');
    assert.deepEqual(demoSynthesis(input).findings, []);
  });

  it('answers a research subject with the research report, whatever the agent ids', () => {
    const input = ['# Subject\nResearch: where is state kept?', agentBlock('q1', 'How todos are stored', 'done', ['- F1 [info] src/store.ts:4: a Map'])].join(
      '\n\n',
    );
    const answer = demoSynthesis(input);
    assert.deepEqual(
      answer.findings.map((f) => [f.path, f.line, f.from]),
      [['src/store.ts', 4, ['q1']]],
    );
    assert.ok(answer.report.includes(DEMO_RESEARCH_NOTE));
  });
});

/** The research split call, as the research command makes it: a structured call whose system prompt starts with the marker. */
async function splitQuestion(client: Anthropic, question: string): Promise<ResearchSplit> {
  const reply = await requestStructured({
    client,
    model: DEFAULT_MODEL_TABLE.resolve(DEFAULT_MODELS.planner),
    modelSetting: 'the planner model',
    role: 'planner',
    effort: 'default',
    system: `${RESEARCH_SPLIT_MARKER} into a few focused sub-questions.`,
    messages: [{ role: 'user', content: question }],
    schema: researchSplitSchema,
    thing: 'research split',
    maxTokens: 4000,
    timeoutMs: 20_000,
  });
  const checked = checkAnswer(researchSplitSchema, reply.json);
  assert.ok(checked.ok, checked.ok ? '' : checked.error);
  return checked.value;
}
