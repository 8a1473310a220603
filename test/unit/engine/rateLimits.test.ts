/**
 * A fan-out against an account with a small request limit: the engine reads what the API says is
 * left of the limit (`anthropic-ratelimit-*`) and holds requests until the window resets, so it
 * bounces off the limit far less than a run that cannot see the headers; and a 429 never ends an
 * agent: every agent finishes either way.
 */
import * as assert from 'node:assert/strict';
import type { RunEvent } from '../../../src/core/run/events';
import { reply, toolUse } from '../../fake/messagesServer';
import { createHarness, implement, makePlan, routeFor, type Harness } from './harness';

const AGENTS = 6;
const write = (path: string) => reply([toolUse('write_file', { path, content: `export const x = '${path}';\n` })]);
const finish = () => reply([toolUse('finish', { summary: 'done' })]);

async function fanOut(report: boolean): Promise<{ refused: number; requests: number; events: RunEvent[]; done: number }> {
  const ids = Array.from({ length: AGENTS }, (_, i) => `t${i + 1}`);
  const h: Harness = await createHarness(
    ids.map((id) => routeFor(id, [write(`src/${id}.ts`), write(`src/${id}.more.ts`), finish()])),
    { rateLimits: { requests: 4, windowMs: 600, report } },
  );
  try {
    const { handle, events } = h.start(makePlan(ids.map((id) => implement(id, { owns: [`src/${id}.ts`, `src/${id}.more.ts`] }))), {
      retry: { maxAttemptsPerTurn: 2, maxRetryAfterMs: 1_000 },
    });
    const state = await handle.done;
    const done = Object.values(state.agents).filter((a) => a.status === 'done').length;
    return { refused: h.api.rateLimited(), requests: h.api.requests.length, events, done };
  } finally {
    await h.dispose();
  }
}

describe('rate limits: a fan-out stays under the account limits it is told about', function () {
  this.timeout(60_000);

  it('finishes every agent, and is refused less often when it reads the anthropic-ratelimit headers than when it cannot', async () => {
    const blind = await fanOut(false);
    const told = await fanOut(true);
    assert.equal(blind.done, AGENTS, 'rate limits never end an agent, even with retries used up');
    assert.equal(told.done, AGENTS);
    const ok = AGENTS * 3;
    assert.equal(told.requests - told.refused, ok, 'every turn answered once');
    assert.equal(blind.requests - blind.refused, ok);
    assert.ok(told.refused < blind.refused, `refused with the headers ${told.refused} of ${told.requests}, without them ${blind.refused} of ${blind.requests}`);
    // Only the first burst, before any answer said what is left, may bounce off the limit.
    assert.ok(told.refused <= AGENTS - 4, `refused ${told.refused} times with the headers`);
    const waits = told.events.filter((e) => e.kind === 'agent.waiting');
    assert.ok(waits.length > 0, 'the agents were shown waiting for capacity');
    console.log(`      requests refused (429): ${told.refused} of ${told.requests} reading the headers, ${blind.refused} of ${blind.requests} without`);
  });
});
