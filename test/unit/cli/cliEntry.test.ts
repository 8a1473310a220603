/**
 * The `fanout` entry as a child process: usage errors exit 2 with one line and no stack, help and
 * version exit 0, and `run --json` streams its events as JSON lines with the summary last.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readRunLog } from '../../../src/core/store/runLog';
import { jsonLines, jsonSummary, runCli } from '../../support/cli';
import { reply, startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../../fake/messagesServer';
import { routeFor } from '../engine/harness';

const PACKAGE_VERSION = (JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

describe('cli: the fanout entry', function () {
  this.timeout(30_000);

  it('exits 2 with one line on stderr, naming the problem and the help, for usage errors', async () => {
    const cases: [string[], string][] = [
      [['run', 'Add x', '--workspace', '.', '--foo'], 'fanout: unknown option --foo for "run". Run "fanout run --help".\n'],
      [['nosuch', '--help'], 'fanout: unknown command "nosuch". Run "fanout --help".\n'],
      [['review', '--workspace'], 'fanout: --workspace needs a value: --workspace DIR. Run "fanout review --help".\n'],
      [
        ['run', '--plan', 'p.json', '--workspace', '.', '--max-cost', 'lots'],
        'fanout: --max-cost takes a number of US dollars, 0 or more; got "lots". Run "fanout run --help".\n',
      ],
    ];
    const results = await Promise.all(cases.map(([argv]) => runCli(argv, { ANTHROPIC_API_KEY: 'test-key' })));
    for (const [i, { code, stdout, stderr }] of results.entries()) {
      const [argv, expected] = cases[i] ?? [[], ''];
      assert.equal(code, 2, argv.join(' '));
      assert.equal(stderr, expected);
      assert.equal(stdout, '');
    }
  });

  it('--version prints the package version; --help and COMMAND --help print the usage and exit 0', async () => {
    const [version, all, review] = await Promise.all([runCli(['--version'], {}), runCli(['--help'], {}), runCli(['review', '--help'], {})]);
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `${PACKAGE_VERSION}\n`);

    assert.equal(all.code, 0);
    assert.match(all.stdout, /^Usage:\n {2}fanout plan "REQUEST"/);
    assert.match(all.stdout, /--question Q/);

    assert.equal(review.code, 0);
    assert.match(review.stdout, /^Usage:\n {2}fanout review --workspace DIR/);
    assert.match(review.stdout, /--roles LIST/);
    assert.doesNotMatch(review.stdout, /--question|--resume|fanout run /, 'only review’s own options');
  });

  it('a workspace that is not a folder exits 2 with a message, not a stack trace', async () => {
    const missing = join(tmpdir(), 'fanout-no-such-workspace');
    const { code, stderr } = await runCli(['review', '--workspace', missing], { ANTHROPIC_API_KEY: 'test-key' });
    assert.equal(code, 2);
    assert.equal(stderr, `The workspace ${missing} cannot be read (ENOENT). Give the project's folder with --workspace DIR.\n`);
  });

  describe('run --json', () => {
    let dir: string;
    let api: FakeMessagesApi | undefined;

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'fanout-cli-json-'));
      execFileSync('git', ['init', '-q', join(dir, 'ws')]);
      writeFileSync(join(dir, 'ws', 'README.md'), 'hello\n');
    });
    afterEach(async () => {
      await api?.close();
      api = undefined;
      rmSync(dir, { recursive: true, force: true });
    });

    it('streams every run event as a JSON line in seq order, then the summary as the last line', async () => {
      api = await startFakeMessagesApi({
        routes: [
          routeFor('greet', [
            reply([toolUse('write_file', { path: 'src/greet.ts', content: 'export const hi = 1;\n' })]),
            reply([toolUse('finish', { summary: 'ok' })]),
          ]),
          routeFor('docs', [
            reply([toolUse('edit_file', { path: 'README.md', old_text: 'hello', new_text: 'hi' })]),
            reply([toolUse('finish', { summary: 'ok' })]),
          ]),
        ],
      });
      const plan = join(dir, 'plan.json');
      writeFileSync(
        plan,
        JSON.stringify({
          request: 'Greet',
          tasks: [
            { id: 'greet', title: 'Greet', phase: 'implement', role: 'Code', instructions: 'Write src/greet.ts', owns: ['src/greet.ts'] },
            { id: 'docs', title: 'Docs', phase: 'implement', role: 'Docs', instructions: 'Edit README.md', owns: ['README.md'] },
          ],
        }),
      );
      const out = join(dir, 'out');
      const { code, stdout, stderr } = await runCli(['run', '--plan', plan, '--workspace', join(dir, 'ws'), '--out', out, '--json'], {
        ANTHROPIC_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: api.baseURL,
      });
      assert.equal(code, 0, stderr);

      const lines = jsonLines(stdout);
      const events = lines.slice(0, -1);
      assert.deepEqual(
        events.map((e) => e.seq),
        events.map((_, i) => i + 1),
        'every event, in seq order from 1',
      );
      assert.equal(events[0]?.kind, 'run.started');
      assert.equal(events.at(-1)?.kind, 'run.finished');
      assert.ok(events.some((e) => e.kind === 'file.staged' && e.path === 'src/greet.ts'));
      // The same events the run log holds.
      assert.deepEqual(events, JSON.parse(JSON.stringify(readRunLog(join(out, 'events.jsonl')).events)));

      const summary = jsonSummary<{ runId: string; outcome: string; outDir: string; patches: string[]; agents: { taskId: string; status: string }[] }>(stdout);
      assert.equal(lines.at(-1)?.type, 'summary');
      assert.deepEqual(Object.keys(summary).sort(), ['agents', 'checks', 'denied', 'findings', 'metrics', 'outDir', 'outcome', 'patches', 'runId']);
      assert.equal(summary.runId, events[0]?.runId);
      assert.equal(summary.outcome, 'done');
      assert.equal(summary.outDir, out);
      assert.deepEqual(summary.agents.map((a) => [a.taskId, a.status]).sort(), [
        ['docs', 'done'],
        ['greet', 'done'],
      ]);
      assert.equal(summary.patches.length, 2);
      assert.match(stderr, /greet: staged create src\/greet\.ts/, 'the progress lines go to stderr');
    });
  });
});
