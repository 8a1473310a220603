/**
 * The bench's own checks (run: npx mocha --no-config --node-option import=tsx --timeout 20000 bench/bench.test.ts):
 * the scripted frame counts are the frames the fake really streams for each scenario's model, and the
 * targets judge the engine against the bare-SDK floor.
 */
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ToolUseBlock } from '@anthropic-ai/sdk/resources/messages';
import { startFakeMessagesApi, type FakeMessagesApi } from '../src/fakeApi/messagesServer';
import { toolDefinitions } from '../src/core/workspace/tools/definitions';
import { floorToolAnswer } from './floor';
import { orderOf } from './pairs';
import { MEASURED_RUNS, measuredPrefix, rotated } from './workerSteps';
import { evaluateTargets, type EngineScenarioResult } from './report';
import { buildScenario, findScenario, REALISTIC_SCENARIO, SCENARIOS } from './scenarios';
import { buildScriptFile, framesOf, matchFor, type AgentScript, type StreamSettings } from './scripts';
import { requestFieldsFor } from './shape';

const SETTINGS: StreamSettings = { eventDelayMs: 0, deltaChars: 16, pings: true };

/** Sends the first request of `script` the way the bench's runs do and returns the SSE event names streamed back. */
async function streamedEvents(api: FakeMessagesApi, script: AgentScript): Promise<string[]> {
  const body = {
    model: script.model,
    ...requestFieldsFor(script.model, script.phase),
    system: [{ type: 'text', text: `# Your task\n${matchFor(script.taskId)}` }],
    tools: toolDefinitions(script.phase),
    messages: [{ role: 'user', content: 'Do the task.' }],
    stream: true,
  };
  const response = await fetch(`${api.baseURL}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'bench', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return text
    .split('\n')
    .filter((line) => line.startsWith('event: '))
    .map((line) => line.slice('event: '.length));
}

describe('bench scripts', () => {
  let api: FakeMessagesApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  const PLAIN = findScenario('independent-1-cap8');

  for (const spec of [REALISTIC_SCENARIO, PLAIN]) {
    it(`counts the frames the fake streams for ${spec.model} (${spec.name})`, async () => {
      // 1 ms a frame: the same frames, over quickly.
      const [script] = buildScenario(spec, '', 1).scripts;
      assert.ok(script);
      api = await startFakeMessagesApi({ ...buildScriptFile([script], SETTINGS), eventDelayMs: 0 });
      const events = await streamedEvents(api, script);
      const turn = script.turns[0];
      assert.ok(turn);
      assert.equal(events.length, framesOf(turn, SETTINGS, script.answer));
      assert.equal(api.requests[0]?.outcome, 'message');
    });
  }

  it('streams a signed, summarized thinking block and hundreds of deltas per realistic turn', () => {
    const [script] = buildScenario(REALISTIC_SCENARIO).scripts;
    assert.ok(script);
    assert.deepEqual(requestFieldsFor(script.model, script.phase).thinking, { type: 'adaptive', display: 'summarized' });
    assert.equal(script.answer.on, true);
    assert.equal(script.answer.display, 'summarized');
    for (const turn of script.turns) assert.ok(framesOf(turn, SETTINGS, script.answer) >= 100);
  });

  it('gives the engine and both floors scripts that stream as many frames, in every scenario and round', () => {
    for (const spec of SCENARIOS) {
      for (const round of [0, 9, 10, 47]) {
        const frames = MEASURED_RUNS.map((run) =>
          buildScenario(spec, measuredPrefix(run, round)).scripts.map((script) => script.turns.map((turn) => framesOf(turn, SETTINGS, script.answer))),
        );
        const [engine, ...floors] = frames;
        for (const floor of floors) assert.deepEqual(floor, engine, `${spec.name}, round ${round}`);
      }
    }
  });

  it('drops thinking for the plain model, so its turns stay short', () => {
    const [script] = buildScenario(PLAIN).scripts;
    assert.ok(script);
    assert.equal(script.answer.on, false);
  });
});

describe('bench targets', () => {
  const base: EngineScenarioResult = {
    name: 'x',
    agents: 32,
    maxConcurrency: 32,
    model: 'claude-bench',
    wallMs: 1000,
    boundMs: 960,
    efficiency: 0.96,
    speedup: 31,
    cpuMsPerTurn: 5,
    cpuShareOfCore: 0.2,
    peakRssMb: 150,
    cpuRatio: 1.3,
    efficiencyDelta: 0,
    sdkFloor: { wallMs: 1000, efficiency: 0.96, speedup: 31, cpuMsPerTurn: 3.9, cpuShareOfCore: 0.15, peakRssMb: 140 },
    cpuRatioVsTools: 1.2,
    sdkToolsFloor: { wallMs: 1000, cpuMsPerTurn: 4.2 },
  };

  it('passes at the limits and fails past them', () => {
    assert.deepEqual(evaluateTargets(base), { cpuRatio: 'pass', efficiencyDelta: 'pass', rss: 'pass', eventLoopP99: '-', eventLoopMax: '-' });
    const worse = evaluateTargets({ ...base, cpuRatio: 1.31, efficiencyDelta: -0.001, peakRssMb: 201, eventLoopP99Ms: 20.5, eventLoopMaxMs: 101 });
    assert.deepEqual(worse, { cpuRatio: 'FAIL', efficiencyDelta: 'FAIL', rss: 'FAIL', eventLoopP99: 'FAIL', eventLoopMax: 'FAIL' });
  });

  it('judges RSS at 32 agents only', () => {
    assert.equal(evaluateTargets({ ...base, agents: 8, peakRssMb: 500 }).rss, '-');
  });
});

describe('the tools floor', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fanout-floor-'));
    await mkdir(join(dir, 'ws', 'src'), { recursive: true });
    await writeFile(join(dir, 'ws', 'src', 'shared.ts'), 'export const VERSION = 1;\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const call = (name: string, input: Record<string, string>): ToolUseBlock => ({ type: 'tool_use', id: 'toolu_1', name, input, caller: { type: 'direct' } });

  it('writes write_file under its scratch folder and reads from there before the workspace', async () => {
    const work = { root: join(dir, 'ws'), scratch: join(dir, 'scratch') };
    assert.equal(await floorToolAnswer(call('read_file', { path: 'src/shared.ts' }), work), 'export const VERSION = 1;\n');
    assert.equal(await floorToolAnswer(call('write_file', { path: 'src/a.ts', content: 'x = 1' }), work), 'Wrote 5 characters to src/a.ts.');
    assert.equal(await readFile(join(dir, 'scratch', 'src', 'a.ts'), 'utf8'), 'x = 1');
    await assert.rejects(readFile(join(dir, 'ws', 'src', 'a.ts')));
    // A later agent reads what was written, as through the staging view.
    assert.equal(await floorToolAnswer(call('read_file', { path: 'src/a.ts' }), work), 'x = 1');
  });

  it('answers with a canned line when it does no file work', async () => {
    assert.equal(await floorToolAnswer(call('read_file', { path: 'src/shared.ts' }), undefined), 'Result of read_file: {"path":"src/shared.ts"}');
  });
});

describe('the measured order', () => {
  it('puts each measured run first, second and third once over three repeats', () => {
    const orders = [0, 1, 2].map((repeat) => rotated(MEASURED_RUNS, repeat));
    assert.deepEqual(orders, [
      ['engine', 'sdk', 'tools'],
      ['sdk', 'tools', 'engine'],
      ['tools', 'engine', 'sdk'],
    ]);
    assert.deepEqual(rotated(MEASURED_RUNS, 4), orders[1]);
  });

  it('never measures a configuration right after itself, in the rounds of a worker or of bench:pairs', () => {
    const sequence = <T>(orderFor: (round: number) => readonly T[]): T[] => Array.from({ length: 12 }, (_, round) => orderFor(round)).flat();
    const backToBack = <T>(runs: readonly T[]): number => runs.filter((run, i) => i > 0 && runs[i - 1] === run).length;
    for (const rotation of [0, 1, 2, 5]) assert.equal(backToBack(sequence((round) => rotated(MEASURED_RUNS, rotation + round))), 0);
    assert.equal(backToBack(sequence((round) => orderOf(['engine', 'sdk'], round))), 0);
    assert.equal(backToBack(sequence((round) => orderOf(['engine', 'against', 'sdk'], round))), 0);
    // What rotating two would do: every other round boundary repeats one.
    assert.equal(backToBack(sequence((round) => rotated(['engine', 'sdk'], round))), 11);
  });
});
