/** The live view's lines for a run state: one per agent, "+N more" when rows are short, a footer, cut to the columns. */
import * as assert from 'node:assert/strict';
import { compactTokens, cut, elapsed, liveLines, plainText } from '../../../src/cli/liveProgress';
import { EventStamper, type RunEventBody } from '../../../src/core/run/events';
import { reduceRunEvents } from '../../../src/core/run/runState';
import type { RunState } from '../../../src/core/run/runStateTypes';
import type { TaskSpec } from '../../../src/core/plan/plan';

const START = 1_700_000_000_000;

function task(id: string, dependsOn: string[] = [], phase: TaskSpec['phase'] = 'implement'): TaskSpec {
  return { id, title: id, phase, role: 'Code', instructions: `Write ${id}.`, owns: [`src/${id}.ts`], reads: [], dependsOn };
}

/** A run's state from event bodies, each at `START + ms`. */
function stateOf(tasks: TaskSpec[], steps: readonly [number, RunEventBody][]): RunState {
  let clock = START;
  const stamper = new EventStamper('run-live', () => clock);
  const plan = { id: 'p', request: 'r', route: 'complex' as const, tasks, lint: [] };
  const events = [stamper.stamp({ kind: 'run.started', plan, workspaceName: 'ws', maxConcurrency: 4, demo: false })];
  for (const t of tasks) events.push(stamper.stamp({ kind: 'agent.queued', taskId: t.id }));
  for (const [ms, body] of steps) {
    clock = START + ms;
    events.push(stamper.stamp(body));
  }
  return reduceRunEvents(events);
}

const usage = (taskId: string, turn: number, costUsd: number | null) =>
  ({ kind: 'agent.usage', taskId, model: 'claude-sonnet-5-5', turn, usage: { input: 1000, output: 200, cacheWrite: 0, cacheRead: 10_000 }, costUsd }) as const;

/** types done, api at work, ui retrying, review queued after api and ui. */
function midRun(): RunState {
  return stateOf(
    [task('types', [], 'contract'), task('api', ['types']), task('ui', ['types']), task('review', ['api', 'ui'], 'validate')],
    [
      [1000, { kind: 'agent.started', taskId: 'types', model: 'claude-sonnet-5-5', attempt: 1 }],
      [2000, { kind: 'agent.toolCall', taskId: 'types', toolUseId: 't1', tool: 'write_file', path: 'src/types.ts', summary: 'write src/types.ts' }],
      [3000, usage('types', 1, 0.0123)],
      [4000, { kind: 'agent.finished', taskId: 'types', outcome: 'done', reason: 'finished', summary: 'Defined the shared types' }],
      [5000, { kind: 'agent.started', taskId: 'api', model: 'claude-sonnet-5-5', attempt: 1 }],
      [5000, { kind: 'agent.started', taskId: 'ui', model: 'claude-sonnet-5-5', attempt: 1 }],
      [6000, usage('api', 1, 0.02)],
      [6500, { kind: 'agent.toolCall', taskId: 'api', toolUseId: 't2', tool: 'edit_file', path: 'src/api.ts', summary: 'edit src/api.ts' }],
      [7000, { kind: 'agent.retrying', taskId: 'ui', cause: 'rate-limited', attempt: 2, delayMs: 5000, status: 429, message: 'slow down' }],
    ],
  );
}

