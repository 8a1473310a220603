/** Which progress a run shows (JSON lines, the live view, plain lines) and what each writes where. */
import * as assert from 'node:assert/strict';
import { progressLine } from '../../../src/cli/progress';
import { progressMode, runProgress, summaryLine } from '../../../src/cli/runProgress';
import type { LiveClock } from '../../../src/cli/liveWriter';
import { syntheticRun } from '../../support/syntheticRun';
import { reduceRunEvents } from '../../../src/core/run/runState';

class Sink {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns = 100,
    readonly rows = 30,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A clock that never fires: every draw in these tests is the first or the final one. */
const stillClock: LiveClock = { now: () => 0, after: () => ({ cancel: () => undefined }) };

const EVENTS = syntheticRun({ agents: 3, events: 600, durationMs: 5000 });

describe('cli: run progress modes', () => {
  it('picks JSON with --json, the live view on a terminal, plain lines otherwise', () => {
    assert.equal(progressMode(true, { isTTY: true }), 'json');
    assert.equal(progressMode(false, { isTTY: true }), 'live');
    assert.equal(progressMode(false, { isTTY: false }), 'plain');
    assert.equal(progressMode(false, {}), 'plain');
  });

  it('--json: each event is one JSON line on stdout, in order; the plain lines go to stderr', () => {
    const stdout = new Sink();
    const stderr = new Sink(true);
    const progress = runProgress(true, { stdout, stderr, plainTo: 'stdout' });
    for (const event of EVENTS) progress.onEvent(event);
    progress.note('a note');
    progress.finish();
    stdout.write(summaryLine({ runId: 'run-synthetic', outcome: 'done' }));
    const lines = stdout.text.trimEnd().split('\n');
    assert.equal(lines.length, EVENTS.length + 1);
    assert.deepEqual(
      lines.slice(0, -1).map((l) => JSON.parse(l) as unknown),
      EVENTS.map((e) => JSON.parse(JSON.stringify(e)) as unknown),
    );
    assert.deepEqual(JSON.parse(lines.at(-1) ?? ''), { type: 'summary', runId: 'run-synthetic', outcome: 'done' });
    assert.match(stderr.text, /run run-synthetic: 3 task\(s\)/);
    assert.match(stderr.text, /a note\n$/);
    assert.ok(!stderr.text.includes('\x1b['), 'no live view with --json, even on a terminal');
  });

  it('plain: the progress lines of today, on the stream the command names', () => {
    const stdout = new Sink();
    const stderr = new Sink();
    const progress = runProgress(false, { stdout, stderr, plainTo: 'stdout' });
    for (const event of EVENTS) progress.onEvent(event);
    const startedAt = EVENTS[0]?.at ?? 0;
    const expected = EVENTS.map((e) => progressLine(e, startedAt))
      .filter((l) => l !== undefined)
      .map((l) => `${l}\n`)
      .join('');
    assert.equal(stdout.text, expected);
    assert.equal(stderr.text, '');
  });

  it('live: the agents and footer on stderr, notable events above them, stdout untouched', () => {
    const stdout = new Sink();
    const stderr = new Sink(true);
    const progress = runProgress(false, { stdout, stderr, plainTo: 'stdout', clock: stillClock });
    for (const event of EVENTS) progress.onEvent(event);
    progress.finish();
    assert.equal(stdout.text, '');
    // The last draw: the events since the one before, then the block (3 agents and the footer).
    const final = stderr.text
      .slice(stderr.text.lastIndexOf('\x1b[J') + 3)
      .trimEnd()
      .split('\n')
      .slice(-4);
    for (const [i, id] of ['agent-1', 'agent-2', 'agent-3'].entries())
      assert.match(final[i] ?? '', new RegExp(`^${id} +done +\\d+(\\.\\d)?k tok +\\$\\d+\\.\\d{4} +ok$`));
    assert.match(final[3] ?? '', /^3\/3 agents done · \$\d+\.\d{4} · 5\.0s · run done$/);
    assert.match(stderr.text, /staged modify src\/part-\d\.ts/, 'staged files scroll above the block');
    assert.doesNotMatch(stderr.text, /started on claude-sonnet-5-5/, 'agent starts show in the block only');
  });

  it("live: a resumed run's replayed state is taken when the handle gives it", () => {
    const stderr = new Sink(true);
    const progress = runProgress(false, { stdout: new Sink(), stderr, plainTo: 'stdout', clock: stillClock });
    // The handle's state holds everything up to the agents' endings; only those and the run's end come as events.
    progress.seed(reduceRunEvents(EVENTS.slice(0, -4)));
    for (const event of EVENTS.slice(-4)) progress.onEvent(event);
    progress.finish();
    const footer = stderr.text.trimEnd().split('\n').at(-1) ?? '';
    assert.match(footer, /^3\/3 agents done/);
    assert.match(stderr.text, /^agent-1 +running/m, 'the replayed state was drawn before the last event came');
  });
});
