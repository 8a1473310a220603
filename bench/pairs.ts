/**
 * Paired rounds of one scenario in ONE process, for comparing engine builds and finding what a change
 * is worth: `npm run bench:pairs -- <scenario> [--rounds <n>] [--against <checkout>] [--core]`.
 *
 * After three unmeasured rounds, each round runs every configuration once: the engine, the bare-SDK
 * floor (`floor.ts`) and, with `--against`, the engine of another checkout of Fanout (a `git worktree`
 * of another revision whose `node_modules` is this one's, so both engines share the SDK and Node's
 * code) and, with `--core`, the engine's core (`engineCore.ts`: no run folder, tool calls answered
 * as the floor answers them), which splits the engine's cost above the floor into its own bookkeeping
 * and its tools' file work. The order rotates every round, so none is always first, except that two
 * configurations alternate (`orderOf`): none runs right after itself. Each run starts from a
 * collected heap and its own scratch workspace; CPU is counted per model turn, for the whole process
 * and for the JavaScript thread alone. It prints every configuration's median, each round's paired ratio
 * against the floor (and of this engine against the other one), their median and the ratio of the
 * sums, and each one's median wall time. Reported, not judged: `npm run bench` keeps the targets. Nothing is written.
 *
 * Many rounds in one process measure code that is warm, against a floor measured beside it under the
 * same load, so a few per cent between two builds shows in one run; separate processes (as `npm run
 * bench` does, for CPU and RSS that no other scenario inflates) differ more than that from one another.
 */
import { definedFields } from '../src/core/definedFields';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Toolbox } from '../src/core/workspace/tools/toolTypes';
import { cannedToolbox } from './engineCore';
import { runSdkFloor } from './floor';
import { startMeter } from './measure';
import { summarisePairs, type Round, type RoundCost } from './pairedSummary';
import { buildScenario, DEFAULT_EVENT_DELAY_MS, findScenario, type BuiltScenario } from './scenarios';
import { buildScriptFile } from './scripts';
import { startFakeServer } from './server';
import { assertDone, collectGarbage, makeWorkspace, measuredPrefix, rotated, type EngineInputs, type RunOutcome } from './workerSteps';

const WARMUP_ROUNDS = 3;
const DEFAULT_ROUNDS = 12;

