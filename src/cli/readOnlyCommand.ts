/**
 * Runs a read-only fan-out (`review`, `research`) headless once it is prepared: the run's folder,
 * the agents side by side with the synthesis at the end, progress on stderr (runProgress.ts: live on
 * a terminal, one line per event otherwise), report.md in the run's folder, and the report on stdout
 * (with --json: every run event as a JSON line, then the summary line). The workspace is only read.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ReadOnlyRun } from '../core/readOnly/readOnlyRun';
import { reviewResult } from '../core/review/reviewReport';
import { newRunId, startRun } from '../core/run/engine';
import { computeMetrics } from '../core/run/metrics';
import { WORKSPACE_RUNS_FOLDER } from '../core/workspace/fileWalk';
import type { CliArgs } from './args';
import type { RunSettings } from './common';
import { claimOutDir, makeRunFolder } from './outDir';
import { runProgress, summaryLine } from './runProgress';
import { headlessRunOptions } from './runOptions';

const AGENTS_NOUN: Readonly<Record<ReadOnlyRun['kind'], string>> = { review: 'reviewer(s)', research: 'question(s)' };

function dollars(usd: number): string {
  return `$${usd.toFixed(4)}`;
}

/**
 * Exits 0 when the run is done (findings are its answer, not a failure), 1 when it failed. `extraJson`
 * adds keys to the --json summary (after the common ones: runId, outDir, report, findings,
 * agentFindings, synthesis, metrics).
 */
export async function runReadOnly(
  args: CliArgs,
  settings: RunSettings,
  client: Anthropic,
  run: ReadOnlyRun,
  controller: AbortController,
  extraJson: Readonly<Record<string, unknown>> = {},
): Promise<number> {
  // Progress on stderr, so stdout holds only the report (or the JSON).
  const progress = process.stderr;
  // A folder claimed earlier (before a paid preparation) is still empty here, so claiming it again passes.
  if (args.out !== undefined) claimOutDir(resolve(args.out));
  const runId = newRunId();
  const outDir = resolve(args.out ?? join(WORKSPACE_RUNS_FOLDER, runId));
  makeRunFolder(outDir);

  const live = runProgress(args.json, { stdout: process.stdout, stderr: progress, plainTo: 'stderr' });
  const { plan, sharedContext, subject } = run;
  const handle = startRun({
    ...headlessRunOptions(settings, { plan, sharedContext, client, runId, runDir: outDir, signal: controller.signal, onEvent: live.onEvent, checks: {} }),
    synthesis: { model: settings.models.validator, effort: settings.effort.validator, subject },
  });
  live.seed(handle.state());
  const state = await handle.done;
  live.finish();
  const { report, findings } = reviewResult(state, subject, run.kind === 'research' ? 'researcher' : 'reviewer');
  writeFileSync(join(outDir, 'report.md'), report);
  const metrics = computeMetrics(state);

  if (args.json) {
    const synthesis = state.synthesis?.status;
    process.stdout.write(summaryLine({ runId, outDir, report, findings, agentFindings: state.findings, synthesis, metrics, ...extraJson }));
  } else {
    const cost = metrics.costUsd === null ? 'n/a' : `${dollars(metrics.costUsd)}${metrics.costComplete ? '' : '+ (some models unpriced)'}`;
    const preparation = run.preparation;
    const prepared =
      preparation === undefined
        ? ''
        : `, plus ${preparation.costUsd === null ? 'n/a (unpriced)' : dollars(preparation.costUsd)} to split the question on ${preparation.model}`;
    progress.write(
      `\n${state.status}: ${plan.tasks.length} ${AGENTS_NOUN[run.kind]}, ${state.findings.length} finding(s), synthesis ${state.synthesis?.status ?? 'none'}, ` +
        `wall ${(metrics.wallMs / 1000).toFixed(1)}s, cost ${cost}${prepared}\nReport and run log in ${outDir}\n\n`,
    );
    process.stdout.write(report);
  }
  return state.status === 'done' ? 0 : 1;
}
