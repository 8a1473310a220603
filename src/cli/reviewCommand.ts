/**
 * `review`: a role-based review of the current change, headless. Reads the change with git (the working
 * tree against HEAD, or BASE...HEAD), runs one read-only reviewer per role of the `review-roles` pattern
 * in parallel with the diff in their shared context, and ends with the run's synthesis: ranked findings
 * and a Markdown report, written to report.md in the run's folder and printed. The workspace is only read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { newRunId, startRun } from '../core/run/engine';
import type { RunEvent } from '../core/run/events';
import { computeMetrics } from '../core/run/metrics';
import { WORKSPACE_RUNS_FOLDER } from '../core/workspace/fileWalk';
import type { CliArgs } from './args';
import { apiClient, runSettings } from './common';
import { claimOutDir } from './outDir';
import { progressLine } from './progress';
import { prepareReview } from '../core/review/prepareReview';
import { reviewRoles } from '../core/review/reviewPlan';
import { reviewResult } from '../core/review/reviewReport';
import { headlessRunOptions } from './runOptions';

/** Exits 0 when the run is done (findings are its answer, not a failure), 1 when it failed, 2 on bad input (nothing paid for). */
export async function reviewCommand(args: CliArgs): Promise<number> {
  const settings = runSettings(args);
  const roles = reviewRoles(args.roles);
  const client = apiClient();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  // Progress on stderr, so stdout holds only the report (or the JSON).
  const progress = process.stderr;

  const { subject, plan, sharedContext } = await prepareReview({ workspaceRoot: settings.workspaceRoot, base: args.base, roles, signal: controller.signal });

  if (args.out !== undefined) claimOutDir(resolve(args.out));
  const runId = newRunId();
  const outDir = resolve(args.out ?? join(WORKSPACE_RUNS_FOLDER, runId));
  mkdirSync(outDir, { recursive: true });

  let startedAt = 0;
  const onEvent = (event: RunEvent): void => {
    if (event.kind === 'run.started') startedAt = event.at;
    const line = progressLine(event, startedAt);
    if (line) progress.write(`${line}\n`);
  };
  const handle = startRun({
    ...headlessRunOptions(settings, { plan, sharedContext, client, runId, runDir: outDir, signal: controller.signal, onEvent, checks: {} }),
    synthesis: { model: settings.models.validator, effort: settings.effort.validator, subject },
  });
  const state = await handle.done;
  const { report, findings } = reviewResult(state, subject);
  const reportFile = join(outDir, 'report.md');
  writeFileSync(reportFile, report);
  const metrics = computeMetrics(state);

  if (args.json) {
    const synthesis = state.synthesis?.status;
    process.stdout.write(`${JSON.stringify({ runId, outDir, report, findings, agentFindings: state.findings, synthesis, metrics }, null, 2)}\n`);
  } else {
    const cost = metrics.costUsd === null ? 'n/a' : `$${metrics.costUsd.toFixed(4)}${metrics.costComplete ? '' : '+ (some models unpriced)'}`;
    progress.write(
      `\n${state.status}: ${roles.length} reviewer(s), ${state.findings.length} finding(s), synthesis ${state.synthesis?.status ?? 'none'}, ` +
        `wall ${(metrics.wallMs / 1000).toFixed(1)}s, cost ${cost}\nReport and run log in ${outDir}\n\n`,
    );
    process.stdout.write(report);
  }
  return state.status === 'done' ? 0 : 1;
}