interface Options {
  readonly scenario: string;
  readonly rounds: number;
  readonly against?: string;
  /** Also measure the engine's core (`engineCore.ts`). */
  readonly core: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const scenario = args.find((a, i) => !a.startsWith('--') && !['--rounds', '--against'].includes(args[i - 1] ?? ''));
  if (scenario === undefined) throw new Error('usage: pairs.ts <scenario> [--rounds <n>] [--against <checkout>] [--core]');
  const rounds = Number(value('--rounds') ?? DEFAULT_ROUNDS);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${value('--rounds')}`);
  const against = value('--against');
  return { scenario, rounds, core: args.includes('--core'), ...definedFields({ against: against === undefined ? undefined : resolve(against) }) };
}

/** A run's cost per turn from its measured window (the engine's meter, or the floor's own). */
function costOf(measurement: { readonly cpuMs: number; readonly mainThreadMs?: number; readonly wallMs: number }, turns: number): RoundCost {
  const cpuMsPerTurn = measurement.cpuMs / turns;
  const { mainThreadMs, wallMs } = measurement;
  return mainThreadMs === undefined ? { cpuMsPerTurn, wallMs } : { cpuMsPerTurn, mainMsPerTurn: mainThreadMs / turns, wallMs };
}

/**
 * An engine run of this or another checkout, measured exactly as `worker.ts` measures it: its
 * workspace, checked plan and client made first, then a meter around `startRun` until `done`. A
 * checkout from before `prepareEngine` makes its client inside the window, as its own bench did.
 */
async function engineRunner(
  checkout: string | undefined,
  core?: { readonly toolbox: Toolbox },
): Promise<(built: BuiltScenario, baseURL: string, dirs: string[]) => Promise<RoundCost>> {
  type Steps = { readonly prepareEngine?: (built: BuiltScenario, baseURL: string) => Promise<EngineInputs>; readonly runEngine: unknown };
  const steps: Steps = checkout === undefined ? await import('./workerSteps') : ((await import(resolve(checkout, 'bench', 'workerSteps.ts'))) as Steps);
  return async (built, baseURL, dirs) => {
    let work: () => Promise<RunOutcome>;
    if (steps.prepareEngine !== undefined) {
      const inputs = await steps.prepareEngine(built, baseURL);
      dirs.push(inputs.root, inputs.runDir);
      work = () => (steps.runEngine as (i: EngineInputs, c?: { readonly toolbox: Toolbox }) => Promise<RunOutcome>)(inputs, core);
    } else {
      const { root, runDir } = await makeWorkspace();
      dirs.push(root, runDir);
      work = () => (steps.runEngine as (b: BuiltScenario, url: string, r: string, d: string) => Promise<RunOutcome>)(built, baseURL, root, runDir);
    }
    collectGarbage();
    const meter = startMeter();
    const { state } = await work();
    const measurement = meter.stop();
    assertDone(built.spec.name, state);
    return costOf(
      measurement,
      Object.values(state.agents).reduce((sum, agent) => sum + agent.turns, 0),
    );
  };
}

/**
 * The order of round `round`: rotated by one every round, so none is always first, except with two
 * configurations, which alternate. Rotating two would run each one twice in a row at every other
 * round boundary (E S | S E | E S), and a run right after one of its own kind costs more: 24 runs of
 * independent-8-cap32 in that pattern cost the engine 9.55 ms per turn after the engine and 8.12
 * after the floor, the floor 7.72 after the floor and 6.20 after the engine. Rotating three or more
 * never puts a configuration after itself.
 */
export function orderOf<T>(names: readonly T[], round: number): T[] {
  return names.length === 2 ? [...names] : rotated(names, round);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const spec = findScenario(options.scenario);
  const engine = await engineRunner(undefined);
  const other = options.against === undefined ? undefined : await engineRunner(options.against);
  const core = options.core ? await engineRunner(undefined, { toolbox: cannedToolbox() }) : undefined;
  const total = WARMUP_ROUNDS + options.rounds;
  const names = ['engine', ...(other === undefined ? [] : ['against']), ...(core === undefined ? [] : ['core']), 'sdk'];
  // Every run has its own routes on the one fake server: a scenario's scripts answer one run each.
  // `measuredPrefix`: every configuration's scripts in a round stream as many frames.
  const built = new Map<string, BuiltScenario[]>(names.map((n) => [n, Array.from({ length: total }, (_, i) => buildScenario(spec, measuredPrefix(n, i)))]));
  const scripts = [...built.values()].flat().flatMap((b) => b.scripts);
  const server = await startFakeServer(buildScriptFile(scripts, { eventDelayMs: DEFAULT_EVENT_DELAY_MS, deltaChars: 16, pings: true }));
  const dirs: string[] = [];
  const run = async (name: string, i: number): Promise<RoundCost> => {
    const scenario = (built.get(name) as BuiltScenario[])[i] as BuiltScenario;
    if (name === 'engine') return engine(scenario, server.baseURL, dirs);
    if (name === 'against' && other !== undefined) return other(scenario, server.baseURL, dirs);
    if (name === 'core' && core !== undefined) return core(scenario, server.baseURL, dirs);
    collectGarbage();
    const floor = await runSdkFloor(scenario.plan, server.baseURL, { model: spec.model, maxConcurrency: spec.maxConcurrency });
    return costOf(floor, floor.turns);
  };
  const rounds: Round[] = [];
  try {
    for (let i = 0; i < total; i += 1) {
      const round: Record<string, RoundCost> = {};
      for (const name of orderOf(names, i)) round[name] = await run(name, i);
      if (i >= WARMUP_ROUNDS) rounds.push(round);
      process.stderr.write(`round ${i + 1}/${total}${i < WARMUP_ROUNDS ? ' (warm-up)' : ''}\n`);
    }
  } finally {
    await server.stop().catch(() => undefined);
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
  const compared = [
    { name: 'engine', against: 'sdk' },
    ...(other === undefined
      ? []
      : [
          { name: 'against', against: 'sdk' },
          { name: 'engine', against: 'against' },
        ]),
    ...(core === undefined
      ? []
      : [
          { name: 'core', against: 'sdk' },
          { name: 'engine', against: 'core' },
        ]),
  ];
  const summary = summarisePairs(rounds, compared);
  console.log(`${spec.name}: ${options.rounds} paired rounds in one process${options.against === undefined ? '' : `; against = ${options.against}`}`);
  for (const [name, m] of Object.entries(summary.medians)) {
    const main = m.mainMsPerTurn === undefined ? '' : ` (JavaScript thread ${m.mainMsPerTurn.toFixed(3)})`;
    console.log(`  ${name.padEnd(8)} CPU per turn ${m.cpuMsPerTurn.toFixed(3)} ms${main}; wall ${m.wallMs.toFixed(0)} ms`);
  }
  for (const r of summary.ratios) {
    const main = r.mainMedian === undefined ? '' : `; JavaScript thread ${r.mainMedian.toFixed(3)}`;
    console.log(
      `  ${r.name} ÷ ${r.against}: median ${r.median.toFixed(3)}, of the sums ${r.ofSums.toFixed(3)}${main}; rounds ${r.rounds.map((x) => x.toFixed(2)).join(' ')}`,
    );
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench pairs: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
