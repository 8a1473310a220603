/**
 * A hostile agent against the whole engine: it asks search_text for a pattern that backtracks
 * exponentially (`^(a+)+$` on lines of a's ending in b) while another agent streams its turns. The
 * search must not hold the event loop: the streaming agent keeps going and the loop is never late by
 * more than a bound far below what a backtracking engine takes on the same lines (one such line of
 * 24 a's held the loop about 1.3 s here with `new RegExp`; three lines ~4 s).
 */
import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { reply, text, toolUse } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const finish = (summary = 'done') => reply([toolUse('finish', { summary })]);
const LOOP_BOUND_MS = 250;

describe('engine probe: a hostile regular expression while another agent streams', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('answers the search without holding the event loop, and the streaming agent finishes beside it', async function () {
    this.timeout(60_000);
    const search = reply([toolUse('search_text', { query: '^(a+)+$', regex: true })]);
    const chatter = (n: number) => reply([text(`Step ${n}: ${'working on the component; '.repeat(20)}`), toolUse('read_file', { path: 'README.md' })]);
    const harness = await createHarness([routeFor('hostile', [search, finish()]), routeFor('streamer', [chatter(1), chatter(2), chatter(3), finish()])], {
      eventDelayMs: 4,
    });
    h = harness;
    harness.write('README.md', 'hello\n');
    harness.write('data/aaa.txt', `${'a'.repeat(24)}b\n`.repeat(3));

    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const { handle, events } = harness.start(makePlan([implement('hostile'), implement('streamer')]));
    const state = await handle.done;
    await new Promise((resolve) => setTimeout(resolve, 30));
    histogram.disable();
    const maxDelayMs = histogram.max / 1e6;

    assert.equal(state.status, 'done', JSON.stringify(Object.values(state.agents).map((a) => [a.taskId, a.status, a.message])));
    const searched = events.find((e) => e.kind === 'agent.toolResult' && e.taskId === 'hostile');
    assert.ok(searched, 'the search answered');
    assert.ok(maxDelayMs < LOOP_BOUND_MS, `the event loop was late by ${maxDelayMs.toFixed(0)} ms`);
    console.log(`      event loop max delay during the run: ${maxDelayMs.toFixed(0)} ms`);
  });
});
