/**
 * `node dist/cli.js research`: the real CLI as a child process against the fake Messages API, on a
 * temp workspace. The split is routed by its system prompt's marker, each question agent by its task
 * id (`Task id: q1`), the synthesis by its marker. The workspace is only read.
 */
import * as assert from 'node:assert/strict';
import { systemText } from '../../../src/fakeApi/requestText';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { RESEARCH_SPLIT_MARKER } from '../../../src/core/research/researchTypes';
import { SYNTHESIS_MARKER } from '../../../src/core/run/synthesis';
import {
  reply,
  startFakeMessagesApi,
  toolUse,
  type FakeMessagesApi,
  type LoggedRequest,
  type Route,
  type Turn,
  type TurnSource,
} from '../../fake/messagesServer';
import { jsonSummary, runCli } from '../../support/cli';
import { routeFor } from './harness';

const QUESTION = 'How are sessions stored and expired?';
const SPLIT = {
  questions: [
    { title: 'Where sessions are stored', question: 'Where and in what shape are sessions stored? Start at src/session/store.ts.' },
    { title: 'How sessions expire', question: 'What expires a session, and when?' },
    { title: 'Who reads sessions', question: 'Which code reads a session on each request?' },
  ],
};
const REPORT = '# Research: How are sessions stored and expired?\n\nSessions live in a Map in src/session/store.ts and expire after 30 minutes.\n';
const RANKED = [{ severity: 'info', message: 'Sessions are kept in memory only', path: 'src/session/store.ts', line: 2, from: ['q1', 'q2'] }];
const TASKS = ['q1', 'q2', 'q3'] as const;

const startsWith = (marker: string) => (request: LoggedRequest) => systemText(request).startsWith(marker);

function splitRoute(text: string): Route {
  return { name: 'split', match: startsWith(RESEARCH_SPLIT_MARKER), turns: [reply([text], { usage: { input_tokens: 2_000, output_tokens: 300 } })] };
}

function synthesisRoute(): Route {
  return { name: 'synthesis', match: startsWith(SYNTHESIS_MARKER), turns: [reply([JSON.stringify({ report: REPORT, findings: RANKED })])] };
}

/**
 * Holds each agent's first answer until every agent's first request has arrived, so the agents must be
 * in flight together to get past it. The fallback release only turns a run that is not parallel into a
 * failed ordering assertion instead of a hung test.
 */
function barrier(count: number): (turn: Turn) => TurnSource {
  let arrived = 0;
  let open: () => void = () => undefined;
  const allArrived = new Promise<void>((resolve) => {
    open = resolve;
    setTimeout(resolve, 15_000).unref();
  });
  return (turn) => async () => {
    arrived += 1;
    if (arrived >= count) open();
    await allArrived;
    return turn;
  };
}

function questionAgents(tasks: readonly string[]): Route[] {
  const held = barrier(tasks.length);
  return tasks.map((id) =>
    routeFor(id, [
      held(reply([toolUse('report_finding', { severity: 'info', message: `${id} fact`, path: 'src/session/store.ts', line: 2 })])),
      reply([toolUse('finish', { summary: `${id} answered its question` })]),
    ]),
  );
}

