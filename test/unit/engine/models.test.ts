/**
 * The engine with the current models: RunOptions.modelTable / effort / fallbackModel reach every agent
 * request, a model the table does not know is warned about once, thinking progress reaches the run
 * state, and the real read tools stay within a (small) window.
 */
import * as assert from 'node:assert/strict';
import { ModelTable } from '../../../src/core/model/modelTable';
import { estimateTokensOfBytes } from '../../../src/core/model/requestShape';
import type { RunEvent } from '../../../src/core/run/events';
import { reply, text, toolUse } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const SONNET = 'claude-sonnet-5-5';
const CURRENT = { agent: SONNET, validator: SONNET };
const finish = (summary = 'done') => reply([toolUse('finish', { summary })]);

function ofKind<K extends RunEvent['kind']>(events: readonly RunEvent[], kind: K): Extract<RunEvent, { kind: K }>[] {
  return events.filter((event): event is Extract<RunEvent, { kind: K }> => event.kind === kind);
}

describe('engine: requests shaped by the model table', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it("gives agents and validators the table's thinking and their own effort, and shows thinking progress on the card", async () => {
    h = await createHarness([
      routeFor('impl', [
        reply([text('Writing the module.'), toolUse('write_file', { path: 'src/impl.ts', content: 'export const impl = 1;\n' })]),
        finish('wrote impl'),
      ]),
      routeFor('check', [finish('looks right')]),
    ]);
    const plan = makePlan([implement('impl'), implement('check', { phase: 'validate', role: 'Reviewer', owns: [], dependsOn: ['impl'] })]);
    const { handle, events } = h.start(plan, { models: CURRENT, effort: { agent: 'low', validator: 'max' }, maxOutputTokens: 20_000 });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    const requests = h.api.requests.filter((request) => request.path === '/v1/messages');
    assert.deepEqual(
      requests.filter((request) => request.status !== 200).map((request) => request.rejection),
      [],
    );
    for (const request of requests) {
      assert.equal(request.body?.model, SONNET);
      assert.deepEqual(request.body?.thinking, { type: 'adaptive', display: 'summarized' });
      assert.equal(request.body?.max_tokens, 20_000);
      assert.equal(request.body?.tool_choice, undefined);
    }
    assert.ok(requests.filter((request) => request.route === 'impl').every((request) => JSON.stringify(request.body?.output_config) === '{"effort":"low"}'));
    assert.ok(requests.filter((request) => request.route === 'check').every((request) => JSON.stringify(request.body?.output_config) === '{"effort":"max"}'));
    const thoughts = ofKind(events, 'agent.text').filter((event) => event.taskId === 'impl' && event.source === 'thinking');
    assert.match(thoughts.map((event) => event.text).join(''), /Writing the module\./);
    assert.equal(ofKind(events, 'run.warning').length, 0, 'no warning for models the table knows');
  });

  it('defaults to medium effort and a 32,000-token output cap', async () => {
    h = await createHarness([routeFor('a', [finish()])]);
    await h.start(makePlan([implement('a')]), { models: CURRENT }).handle.done;
    const [request] = h.api.requests;
    assert.deepEqual(request.body?.output_config, { effort: 'medium' });
    assert.equal(request.body?.max_tokens, 32_000);
  });

  it('warns once per run about each model id the table does not know, right after run.started', async () => {
    h = await createHarness([routeFor('a', [finish()]), routeFor('b', [finish()]), routeFor('v', [finish()])]);
    const plan = makePlan([implement('a'), implement('b'), implement('v', { phase: 'validate', owns: [], dependsOn: ['a', 'b'] })]);
    const { handle, events } = h.start(plan, { models: { agent: 'claude-test', validator: 'claude-test-validator' }, fallbackModel: 'claude-sonnet-5-5' });
    const state = await handle.done;
    assert.equal(state.status, 'done');
    const warnings = ofKind(events, 'run.warning');
    assert.deepEqual(
      warnings.map((event) => event.model),
      ['claude-test', 'claude-test-validator'],
    );
    assert.match(warnings[0].message, /does not know model "claude-test"/);
    assert.equal(events[1].kind, 'run.warning');
    assert.equal(state.warnings?.length, 2);
    // Unknown models get the conservative request: no thinking, no effort.
    assert.ok(h.api.requests.every((request) => request.body?.thinking === undefined && request.body?.output_config === undefined));
  });

  it('keeps a round of nine 95 KB reads (the real read_file) under a small window set with RunOptions.modelTable', async () => {
    const table = new ModelTable({ [SONNET]: { contextWindow: 250_000 } });
    const nine = (round: number) => reply(Array.from({ length: 9 }, (_, i) => toolUse('read_file', { path: `data/f${i + 1}.txt` }, `toolu_${round}_${i}`)));
    h = await createHarness([routeFor('reader', [nine(1), nine(2), finish('read')])], { modelTable: table });
    for (let i = 1; i <= 9; i++) h.write(`data/f${i}.txt`, `${'z'.repeat(99)}\n`.repeat(950));
    const { handle, events } = h.start(makePlan([implement('reader')]), { models: CURRENT, modelTable: table });
    const state = await handle.done;
    assert.equal(state.agents.reader?.status, 'done', state.agents.reader?.message);
    const requests = h.api.requests;
    assert.equal(requests.length, 3);
    const spec = table.resolve(SONNET).spec;
    for (const request of requests) {
      assert.equal(request.status, 200, request.rejection);
      assert.ok(estimateTokensOfBytes(spec, request.bodyBytes) < 250_000);
    }
    const results = ofKind(events, 'agent.toolResult').filter((event) => event.tool === 'read_file');
    assert.equal(results.filter((event) => event.ok).length, 2, 'one file per round fits');
    assert.equal(results.filter((event) => !event.ok).length, 16);
  });
});
