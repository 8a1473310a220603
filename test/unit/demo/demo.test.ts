import Anthropic from '@anthropic-ai/sdk';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_MODELS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { startRun } from '../../../src/core/run/engine';
import type { RunEventKind, RunEventOf } from '../../../src/core/run/events';
import { proposePlan } from '../../../src/core/planning/propose';
import { DEMO_API_KEY, DEMO_REQUEST, startDemoServer } from '../../../src/demo/demoServer';
import { DATES_TS, TODAY_ISO_LINE, TODO_TS } from '../../../src/demo/files';
import { DEMO_OTHER_REQUEST_RATIONALE, DEMO_ROUTE_RATIONALE } from '../../../src/demo/scenario';
import { DUE_DATES_TEST_TS } from '../../../src/demo/testAndDocs';
import { copySample, demoLintOptions, materialize, REPO_ROOT, runDemo, runSampleTests, SAMPLE, typeCheck, type DemoRun } from './demoHarness';
import { asValidated } from '../../../src/core/plan/planCheck';

function eventsOf<K extends RunEventKind>(run: Pick<DemoRun, 'events'>, kind: K): RunEventOf<K>[] {
  return run.events.filter((e): e is RunEventOf<K> => e.kind === kind);
}

/** Every file of the sample with a hash of its content. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('demo mode: the built-in scenario on the sample workspace', function () {
  this.timeout(60_000);
  let run: DemoRun;
  let workspace: Awaited<ReturnType<typeof copySample>>;
  const sampleBefore = snapshot(SAMPLE);

  before(async () => {
    workspace = await copySample();
    run = await runDemo(workspace.root, 0);
  });

  after(async () => {
    await workspace.remove();
  });

  it('routes the request as complex and plans it with no lint finding', () => {
    const { route, plan, findings } = run.proposal;
    assert.deepEqual(route, { route: 'complex', rationale: DEMO_ROUTE_RATIONALE, overridden: false });
    assert.deepEqual(findings, []);
    assert.equal(plan.request, DEMO_REQUEST);
    assert.deepEqual(
      plan.tasks.map((t) => `${t.id}:${t.phase}:${t.owns.join(',')}`),
      [
        'types:contract:src/todo.ts',
        'dates:implement:src/dates.ts',
        'store:implement:src/store.ts',
        'routes:implement:src/routes.ts',
        'tests:implement:test/dueDates.test.ts',
        'docs:implement:README.md',
        'review:validate:',
      ],
    );
  });

  it('runs every agent to done and stages the feature', () => {
    assert.equal(run.state.status, 'done');
    assert.ok(Object.values(run.state.agents).every((a) => a.status === 'done'));
    const staged = Object.fromEntries(run.staging.entries().map((e) => [e.path, e]));
    assert.deepEqual(Object.keys(staged).sort(), ['README.md', 'src/dates.ts', 'src/routes.ts', 'src/store.ts', 'src/todo.ts', 'test/dueDates.test.ts']);
    assert.equal(staged['src/todo.ts']?.proposed, TODO_TS);
    assert.equal(staged['src/dates.ts']?.proposed, DATES_TS);
    assert.equal(staged['test/dueDates.test.ts']?.proposed, DUE_DATES_TEST_TS);
    assert.match(staged['src/routes.ts']?.proposed ?? '', /\/todos\\\/overdue/);
    assert.match(staged['README.md']?.proposed ?? '', /`\/todos\/overdue`/);
    assert.equal(staged['src/store.ts']?.taskId, 'store');
  });

  it('shows one rate-limit retry, one denied write and one finding; every other tool call succeeds', () => {
    const retries = eventsOf(run, 'agent.retrying');
    assert.deepEqual(
      retries.map((e) => [e.taskId, e.cause, e.status]),
      [['dates', 'rate-limited', 429]],
    );
    const denied = eventsOf(run, 'write.denied');
    assert.deepEqual(
      denied.map((e) => [e.taskId, e.path, e.reason, e.owner]),
      [['store', 'src/todo.ts', 'not-owned', 'types']],
    );
    const findings = eventsOf(run, 'finding.reported');
    assert.deepEqual(
      findings.map((e) => [e.taskId, e.severity, e.path, e.line]),
      [['review', 'warning', 'src/dates.ts', TODAY_ISO_LINE]],
    );
    const failedTools = eventsOf(run, 'agent.toolResult').filter((e) => !e.ok);
    assert.deepEqual(
      failedTools.map((e) => [e.taskId, e.tool]),
      [['store', 'edit_file']],
    );
  });

  it('runs several agents at once, with text before their tool calls', () => {
    let running = 0;
    let peak = 0;
    for (const e of run.events) {
      if (e.kind === 'agent.started') peak = Math.max(peak, ++running);
      if (e.kind === 'agent.finished') running--;
    }
    assert.ok(peak >= 3, `peak concurrency ${peak}`);
    // On the default agent model the notes before tool calls come back as summarized thinking.
    const talked = new Set(
      eventsOf(run, 'agent.text')
        .filter((e) => e.source === 'thinking')
        .map((e) => e.taskId),
    );
    assert.deepEqual([...talked].sort(), ['dates', 'docs', 'review', 'routes', 'store', 'tests', 'types']);
  });

  it('reports prompt-cache reads for agents after the first', () => {
    const usage = eventsOf(run, 'agent.usage');
    assert.ok(usage.some((e) => e.usage.cacheWrite > 0));
    assert.ok(usage.filter((e) => e.usage.cacheRead > 0).length > usage.length / 2);
  });

  it('stages a result that type-checks and passes the sample tests, old and new', async () => {
    const result = await materialize(run.staging);
    try {
      typeCheck(result.root);
      assert.match(runSampleTests(result.root), /# pass 7\n# fail 0/);
    } finally {
      await result.remove();
    }
  });

  it('leaves samples/demo-workspace untouched', () => {
    assert.deepEqual(snapshot(SAMPLE), sampleBefore);
    const status = execFileSync('git', ['status', '--porcelain', '--', 'samples/demo-workspace'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(status, '');
  });
});

describe('demo mode: requests outside the scenario', () => {
  let workspace: Awaited<ReturnType<typeof copySample>>;
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let client: Anthropic;

  beforeEach(async () => {
    workspace = await copySample();
    server = await startDemoServer({ timeScale: 0 });
    client = new Anthropic({ apiKey: DEMO_API_KEY, baseURL: server.baseURL });
  });

  afterEach(async () => {
    await server.close();
    await workspace.remove();
  });

  const propose = (request: string, routeOverride?: 'moderate') =>
    proposePlan({
      client,
      models: { router: DEFAULT_MODELS.router, planner: DEFAULT_MODELS.planner },
      request,
      workspaceRoot: workspace.root,
      lintOptions: demoLintOptions(workspace.root),
      ...(routeOverride ? { routeOverride } : {}),
    });

  it('plans its own request whatever was typed, and the rationale says so', async () => {
    const proposal = await propose('Add tags to todos');
    assert.equal(proposal.route.rationale, DEMO_OTHER_REQUEST_RATIONALE);
    assert.equal(proposal.plan.tasks.length, 7);
    // The plan keeps the typed request, which is why the composer offers DEMO_REQUEST in demo mode;
    // lint may warn about a short request, but nothing stops the run.
    assert.deepEqual(
      proposal.findings.filter((f) => f.severity === 'error'),
      [],
    );
  });

  it('lets an agent of a task it has no script for end with a note instead of an error', async () => {
    const proposal = await propose(DEMO_REQUEST, 'moderate');
    const handle = startRun({
      plan: asValidated(proposal.plan),
      workspaceRoot: workspace.root,
      client,
      models: { agent: DEFAULT_MODELS.agent, validator: DEFAULT_MODELS.validator },
      maxConcurrency: 8,
      budgets: DEFAULT_BUDGETS,
      prices: {},
      retry: DEFAULT_RETRY,
    });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    const [agent] = Object.values(state.agents);
    assert.equal(agent?.taskId, 'implement');
    assert.match(agent?.summary ?? '', /demo scripts only the tasks of its built-in plan/);
    assert.deepEqual(handle.staging.entries(), []);
  });

  it('refuses any key but the demo key', async () => {
    const stranger = new Anthropic({ apiKey: 'sk-real-key', baseURL: server.baseURL, maxRetries: 0 });
    await assert.rejects(
      stranger.messages.create({ model: DEFAULT_MODELS.agent, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => error instanceof Anthropic.AuthenticationError,
    );
  });
});
