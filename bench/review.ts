/**
 * The `review-4` scenario, run in a worker process (`bench/worker.ts review-4`): four read-only
 * reviewers side by side under the concurrency cap, then the run's synthesis, against the
 * out-of-process fake. After a warm-up it measures the run with the cap (`wallMs`) and the same plan
 * with the cap at 1, the reviewers one after another (`sequentialWallMs`), and judges the targets:
 * the whole run under REVIEW_TARGET_WALL_MS, and all four findings in the synthesis' one report.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createModelClient } from '../src/core/model/modelClient';
import { lowerBoundMs } from '../src/core/plan/dag';
import { requireValidPlan } from '../src/core/plan/planCheck';
import { DEFAULT_BUDGETS, DEFAULT_RETRY } from '../src/core/defaults';
import { startRun } from '../src/core/run/engine';
import { computeMetrics } from '../src/core/run/metrics';
import type { RunState } from '../src/core/run/runState';
import type { Plan } from '../src/core/plan/plan';
import type { JsonValue, ScenarioEntry, Verdict } from './report';
import {
  buildReview,
  REVIEW_MAX_CONCURRENCY,
  REVIEW_SCENARIO_NAME,
  REVIEW_TARGET_WALL_MS,
  REVIEWERS,
  reviewScriptFile,
  type BuiltReview,
} from './reviewScenario';
import { PLAIN_MODEL } from './scenarios';
import { BENCH_EFFORT, BENCH_MAX_TOKENS } from './shape';
import { scriptedDurationMs, WORKSPACE_FILES, type StreamSettings } from './scripts';
import { startFakeServer } from './server';
import { checkFrames, serverDurations } from './timings';
import { round } from './stats';

const SETTINGS: StreamSettings = { eventDelayMs: 30, deltaChars: 16, pings: true };
/** Warm-up frames wait 1 ms: the same code paths, over quickly. */
const WARMUP_DELAY_MS = 1;

export interface ReviewRun {
  readonly state: RunState;
  readonly wallMs: number;
  /** synthesis.started -> synthesis.finished/failed, as the engine emitted them. */
  readonly synthesisMs: number;
}

/** The review scenario's targets, judged like the others' (`pass` / `FAIL`). */
export type ReviewVerdicts = {
  readonly wallMs: Verdict;
  readonly allFindingsInOneReport: Verdict;
};

export const REVIEW_TARGET_KEYS: readonly (keyof ReviewVerdicts)[] = ['wallMs', 'allFindingsInOneReport'];

export function reviewTargetsLine(): string {
  return `wall < ${REVIEW_TARGET_WALL_MS} ms, the synthesis done with all ${REVIEWERS.length} findings (every reviewer's) in one report`;
}

/** Judges a review-4 entry: the wall, and the synthesis holding one finding from every reviewer. */
export function evaluateReviewTargets(entry: ScenarioEntry): ReviewVerdicts {
  const wall = entry.wallMs;
  const from = entry.synthesisFrom;
  const everyReviewer = Array.isArray(from) && REVIEWERS.every((r) => from.includes(r.role));
  return {
    wallMs: typeof wall === 'number' && wall < REVIEW_TARGET_WALL_MS ? 'pass' : 'FAIL',
    allFindingsInOneReport:
      entry.synthesisStatus === 'done' && entry.synthesisFindings === REVIEWERS.length && everyReviewer && entry.synthesisReport === true ? 'pass' : 'FAIL',
  };
}