/** Every file under `root` with its bytes, by relative path. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path).toString('base64'));
    }
  };
  walk(root);
  return files;
}

describe('headless research (node dist/cli.js research)', function () {
  this.timeout(60_000);
  let dir: string;
  let ws: string;
  let api: FakeMessagesApi | undefined;

  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api?.baseURL ?? 'http://127.0.0.1:9' });
  const byRoute = (name: string) => api?.requests.filter((r) => r.route === name) ?? [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-research-cli-'));
    ws = join(dir, 'ws');
    mkdirSync(join(ws, 'src', 'session'), { recursive: true });
    writeFileSync(
      join(ws, 'src', 'session', 'store.ts'),
      'const sessions = new Map<string, number>();\nexport const save = (id: string) => sessions.set(id, Date.now());\n',
    );
    writeFileSync(join(ws, 'src', 'session', 'expiry.ts'), 'export const TTL_MS = 30 * 60 * 1000;\n');
    writeFileSync(join(ws, 'README.md'), '# Sessions demo\n');
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('splits one question, runs one agent per sub-question side by side, and ends in the synthesis report; the workspace is unchanged', async () => {
    api = await startFakeMessagesApi({ routes: [splitRoute(JSON.stringify(SPLIT)), synthesisRoute(), ...questionAgents(TASKS)] });
    const before = snapshot(ws);
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli(['research', QUESTION, '--workspace', ws, '--out', out, '--json'], env());
    assert.equal(code, 0, stderr + stdout);

    // One split, three question agents (a finding and a finish each), one synthesis; nothing else.
    assert.equal(byRoute('split').length, 1);
    for (const id of TASKS) assert.equal(byRoute(id).length, 2, `${id} was asked twice`);
    assert.equal(byRoute('synthesis').length, 1);
    const messages = api.requests.filter((r) => r.path === '/v1/messages');
    assert.deepEqual(
      messages.filter((r) => r.route === null),
      [],
      'every model request was routed',
    );
    const seq = (name: string, n: number) => (byRoute(name)[n] as LoggedRequest).seq;
    assert.ok(
      TASKS.every((id) => seq('split', 0) < seq(id, 0)),
      'the split comes first',
    );
    assert.ok(
      TASKS.every((id) => seq(id, 1) < seq('synthesis', 0)),
      'the synthesis comes last',
    );

    // Side by side: every agent's first request arrived before any agent's second one.
    const firstRequests = Math.max(...TASKS.map((id) => seq(id, 0)));
    const secondRequests = Math.min(...TASKS.map((id) => seq(id, 1)));
    assert.ok(firstRequests < secondRequests, `first requests up to #${firstRequests}, second requests from #${secondRequests}`);
    // And in the run log: every agent started before any finished.
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; taskId?: string });
    const lastStart = Math.max(...TASKS.map((id) => events.findIndex((e) => e.kind === 'agent.started' && e.taskId === id)));
    const firstFinish = events.findIndex((e) => e.kind === 'agent.finished');
    assert.ok(lastStart >= 0 && firstFinish > lastStart, 'every agent started before any finished');

    // Each agent sees the research in the shared context and its own question.
    for (const [i, id] of TASKS.entries()) {
      const first = byRoute(id)[0] as LoggedRequest;
      const system = systemText(first);
      assert.match(system, /# The research/);
      assert.match(system, /- q3 \(Who reads sessions\)/);
      assert.match(system, /src\/session\/store\.ts/, 'the repo map');
      assert.ok(first.matchText.includes(SPLIT.questions[i]?.question ?? '?'), `${id} is told its question`);
    }

    const json = jsonSummary<{
      outDir: string;
      report: string;
      findings: unknown[];
      agentFindings: { taskId: string }[];
      synthesis: string;
      questions: { id: string; title: string; question: string }[];
      preparation: { model: string; usage: { input: number; output: number }; costUsd: number | null } | null;
    }>(stdout);
    assert.deepEqual(Object.keys(json).sort(), ['agentFindings', 'findings', 'metrics', 'outDir', 'preparation', 'questions', 'report', 'runId', 'synthesis']);
    assert.equal(json.outDir, out);
    assert.equal(json.synthesis, 'done');
    assert.equal(json.report, REPORT);
    assert.deepEqual(json.findings, RANKED);
    assert.deepEqual(
      json.questions,
      SPLIT.questions.map((q, i) => ({ id: `q${i + 1}`, ...q })),
    );
    assert.equal(json.preparation?.model, 'claude-opus-5-5');
    assert.equal(json.preparation?.usage.input, 2_000);
    assert.equal(json.preparation?.usage.output, 300);
    assert.equal(typeof json.preparation?.costUsd, 'number');
    assert.deepEqual(json.agentFindings.map((f) => f.taskId).sort(), [...TASKS]);
    assert.equal(readFileSync(join(out, 'report.md'), 'utf8'), REPORT);

    assert.deepEqual(snapshot(ws), before, 'the workspace is byte-for-byte unchanged: no notes files');
  });

  it('prints the report on stdout and the split cost with the summary on stderr', async () => {
    api = await startFakeMessagesApi({ routes: [splitRoute(JSON.stringify(SPLIT)), synthesisRoute(), ...questionAgents(TASKS)] });
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli(['research', QUESTION, '--workspace', ws, '--out', out], env());
    assert.equal(code, 0, stderr + stdout);
    assert.equal(stdout, REPORT, 'stdout is the report; progress goes to stderr');
    assert.match(stderr, /done: 3 question\(s\), 3 finding\(s\), synthesis done/);
    assert.match(stderr, /plus \$\d+\.\d{4} to split the question on claude-opus-5-5/);
    assert.match(stderr, /q2: How sessions expire/);
  });

  it('asks several questions as given, without a split call', async () => {
    api = await startFakeMessagesApi({ routes: [splitRoute(JSON.stringify(SPLIT)), synthesisRoute(), ...questionAgents(['q1', 'q2'])] });
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli(
      ['research', 'Where are sessions stored?', '--question', 'When do they expire?', '--workspace', ws, '--out', out, '--json'],
      env(),
    );
    assert.equal(code, 0, stderr + stdout);
    assert.equal(byRoute('split').length, 0, 'no split call');
    const json = jsonSummary<{ questions: { id: string; question: string }[]; preparation: unknown }>(stdout);
    assert.equal(json.preparation, null);
    assert.deepEqual(
      json.questions.map((q) => [q.id, q.question]),
      [
        ['q1', 'Where are sessions stored?'],
        ['q2', 'When do they expire?'],
      ],
    );
    assert.ok((byRoute('q2')[0] as LoggedRequest).matchText.includes('When do they expire?'));
  });

  it('exits 2 for an empty question or too many, with no request sent and no run folder made', async () => {
    api = await startFakeMessagesApi({ routes: [splitRoute(JSON.stringify(SPLIT)), synthesisRoute(), ...questionAgents(TASKS)] });
    const out = join(dir, 'out');
    const empty = await runCli(['research', '  ', '--workspace', ws, '--out', out], env());
    assert.equal(empty.code, 2, empty.stderr);
    assert.match(empty.stderr, /The research question is empty\./);
    const none = await runCli(['research', '--workspace', ws, '--out', out], env());
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /The research question is empty\./);
    const seven = await runCli(
      ['research', 'One?', ...Array.from({ length: 6 }, (_, i) => ['--question', `More ${i}?`]).flat(), '--workspace', ws, '--out', out],
      env(),
    );
    assert.equal(seven.code, 2, seven.stderr);
    assert.match(seven.stderr, /at most 6/);
    assert.equal(api.requests.length, 0, 'nothing reached the API');
    assert.equal(existsSync(out), false, 'no run folder was made');
  });

  it('exits 1 with the reason when the split answer is garbage, and runs no agent', async () => {
    api = await startFakeMessagesApi({
      routes: [splitRoute(JSON.stringify({ questions: [{ title: 'Only one', question: 'Just this?' }] })), synthesisRoute(), ...questionAgents(TASKS)],
    });
    const { code, stdout, stderr } = await runCli(['research', QUESTION, '--workspace', ws, '--out', join(dir, 'out'), '--json'], env());
    assert.equal(code, 1, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /The model's answer was not a valid research split: questions: Too small/);
    assert.match(stderr, /ask the sub-questions yourself/);
    assert.doesNotMatch(stderr, /Unexpected error/);
    assert.equal(byRoute('split').length, 1);
    for (const id of TASKS) assert.equal(byRoute(id).length, 0, `${id} never ran`);
    assert.equal(byRoute('synthesis').length, 0);
  });

  it('exits 1 when the split answer is not JSON at all', async () => {
    api = await startFakeMessagesApi({ routes: [splitRoute('I would rather not split this.'), ...questionAgents(TASKS)] });
    const { code, stderr } = await runCli(['research', QUESTION, '--workspace', ws, '--out', join(dir, 'out')], env());
    assert.equal(code, 1, stderr);
    assert.match(stderr, /held no JSON research split; it answered: "I would rather not split this\."/);
  });
});
