import * as assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { resumeRun, ResumeError } from '../../../src/core/run/engine';
import type { Budgets, ResumeOptions } from '../../../src/core/run/engineTypes';
import { createRunBudget, spendOfEvents } from '../../../src/core/run/runBudget';
import { reduceRunEvents } from '../../../src/core/run/runState';
import { isInterrupted, LIVE_FILE, markLive } from '../../../src/core/store/liveness';
import { readRunLog } from '../../../src/core/store/runLog';
import { createHarness, implement, makePlan, routeFor, type Harness } from '../engine/harness';
import { reply, toolUse, type Turn } from '../../fake/messagesServer';

describe('resumeRun', function () {
  this.timeout(20_000);
  let h: Harness;
  afterEach(() => h.dispose());

  const resumeOptions = (budgets: Partial<Budgets> = {}): ResumeOptions => ({
    runDir: h.runDir,
    workspaceRoot: h.root,
    client: new Anthropic({ apiKey: 'test-key', baseURL: h.api.baseURL }),
    models: { agent: 'claude-test', validator: 'claude-test-validator' },
    maxConcurrency: 4,
    budgets: { ...DEFAULT_BUDGETS, ...budgets },
    prices: { 'claude-test': { input: 3, output: 15 } },
    retry: { ...DEFAULT_RETRY, baseDelayMs: 5, maxDelayMs: 20 },
  });
  const logged = () => readRunLog(join(h.runDir, 'events.jsonl')).events;
  const slowScript = (gate: Promise<Turn>) =>
    routeFor('a', [
      reply([toolUse('write_file', { path: 'src/a.ts', content: 'export const a = 1;\n' })], { usage: { input_tokens: 1000, output_tokens: 500 } }),
      () => gate,
      reply([toolUse('finish', { summary: 'a done' })]),
    ]);
  const untilAsked = async (n: number) => {
    while (h.api.requests.length < n) await new Promise((r) => setTimeout(r, 10));
  };

  it('refuses a folder without a run log, and a run that finished, saying what to do', async () => {
    h = await createHarness([routeFor('a', [reply([toolUse('finish', { summary: 'ok' })])])]);
    await assert.rejects(resumeRun(resumeOptions()), (e: unknown) => e instanceof ResumeError && /holds no run log/.test(e.message));
    const { handle } = h.start(makePlan([implement('a')]));
    await handle.done;
    await assert.rejects(
      resumeRun(resumeOptions()),
      (e: unknown) => e instanceof ResumeError && /already finished \(done\); there is nothing to resume\. Review its changes, retry/.test(e.message),
    );
  });

  it('interrupt() leaves no run.finished and no live marker; a live writer is refused; the resume continues the agent', async () => {
    h = await createHarness([slowScript(new Promise<Turn>(() => undefined))]);
    const { handle } = h.start(makePlan([implement('a')]));
    await untilAsked(2);
    await assert.rejects(resumeRun(resumeOptions()), (e: unknown) => e instanceof ResumeError && /is still being written by this process/.test(e.message));
    await handle.interrupt();
    assert.equal((await handle.done).status, 'interrupted');
    assert.equal(
      logged().some((e) => e.kind === 'run.finished' || e.kind === 'agent.finished'),
      false,
    );
    assert.equal(existsSync(join(h.runDir, LIVE_FILE)), false);
    assert.equal(isInterrupted(h.runDir, reduceRunEvents(logged())), true);

    const other = markLive(h.runDir);
    await assert.rejects(
      resumeRun(resumeOptions()),
      (e: unknown) => e instanceof ResumeError && e.message.includes(`still being written by this process (${process.pid})`),
    );
    other.dispose();

    h.api.script([routeFor('a', [reply([toolUse('finish', { summary: 'a done' })])])]);
    const resumed = await resumeRun(resumeOptions());
    const final = await resumed.done;
    assert.equal(final.status, 'done');
    assert.equal(final.agents.a?.turns, 2, 'the turn counter continues');
    assert.equal(final.agents.a?.attempt, 1, 'the same attempt continues');
    const last = h.api.requests.at(-1)?.body?.messages as unknown[];
    assert.equal(last.length, 3, 'opening, the finished turn and its tool results: nothing asked twice');
    assert.ok(resumed.staging.entry('src/a.ts'), 'the file staged before the interruption is kept');
  });

  it('counts what was spent before: a run budget used up before the interruption stops the resumed agent', async () => {
    h = await createHarness([slowScript(new Promise<Turn>(() => undefined))]);
    const { handle } = h.start(makePlan([implement('a')]));
    await untilAsked(2);
    await handle.interrupt();
    const spent = spendOfEvents(logged());
    assert.equal(spent.usage.input, 1000);
    assert.equal(spent.usage.output, 500);
    const tracker = createRunBudget({ ...DEFAULT_BUDGETS, maxTokensPerRun: 1500 }, Date.now, spent);
    assert.equal(tracker.limitReached(), 'tokens');

    const requests = h.api.requests.length;
    const resumed = await resumeRun(resumeOptions({ maxTokensPerRun: 1500 }));
    const final = await resumed.done;
    assert.equal(final.status, 'failed');
    assert.equal(final.agents.a?.reason, 'run-budget');
    assert.equal(h.api.requests.length, requests, 'no request once the budget counted the earlier spend');
    assert.equal(final.agents.a?.usage.input, 1000);
  });
});

describe('run.resumed in the run state', () => {
  it('puts agents that were at work back in the queue, keeps finished ones and the time worked, and reopens the run', () => {
    {
      const plan = makePlan([implement('a'), implement('b')]);
      const events = [
        { runId: 'r', seq: 1, at: 1000, kind: 'run.started', plan, workspaceName: 'ws', maxConcurrency: 2, demo: false },
        { runId: 'r', seq: 2, at: 1000, kind: 'agent.started', taskId: 'a', model: 'm', attempt: 1 },
        { runId: 'r', seq: 3, at: 1000, kind: 'agent.started', taskId: 'b', model: 'm', attempt: 1 },
        { runId: 'r', seq: 4, at: 3000, kind: 'agent.finished', taskId: 'b', outcome: 'done', reason: 'finished' },
        { runId: 'r', seq: 5, at: 4000, kind: 'agent.retrying', taskId: 'a', cause: 'overloaded', attempt: 1, delayMs: 10, message: 'x' },
        { runId: 'r', seq: 6, at: 9000, kind: 'run.resumed', maxConcurrency: 3 },
      ] as const;
      const state = reduceRunEvents(events);
      assert.equal(state.status, 'running');
      assert.equal(state.maxConcurrency, 3);
      assert.equal(state.agents.a?.status, 'queued');
      assert.equal(state.agents.a?.retry, undefined);
      assert.equal(state.agents.a?.activeMs, 3000);
      assert.equal(state.agents.b?.status, 'done');
    }
  });
});
