/**
 * `npm run bench`: the engine against the out-of-process fake Messages API.
 *
 *   npm run bench [-- --repeat <n>] [--only <scenario,...>] [--delay <eventDelayMs>]
 *
 * Every scenario runs in a fresh child process (`bench/worker.ts`: every warm-up, then rounds of the
 * engine run, the SDK floor and the tools floor, in an order that rotates with the repeat and the
 * round, until each has made `MIN_MEASURED_TURNS` turns: `rounds.ts`), one after another, so CPU and
 * RSS of one scenario never include another's.
 * Each scenario runs `--repeat` times (default 3) and the run with the median wall time is kept
 * whole (its numbers come from that one run; the walls of every repeat are listed in `wallMsRuns`),
 * except the two the targets judge against the SDK floor: `cpuRatio` and `efficiencyDelta` are the
 * medians over the repeats (each repeat pairs the engine and the floor in one process, so its ratio
 * and delta are one paired comparison; every repeat's are in `cpuRatioRuns`/`efficiencyDeltaRuns`).
 * Prints the results and the targets as pass/FAIL, and writes bench/results.json. It also pools the
 * `cpuRatioRuns`/`efficiencyDeltaRuns` of every plain-stream scenario in the file and prints their
 * medians with a bootstrap interval (pooled.ts; results.json `pooled`): reported, not judged. Exits 0 when every
 * run ended `done` (targets missed or not); non-zero when a worker crashed or a run did not end `done`.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { relative, resolve } from 'node:path';
import { timerWakeCpuUs } from './measure';
import { pooledLine, pooledSummary } from './pooled';
import { medianOf } from './stats';
import {
  appendScenarioResults,
  evaluateTargets,
  RESULTS_PATH,
  TARGET_KEYS,
  targetsLine,
  type EngineScenarioResult,
  type JsonValue,
  type ScenarioEntry,
  type TargetVerdicts,
} from './report';
import { diagnosticsTable, eventLoopTable, resultsTable } from './reportTables';
import { runContextScenario } from './context';
import { evaluateReviewTargets, REVIEW_TARGET_KEYS, reviewTargetsLine, type ReviewVerdicts } from './review';
import { REVIEW_SCENARIO_NAME } from './reviewScenario';
import { runUiReduceScenario } from './uiReduce';
import { runUiRenderScenario } from './uiRender';
import { DEFAULT_EVENT_DELAY_MS, RESULT_MARKER, SCENARIOS } from './scenarios';
import { REALISTIC_EVENT_DELAY_MS } from './scripts';

interface Options {
  readonly repeat: number;
  readonly only: readonly string[] | undefined;
  readonly delay: number;
}

function parseOptions(argv: readonly string[]): Options {
  let repeat = DEFAULT_REPEAT;
  let only: string[] | undefined;
  let delay = DEFAULT_EVENT_DELAY_MS;
  for (let i = 0; i < argv.length; i += 1) {
    const value = argv[i + 1];
    if (argv[i] === '--repeat') repeat = Number(value);
    else if (argv[i] === '--only') only = (value ?? '').split(',').filter((s) => s !== '');
    else if (argv[i] === '--delay') delay = Number(value);
    else throw new Error(`unknown argument ${argv[i]}`);
    i += 1;
  }
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat needs a positive integer');
  if (!Number.isInteger(delay) || delay < 1) throw new Error('--delay needs a positive integer (ms)');
  return { repeat, only, delay };
}

interface WorkerRun<R extends ScenarioEntry = EngineScenarioResult> {
  readonly result?: R;
  readonly error?: string;
  readonly stderr: string;
}

const WORKER = resolve(__dirname, 'worker.ts');
const DEFAULT_REPEAT = 3;

function runWorker<R extends ScenarioEntry = EngineScenarioResult>(name: string, delay: number, rotation = 0): Promise<WorkerRun<R>> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', WORKER, name, '--delay', String(delay), '--rotate', String(rotation)], {
      cwd: resolve(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => done({ error: error.message, stderr }));
    child.on('exit', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || line === undefined) {
        done({ error: `worker exited with ${signal ?? `code ${code}`}${line === undefined ? ', no result' : ''}`, stderr });
        return;
      }
      done({ result: JSON.parse(line.slice(RESULT_MARKER.length)) as R, stderr });
    });
  });
}

function median<T>(items: readonly T[], key: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)] as T;
}

function printFrameCheck(results: readonly EngineScenarioResult[]): void {
  const one = results.find((r) => r.agents === 1) ?? results[0];
  if (one === undefined) return;
  const check = one.frameCheck as { readonly [key: string]: JsonValue } | undefined;
  const sample = check?.sampleAgent as { readonly taskId: string; readonly turns: readonly { readonly [key: string]: number }[] } | undefined;
  console.log(`\nFrame count check (${one.name}, agent ${sample?.taskId ?? '?'}):`);
  console.log("  frames per turn: the turn shaped for the request's model (src/fakeApi answerShape/thinkingPlan: thinking blocks included)");
  console.log("  and rendered by src/fakeApi/sse.ts renderMessage() with the server's deltaChars/pings; scripted = frames x delay;");
  console.log("  server = endedAt - receivedAt from the fake's own request log.");
  for (const t of sample?.turns ?? []) {
    const delay = t.frames > 0 ? t.scriptedMs / t.frames : 0;
    console.log(
      `  turn ${t.turn}: ${t.frames} frames x ${delay} ms, scripted ${t.scriptedMs} ms, server ${t.serverMs} ms, diff ${t.diffMs >= 0 ? '+' : ''}${t.diffMs} ms`,
    );
  }
  console.log('  all scenarios, server - scripted per turn:');
  for (const r of results) {
    const c = r.frameCheck as { readonly [key: string]: number };
    console.log(
      `    ${r.name.padEnd(24)} ${String(c.requests).padStart(3)} turns, ${String(c.framesTotal).padStart(4)} frames: mean +${c.meanDiffMsPerTurn.toFixed(2)} ms/turn, max +${c.maxDiffMsPerTurn} ms, +${c.meanDiffMsPerFrame.toFixed(3)} ms/frame${c.unexpected > 0 ? `, ${c.unexpected} UNEXPECTED` : ''}`,
    );
  }
}

/** The engine scenarios' tables: results beside the SDK floor, event loop, diagnostics, frame check. */
function printEngineTables(
  evaluated: readonly { readonly result: EngineScenarioResult; readonly verdicts: TargetVerdicts }[],
  kept: readonly EngineScenarioResult[],
): void {
  console.log(`\nResults: the engine beside the bare SDK doing the same conversations ('sdk' columns), targets: ${targetsLine()}`);
  console.log(
    '  cpuRatio = engine cpuMs/turn / sdk cpuMs/turn; effDelta = engine efficiency - sdk efficiency (bound / wall, each against its own scripts, of one length);',
  );
  console.log("  tools = cpuMs/turn of the tools floor (the bare SDK plus the tools' plain file reads and writes), ratio = engine / tools (not judged);");
  console.log(
    '  ratios and effDelta are medians over the repeats (each repeat pairs engine and sdk in one process); the other figures come from the median-wall run',
  );
  console.log('  cpuShare = process CPU / wall (share of one core); speedup = serial-equivalent time / wall');
  console.log(resultsTable(evaluated));
  if (evaluated.some(({ result }) => typeof result.eventLoopP99Ms === 'number')) {
    console.log('\nEvent loop during the run (perf_hooks.monitorEventLoopDelay, 10 ms resolution: a loop never late reads ~10 ms)');
    console.log('  maxOnCpuMs: longest timer lateness counting only CPU the process used meanwhile (the rest was waiting for a core);');
    console.log('  preempted: involuntary context switches of the process during the run (how contended the machine was)');
    console.log(eventLoopTable(evaluated));
  }
  console.log(
    [
      '\nDiagnostics (ms unless noted)',
      "  effVsServer: bound / wall with the bound from the fake's measured streaming times instead of frames x delay",
      '  engineOwn = cpuMs/turn - sdk cpuMs/turn',
      "  mainThr/otherThr: process CPU by thread (10 ms ticks), engine then sdk; serverCpu: the fake's process (engine run); drift: fake timer lateness per frame",
      '  firstReq: agent start -> first request read; betweenTurns: response end -> next request read; finish: last response end -> agent finished',
    ].join('\n'),
  );
  console.log(diagnosticsTable(kept));
  printFrameCheck(kept);
}