async function makeWorkspace(dirs: string[]): Promise<{ root: string; runDir: string }> {
  const root = await mkdtemp(join(tmpdir(), 'fanout-bench-ws-'));
  const runDir = await mkdtemp(join(tmpdir(), 'fanout-bench-run-'));
  dirs.push(root, runDir);
  for (const [path, content] of Object.entries(WORKSPACE_FILES)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
  return { root, runDir };
}

export async function runReview(built: BuiltReview, baseURL: string, maxConcurrency: number, dirs: string[]): Promise<ReviewRun> {
  const { root, runDir } = await makeWorkspace(dirs);
  let synthesisStarted: number | undefined;
  let synthesisEnded: number | undefined;
  const handle = startRun({
    plan: requireValidPlan(built.plan, root),
    workspaceRoot: root,
    client: createModelClient({ apiKey: 'bench', baseURL }),
    models: { agent: PLAIN_MODEL, validator: PLAIN_MODEL },
    effort: BENCH_EFFORT,
    maxOutputTokens: BENCH_MAX_TOKENS,
    maxConcurrency,
    budgets: DEFAULT_BUDGETS,
    prices: {},
    retry: DEFAULT_RETRY,
    runDir,
    synthesis: { model: PLAIN_MODEL, subject: 'Review of the bench workspace' },
    onEvent: (event) => {
      if (event.kind === 'synthesis.started') synthesisStarted = performance.now();
      else if (event.kind === 'synthesis.finished' || event.kind === 'synthesis.failed') synthesisEnded = performance.now();
    },
  });
  const state = await handle.done;
  if (state.status !== 'done') {
    const bad = Object.values(state.agents)
      .filter((a) => a.status !== 'done')
      .map((a) => `${a.taskId}: ${a.status} ${a.reason ?? ''} ${a.message ?? ''}`.trim());
    throw new Error(`${built.plan.id} ended ${state.status}: ${state.message ?? ''}\n  ${bad.join('\n  ')}`);
  }
  const synthesisMs = synthesisStarted !== undefined && synthesisEnded !== undefined ? synthesisEnded - synthesisStarted : 0;
  return { state, wallMs: (state.finishedAt ?? 0) - (state.startedAt ?? 0), synthesisMs };
}

/** The lower bound of the run (`lowerBoundMs`: the critical path, or each phase's work spread over the cap, validators side by side). */
export function sideBySideBoundMs(plan: Plan, durationMs: (taskId: string) => number, maxConcurrency: number): number {
  return lowerBoundMs(plan, durationMs, maxConcurrency).boundMs;
}

/** The reviewer ids a synthesis finding came from, with the run's task-id prefix taken off. */
function rolesOf(state: RunState, prefix: string): string[] {
  const ids = (state.synthesis?.findings ?? []).flatMap((f) => f.from);
  return [...new Set(ids.map((id) => (id.startsWith(prefix) ? id.slice(prefix.length) : id)))].sort();
}

/** Warm-up, the measured run (cap REVIEW_MAX_CONCURRENCY), the sequential run (cap 1); the scenario's entry. */
export async function runReviewScenarioInProcess(): Promise<ScenarioEntry> {
  const warmup = buildReview(SETTINGS, 'warmup-', WARMUP_DELAY_MS);
  const measured = buildReview(SETTINGS);
  const sequential = buildReview(SETTINGS, 'seq-');
  const server = await startFakeServer(reviewScriptFile([warmup, measured, sequential], SETTINGS));
  const dirs: string[] = [];
  try {
    await runReview(warmup, server.baseURL, REVIEW_MAX_CONCURRENCY, dirs);
    const parallel = await runReview(measured, server.baseURL, REVIEW_MAX_CONCURRENCY, dirs);
    const oneByOne = await runReview(sequential, server.baseURL, 1, dirs);
    const log = await server.stop();

    const scripted = new Map(measured.scripts.map((s) => [s.taskId, scriptedDurationMs(s, SETTINGS)]));
    const duration = (id: string): number => scripted.get(id) ?? 0;
    const boundMs = sideBySideBoundMs(measured.plan, duration, REVIEW_MAX_CONCURRENCY);
    const srcBound = lowerBoundMs(measured.plan, duration, REVIEW_MAX_CONCURRENCY);
    const sequentialBoundMs = sideBySideBoundMs(sequential.plan, (id) => duration(id.replace(/^seq-/, '')), 1);
    const fromServer = serverDurations(log, measured.scripts);
    const { state, wallMs } = parallel;
    const metrics = computeMetrics(state);
    const synthesis = state.synthesis;
    const entry: Record<string, JsonValue> = {
      name: REVIEW_SCENARIO_NAME,
      kind: 'review',
      stream: 'plain',
      model: PLAIN_MODEL,
      agents: measured.plan.tasks.length,
      maxConcurrency: REVIEW_MAX_CONCURRENCY,
      wallMs,
      boundMs,
      efficiency: round(boundMs / wallMs, 4),
      serialMs: metrics.serialMs,
      speedup: round(metrics.serialMs / wallMs, 3),
      synthesisStatus: synthesis?.status ?? 'none',
      synthesisFindings: synthesis?.findings?.length ?? 0,
      synthesisFrom: rolesOf(state, ''),
      synthesisReport: typeof synthesis?.report === 'string' && synthesis.report.length > 0,
      synthesisMs: round(parallel.synthesisMs, 1),
      sequentialWallMs: oneByOne.wallMs,
      sequentialWallMsMethod: `measured: the same plan and scripts run with maxConcurrency 1 (the reviewers one after another), synthesis included`,
      sequentialBoundMs,
      sequentialSynthesisStatus: oneByOne.state.synthesis?.status ?? 'none',
      sequentialSynthesisFindings: oneByOne.state.synthesis?.findings?.length ?? 0,
      sequentialSynthesisFrom: rolesOf(oneByOne.state, 'seq-'),
      parallelVsSequential: round(oneByOne.wallMs / wallMs, 3),
      // Extras.
      outcome: state.status,
      criticalPathMs: srcBound.criticalPathMs,
      reviewerScriptedMs: [...scripted.values()],
      scriptedSerialMs: [...scripted.values()].reduce((a, b) => a + b, 0),
      reviewerServerMs: [...fromServer.values()],
      findingsReported: state.findings.length,
      turns: Object.values(state.agents).reduce((a, agent) => a + agent.turns, 0),
      frameCheck: checkFrames(log, measured.scripts, SETTINGS),
    };
    const result: ScenarioEntry = { name: REVIEW_SCENARIO_NAME, ...entry };
    return result;
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  } finally {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}