describe('cli: live progress lines', () => {
  it('shows each agent’s status, current tool or ending, tokens and cost, then a footer', () => {
    const lines = liveLines(midRun(), { columns: 120, rows: 40, now: START + 7000 });
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /^types +done +11k tok +\$0\.0123 +Defined the shared types$/);
    assert.match(lines[1] ?? '', /^api +running +11k tok +\$0\.0200 +edit src\/api\.ts$/);
    assert.match(lines[2] ?? '', /^ui +retrying +rate-limited, retry 2 in 5s$/);
    assert.match(lines[3] ?? '', /^review +queued +after api, ui$/);
    assert.equal(lines[4], '1/4 agents done (1 running, 1 retrying, 1 queued) · $0.0323 · 7.0s');
  });

  it('counts a retry down with the clock, and shows an agent at work with no tool yet by its turn', () => {
    const state = midRun();
    assert.match(liveLines(state, { columns: 120, rows: 40, now: START + 9100 })[2] ?? '', /retry 2 in 3s$/);
    const fresh = stateOf([task('solo')], [[1000, { kind: 'agent.started', taskId: 'solo', model: 'claude-haiku-5-5', attempt: 1 }]]);
    assert.match(liveLines(fresh, { columns: 120, rows: 40, now: START + 1000 })[0] ?? '', /^solo +running +turn 1 on claude-haiku-5-5$/);
  });

  it('shows why an agent ended badly, and n/a for a cost it cannot price', () => {
    const state = stateOf(
      [task('a'), task('b')],
      [
        [1000, { kind: 'agent.started', taskId: 'a', model: 'acme', attempt: 1 }],
        [2000, usage('a', 1, null)],
        [3000, { kind: 'agent.finished', taskId: 'a', outcome: 'failed', reason: 'error', message: 'The API said no.' }],
        [3000, { kind: 'agent.finished', taskId: 'b', outcome: 'blocked', reason: 'dependency' }],
        [3000, { kind: 'run.finished', outcome: 'failed' }],
      ],
    );
    const lines = liveLines(state, { columns: 120, rows: 40, now: START + 3000 });
    assert.match(lines[0] ?? '', /^a +failed +11k tok +n\/a +error: The API said no\.$/);
    assert.match(lines[1] ?? '', /^b +blocked +dependency$/);
    assert.equal(lines[2], '0/2 agents done (1 failed, 1 blocked) · cost n/a · 3.0s · run failed');
  });

  it('folds the agents that do not fit the rows into "+N more", keeping those at work', () => {
    const state = midRun();
    // 5 rows: 4 lines at most (the last row stays free), so 2 agents, "+2 more" and the footer.
    const lines = liveLines(state, { columns: 120, rows: 5, now: START + 7000 });
    assert.equal(lines.length, 4);
    assert.match(lines[0] ?? '', /^api +running/);
    assert.match(lines[1] ?? '', /^ui +retrying/);
    assert.equal(lines[2], '+2 more: 1 done, 1 queued');
    assert.match(lines[3] ?? '', /^1\/4 agents done/);
    // Never more lines than rows - 1, down to the footer alone.
    for (const rows of [1, 2, 3, 4, 6, 100]) {
      const n = liveLines(state, { columns: 120, rows, now: START + 7000 }).length;
      assert.ok(n <= Math.max(1, rows - 1), `${n} lines for ${rows} rows`);
    }
    assert.match(liveLines(state, { columns: 120, rows: 2, now: START + 7000 }).join('\n'), /^1\/4 agents done/);
  });

  it('cuts every line to fewer characters than the terminal has columns', () => {
    const state = midRun();
    for (const columns of [20, 33, 57]) {
      const lines = liveLines(state, { columns, rows: 40, now: START + 7000 });
      for (const line of lines) assert.ok(Array.from(line).length <= columns - 1, `${JSON.stringify(line)} fits ${columns} columns`);
      assert.ok(
        lines.some((l) => l.endsWith('…')),
        'a cut line ends with …',
      );
    }
    assert.equal(cut('abcdef', 4), 'abc…');
    assert.equal(cut('abc', 4), 'abc');
  });

  it('prints what the model chose as plain text: no escape sequences, controls or direction overrides', () => {
    const hostile = 'edit \x1b[2J\x1b]0;pwned\x07src/\u202eevil.ts\r\nnext';
    const state = stateOf(
      [task('x')],
      [
        [1000, { kind: 'agent.started', taskId: 'x', model: 'm', attempt: 1 }],
        [1500, { kind: 'agent.toolCall', taskId: 'x', toolUseId: 't', tool: 'edit_file', path: 'p', summary: hostile }],
      ],
    );
    const line = liveLines(state, { columns: 200, rows: 10, now: START + 1500 })[0] ?? '';
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    assert.match(line, /edit \[2J ]0;pwned src\/ evil\.ts next$/);
    assert.equal(plainText('a\tb\n\nc'), 'a b c');
  });

  it('formats tokens and elapsed time compactly', () => {
    assert.deepEqual([0, 950, 1000, 9_949, 12_345, 999_499, 1_200_000, 25_000_000].map(compactTokens), [
      '0',
      '950',
      '1.0k',
      '9.9k',
      '12k',
      '999k',
      '1.2M',
      '25M',
    ]);
    assert.deepEqual([0, 7_040, 62_000, 3_725_000].map(elapsed), ['0.0s', '7.0s', '1m 02s', '1h 02m']);
  });
});