/**
 * review-4 (review.ts): `--repeat` workers, the run with the median wall kept whole (the walls of
 * every repeat in `wallMsRuns`), judged against its own targets. Undefined when every worker failed.
 */
async function runReviewScenario(
  options: Options,
  failures: string[],
  stderrLines: Set<string>,
): Promise<{ readonly entry: ScenarioEntry; readonly verdicts: ReviewVerdicts } | undefined> {
  const runs: ScenarioEntry[] = [];
  for (let i = 0; i < options.repeat; i += 1) {
    const run = await runWorker<ScenarioEntry>(REVIEW_SCENARIO_NAME, options.delay);
    run.stderr.split('\n').forEach((l) => l.trim() !== '' && !l.startsWith('(Use `node --trace-warnings') && stderrLines.add(l.replace(/\(node:\d+\) /, '')));
    if (run.result !== undefined) runs.push(run.result);
    else failures.push(`${REVIEW_SCENARIO_NAME}: ${run.error ?? 'failed'}\n${run.stderr.trim()}`);
  }
  if (runs.length === 0) return undefined;
  const wallOf = (r: ScenarioEntry): number => (typeof r.wallMs === 'number' ? r.wallMs : Number.POSITIVE_INFINITY);
  const chosen = median(runs, wallOf);
  const verdicts = evaluateReviewTargets(chosen);
  const entry: ScenarioEntry = { ...chosen, repeats: runs.length, wallMsRuns: runs.map(wallOf), cpus: cpus().length, targets: { ...verdicts } };
  const pick = (key: string): string => JSON.stringify(entry[key] ?? null);
  console.log(`\n${REVIEW_SCENARIO_NAME} (4 read-only reviewers side by side, then the synthesis), targets: ${reviewTargetsLine()}`);
  console.log(
    `  wall ${pick('wallMs')} ms, bound ${pick('boundMs')} ms, efficiency ${pick('efficiency')}, serial ${pick('serialMs')} ms, speedup ${pick('speedup')}; ` +
      `synthesis ${pick('synthesisStatus')} with ${pick('synthesisFindings')} findings (${pick('synthesisMs')} ms); ` +
      `sequential wall ${pick('sequentialWallMs')} ms (${pick('sequentialWallMsMethod')})`,
  );
  console.log(`  targets: ${REVIEW_TARGET_KEYS.map((k) => `${k} ${verdicts[k]}`).join(', ')}`);
  return { entry, verdicts };
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseOptions(process.argv.slice(2));
  const specs = options.only === undefined ? SCENARIOS : SCENARIOS.filter((s) => options.only?.includes(s.name));
  if (specs.length === 0 && !options.only?.some((n) => n === 'ui-reduce' || n === 'ui-render' || n === 'context-7' || n === REVIEW_SCENARIO_NAME))
    throw new Error(`no scenario matches --only; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const wakeUs = await timerWakeCpuUs();
  console.log(
    `Fanout engine bench: ${specs.length} scenario(s) x ${options.repeat}, eventDelayMs ${options.delay} (realistic streams: ${REALISTIC_EVENT_DELAY_MS}, per turn), ${cpus().length} CPU(s), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, idle timer wake = ${wakeUs.toFixed(0)} us CPU`,
  );
  const kept: EngineScenarioResult[] = [];
  const failures: string[] = [];
  const stderrLines = new Set<string>();
  for (const spec of specs) {
    const runs: EngineScenarioResult[] = [];
    for (let i = 0; i < options.repeat; i += 1) {
      const run = await runWorker(spec.name, options.delay, i);
      run.stderr.split('\n').forEach((l) => l.trim() !== '' && !l.startsWith('(Use `node --trace-warnings') && stderrLines.add(l.replace(/\(node:\d+\) /, '')));
      if (run.result !== undefined) runs.push(run.result);
      else failures.push(`${spec.name}: ${run.error ?? 'failed'}\n${run.stderr.trim()}`);
    }
    if (runs.length === 0) continue;
    const chosen = median(runs, (r) => r.wallMs);
    kept.push({
      ...chosen,
      repeats: runs.length,
      wallMsRuns: runs.map((r) => r.wallMs),
      cpuRatio: Number(medianOf(runs.map((r) => r.cpuRatio)).toFixed(3)),
      efficiencyDelta: Number(medianOf(runs.map((r) => r.efficiencyDelta)).toFixed(4)),
      cpuRatioVsTools: Number(medianOf(runs.map((r) => r.cpuRatioVsTools)).toFixed(3)),
      cpuRatioRuns: runs.map((r) => r.cpuRatio),
      cpuRatioVsToolsRuns: runs.map((r) => r.cpuRatioVsTools),
      efficiencyDeltaRuns: runs.map((r) => r.efficiencyDelta),
      cpus: cpus().length,
      timerWakeCpuUs: Math.round(wakeUs),
    });
    const spread = runs.map((r) => `${r.cpuRatio.toFixed(2)}/${r.efficiencyDelta >= 0 ? '+' : ''}${r.efficiencyDelta.toFixed(3)}`).join(' ');
    console.log(
      `  ${spec.name}: wall ${chosen.wallMs} ms, bound ${chosen.boundMs} ms; cpuRatio/effDelta per run ${spread} (${((Date.now() - started) / 1000).toFixed(1)} s elapsed)`,
    );
  }

  const evaluated = kept.map((result) => ({ result, verdicts: evaluateTargets(result) }));
  if (evaluated.length > 0) printEngineTables(evaluated, kept);

  const entries: ScenarioEntry[] = evaluated.map(({ result, verdicts }) => ({ ...result, targets: { ...verdicts } }));
  const reviewMissed: string[] = [];
  if (options.only === undefined || options.only.includes(REVIEW_SCENARIO_NAME)) {
    const review = await runReviewScenario(options, failures, stderrLines);
    if (review !== undefined) {
      entries.push(review.entry);
      reviewMissed.push(...REVIEW_TARGET_KEYS.filter((k) => review.verdicts[k] === 'FAIL').map((k) => `${REVIEW_SCENARIO_NAME}:${k}`));
    }
  }
  if (options.only === undefined || options.only.includes('ui-reduce')) {
    const ui = runUiReduceScenario();
    console.log(`\nui-reduce: ${JSON.stringify(ui)}`);
    entries.push(ui);
  }
  if (options.only === undefined || options.only.includes('ui-render')) {
    const render = await runUiRenderScenario();
    console.log(`\nui-render: ${JSON.stringify(render)}`);
    entries.push(render);
  }
  if (options.only === undefined || options.only.includes('context-7')) {
    const context = await runContextScenario();
    console.log(`\ncontext-7: ${JSON.stringify(context)}`);
    entries.push(context);
  }
  const { pooled } = appendScenarioResults(entries, RESULTS_PATH, pooledSummary);
  if (pooled !== undefined) console.log(`\n${pooledLine(pooled)}`);
  const missed = [
    ...evaluated.flatMap(({ result, verdicts }) => TARGET_KEYS.filter((k) => verdicts[k] === 'FAIL').map((k) => `${result.name}:${k}`)),
    ...reviewMissed,
  ];
  console.log(`\nTargets missed: ${missed.length === 0 ? 'none' : `${missed.length} (${missed.join(', ')})`}`);
  if (stderrLines.size > 0) console.log(`\nWorker stderr (deduplicated):\n  ${[...stderrLines].join('\n  ')}`);
  if (failures.length > 0) console.error(`\nFAILED runs:\n${failures.join('\n')}`);
  console.log(`\nWrote ${relative(process.cwd(), RESULTS_PATH)}; total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
