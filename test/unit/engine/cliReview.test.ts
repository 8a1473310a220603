/**
 * `node dist/cli.js review`: the real CLI as a child process against the fake Messages API, on a git
 * repository made in a temp folder. Reviewers are routed by task id, the synthesis by its system prompt.
 */
import * as assert from 'node:assert/strict';
import { systemText } from '../../../src/fakeApi/requestText';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNTHESIS_MARKER } from '../../../src/core/run/synthesis';
import { reply, startFakeMessagesApi, toolUse, type FakeMessagesApi, type LoggedRequest, type Route } from '../../fake/messagesServer';
import { jsonSummary, runCli } from '../../support/cli';
import { routeFor } from './harness';

const REPORT = '# Review\n\nOne real problem: the greeting drops its argument.\n';
const RANKED = [{ severity: 'error', message: 'greet ignores its name argument', path: 'src/greet.ts', line: 1, from: ['qa-edge-cases', 'security'] }];

const isSynthesis = (request: LoggedRequest): boolean => systemText(request).startsWith(SYNTHESIS_MARKER);

function reviewer(taskId: string, message: string): Route {
  return routeFor(taskId, [
    reply([toolUse('report_finding', { severity: 'warning', message, path: 'src/greet.ts', line: 1 })]),
    reply([toolUse('finish', { summary: `${taskId} reviewed the change` })]),
  ]);
}

function synthesisRoute(): Route {
  return { name: 'synthesis', match: isSynthesis, turns: [reply([JSON.stringify({ report: REPORT, findings: RANKED })])] };
}

describe('headless review (node dist/cli.js review)', function () {
  this.timeout(60_000);
  let dir: string;
  let ws: string;
  let api: FakeMessagesApi | undefined;

  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws, encoding: 'utf8' });
  const env = () => ({ ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api?.baseURL ?? 'http://127.0.0.1:9' });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-review-'));
    ws = join(dir, 'ws');
    mkdirSync(join(ws, 'src'), { recursive: true });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    git('config', 'commit.gpgsign', 'false');
    writeFileSync(join(ws, 'src', 'greet.ts'), 'export const greet = (name: string) => `hello ${name}`;\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reviews the working tree with two roles: each sees the diff, report.md holds the synthesis, the workspace is unchanged', async () => {
    writeFileSync(join(ws, 'src', 'greet.ts'), 'export const greet = (name: string) => `hello WORLD_CHANGED`;\n');
    writeFileSync(join(ws, 'src', 'extra.ts'), 'export const UNTRACKED_MARK = 1;\n');
    api = await startFakeMessagesApi({ routes: [synthesisRoute(), reviewer('security', 'security note'), reviewer('qa-edge-cases', 'qa note')] });
    const statusBefore = git('status', '--porcelain=v1', '--untracked-files=all');
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli(['review', '--workspace', ws, '--roles', 'Security,QA & edge cases', '--out', out, '--json'], env());
    assert.equal(code, 0, stderr + stdout);

    const byRoute = (name: string) => api?.requests.filter((r) => r.route === name) ?? [];
    for (const task of ['security', 'qa-edge-cases']) {
      const seen = byRoute(task);
      assert.ok(seen.length >= 1, `${task} was asked`);
      const system = systemText(seen[0] as LoggedRequest);
      assert.match(system, /# The change under review/);
      assert.match(system, /WORLD_CHANGED/, 'the tracked change is in the shared context');
      assert.match(system, /UNTRACKED_MARK/, 'the untracked file is in the shared context, as an added file');
    }
    assert.equal(byRoute('architecture-performance').length, 0, 'only the named roles ran');
    assert.equal(byRoute('synthesis').length, 1, 'one synthesis call');

    const json = jsonSummary<{
      runId: string;
      outDir: string;
      report: string;
      findings: unknown[];
      agentFindings: { taskId: string; message: string }[];
      synthesis: string;
      metrics: { tokens: unknown };
    }>(stdout);
    assert.deepEqual(Object.keys(json).sort(), ['agentFindings', 'findings', 'metrics', 'outDir', 'report', 'runId', 'synthesis']);
    assert.equal(json.outDir, out);
    assert.equal(json.synthesis, 'done');
    assert.equal(json.report, REPORT);
    assert.deepEqual(json.findings, RANKED);
    assert.deepEqual(json.agentFindings.map((f) => f.taskId).sort(), ['qa-edge-cases', 'security']);
    assert.equal(readFileSync(join(out, 'report.md'), 'utf8'), REPORT);

    assert.equal(git('status', '--porcelain=v1', '--untracked-files=all'), statusBefore, 'git status is the same before and after');
    assert.match(readFileSync(join(ws, 'src', 'greet.ts'), 'utf8'), /WORLD_CHANGED/);
  });

  it('--base reviews the branch against where it left the base, and prints the report in human mode', async () => {
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(ws, 'src', 'greet.ts'), 'export const greet = (name: string) => `hi BRANCH_CHANGE ${name}`;\n');
    git('commit', '-q', '-am', 'feature work');
    api = await startFakeMessagesApi({ routes: [synthesisRoute(), reviewer('security', 'security note')] });
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli(['review', '--workspace', ws, '--base', 'main', '--roles', 'security', '--out', out], env());
    assert.equal(code, 0, stderr + stdout);
    const seen = api.requests.filter((r) => r.route === 'security');
    assert.ok(seen.length >= 1);
    const system = systemText(seen[0] as LoggedRequest);
    assert.match(system, /main\.\.\.HEAD/);
    assert.match(system, /BRANCH_CHANGE/);
    assert.equal(stdout, REPORT, 'stdout is the report; progress goes to stderr');
    assert.match(stderr, /synthesis/);
    assert.equal(existsSync(join(out, 'report.md')), true);
  });

  it("writes a plain report of the reviewers' findings, grouped by severity, when the synthesis fails", async () => {
    writeFileSync(join(ws, 'src', 'greet.ts'), 'export const greet = () => 1;\n');
    const broken: Route = { name: 'synthesis', match: isSynthesis, onExhausted: 'repeatLast', turns: [reply(['this is not JSON'])] };
    api = await startFakeMessagesApi({
      routes: [
        broken,
        routeFor('security', [
          reply([toolUse('report_finding', { severity: 'error', message: 'SEC_ERROR_NOTE', path: 'src/greet.ts', line: 1 })]),
          reply([toolUse('finish', { summary: 'security done' })]),
        ]),
        reviewer('qa-edge-cases', 'QA_WARNING_NOTE'),
      ],
    });
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli(['review', '--workspace', ws, '--roles', 'security, qa & edge cases', '--out', out, '--json'], env());
    assert.equal(code, 0, stderr + stdout);
    const json = jsonSummary<{ report: string; synthesis: string; findings: { severity: string; message: string; from: string[] }[] }>(stdout);
    assert.equal(json.synthesis, 'failed');
    assert.ok(
      api.requests.some((r) => r.route === 'synthesis'),
      'the synthesis was asked',
    );
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    assert.equal(report, json.report);
    assert.match(report, /^# Review of the working tree against HEAD/);
    assert.match(report, /synthesis failed/i);
    assert.ok(report.indexOf('## Errors (1)') < report.indexOf('SEC_ERROR_NOTE'), 'the error is under Errors');
    assert.ok(report.indexOf('SEC_ERROR_NOTE') < report.indexOf('## Warnings (1)'), 'errors come before warnings');
    assert.ok(report.indexOf('## Warnings (1)') < report.indexOf('QA_WARNING_NOTE'));
    assert.deepEqual(
      json.findings.map((f) => [f.severity, f.message, f.from]),
      [
        ['error', 'SEC_ERROR_NOTE', ['security']],
        ['warning', 'QA_WARNING_NOTE', ['qa-edge-cases']],
      ],
    );
  });

  it('exits 2 with nothing to review and sends no request', async () => {
    api = await startFakeMessagesApi({ routes: [synthesisRoute(), reviewer('security', 'x')] });
    const clean = await runCli(['review', '--workspace', ws, '--out', join(dir, 'out')], env());
    assert.equal(clean.code, 2, clean.stderr);
    assert.match(clean.stderr, /Nothing to review/);
    const noBranchChange = await runCli(['review', '--workspace', ws, '--base', 'main', '--out', join(dir, 'out2')], env());
    assert.equal(noBranchChange.code, 2, noBranchChange.stderr);
    assert.match(noBranchChange.stderr, /Nothing to review/);
    const unknownBase = await runCli(['review', '--workspace', ws, '--base', 'no-such-branch'], env());
    assert.equal(unknownBase.code, 2, unknownBase.stderr);
    assert.match(unknownBase.stderr, /Unknown base "no-such-branch"/);
    const notGit = mkdtempSync(join(tmpdir(), 'fanout-review-nogit-'));
    try {
      const outside = await runCli(['review', '--workspace', notGit], env());
      assert.equal(outside.code, 2, outside.stderr);
      assert.match(outside.stderr, /not in a git work tree/);
    } finally {
      rmSync(notGit, { recursive: true, force: true });
    }
    assert.equal(api.requests.length, 0, 'nothing reached the API');
    assert.equal(existsSync(join(dir, 'out')), false, 'no run folder was made');
  });

  it('--roles with an unknown name exits 2 listing the valid roles', async () => {
    writeFileSync(join(ws, 'src', 'greet.ts'), 'changed\n');
    api = await startFakeMessagesApi({ routes: [] });
    const { code, stderr } = await runCli(['review', '--workspace', ws, '--roles', 'Security,Astrology'], env());
    assert.equal(code, 2);
    assert.match(stderr, /Unknown review role\(s\): "Astrology"/);
    assert.match(stderr, /"QA & edge cases"/);
    assert.equal(api.requests.length, 0);
  });
});
