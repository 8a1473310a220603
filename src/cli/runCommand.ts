/**
 * `run`: runs a plan file, plans a request and runs it in one go, or continues an interrupted run
 * (`--resume DIR`). Writes the run log and one patch per task in the run's folder; the workspace is
 * only read. Progress shows as runProgress.ts says (live on a terminal, JSON lines with --json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasErrors } from '../core/plan/planValidation';
import { asValidated, checkPlan, type ValidatedPlan } from '../core/plan/planCheck';
import { lintPlan } from '../core/planning/lint/lintPlan';
import { projectContext } from '../core/planning/projectContext';
import { newRunId, startRun } from '../core/run/engine';
import type { RunHandle } from '../core/run/engineTypes';
import { computeMetrics } from '../core/run/metrics';
import { WORKSPACE_RUNS_FOLDER } from '../core/workspace/fileWalk';
import { patchesByTask } from '../core/workspace/patches';
import type { CliArgs } from './args';
import { cliChecks } from './checks';
import { checksLine, checksSummary } from './checksOutput';
import { apiClient, CliError, loadPlan, runSettings } from './common';
import { claimOutDir, makeRunFolder } from './outDir';
import { propose } from './planCommand';
import { findingLines, formatProposal } from './planOutput';
import { resumeHeadless } from './resumeCommand';
import { runProgress, summaryLine } from './runProgress';
import { headlessRunOptions } from './runOptions';

/** The plan to run and its project context: from --plan, or planned from the request (refused on errors). */
async function planToRun(args: CliArgs, signal: AbortSignal): Promise<{ plan: ValidatedPlan; sharedContext: string }> {
  const settings = runSettings(args);
  const out = args.json ? process.stderr : process.stdout;
  if (args.plan !== undefined) {
    const check = checkPlan(loadPlan(args), settings.workspaceRoot);
    const findings = lintPlan(check.plan, settings.lintOptions);
    if (!check.ok || hasErrors(findings))
      throw new CliError(`The plan has errors; nothing ran:\n${findingLines(findings.filter((f) => f.severity === 'error')).join('\n')}`, 2);
    if (findings.length > 0) out.write(`Findings:\n${findingLines(findings).join('\n')}\n\n`);
    const plan = { ...check.plan, lint: findings };
    return { plan, sharedContext: await projectContext(settings.workspaceRoot, plan.request, signal) };
  }
  if ((args.request ?? '').trim() === '') throw new CliError('The feature request is empty. Describe the change you want.', 2);
  const proposal = await propose(args, settings, apiClient(), signal);
  out.write(`${formatProposal(proposal, settings.budgets.maxCostUsdPerRun)}\n\n`);
  if (hasErrors(proposal.findings)) {
    const errors = proposal.findings.filter((f) => f.severity === 'error');
    throw new CliError(
      `The plan has errors; nothing ran:\n${findingLines(errors).join('\n')}\nFix the request (or plan with "plan --json", edit the plan and run it with --plan).`,
      2,
    );
  }
  if (proposal.needsApproval && !args.yes) {
    const why =
      proposal.estimate.highUsd === null
        ? `its cost is unknown (no price for ${proposal.estimate.unpricedModels.join(', ')}; give one with --prices FILE or a price in --model-table FILE)`
        : `its estimate is above the run cap of $${settings.budgets.maxCostUsdPerRun}`;
    throw new CliError(
      `The plan needs approval: ${why}. Nothing ran. Pass --yes to run it anyway (the cap still stops the run once reached), or --max-cost USD to change the cap.`,
      2,
    );
  }
  return { plan: asValidated(proposal.plan), sharedContext: proposal.sharedContext };
}

/** Exits 0 when every agent finished and no check still fails, 1 otherwise, 2 on bad input (nothing ran). */
export async function runCommand(args: CliArgs): Promise<number> {
  const client = apiClient();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const progress = runProgress(args.json, { stdout: process.stdout, stderr: process.stderr, plainTo: 'stdout' });
  const { onEvent } = progress;
  const printNotes = (notes: readonly string[]): void => {
    for (const note of notes) progress.note(note);
  };
  let handle: RunHandle;
  let outDir: string;
  if (args.resume !== undefined) {
    outDir = resolve(args.resume);
    handle = await resumeHeadless(args, outDir, { client, runDir: outDir, signal: controller.signal, onEvent }, printNotes);
  } else {
    const settings = runSettings(args);
    // Refused before planning, which is paid for.
    if (args.out !== undefined) claimOutDir(resolve(args.out));
    const { plan, sharedContext } = await planToRun(args, controller.signal);
    const runId = newRunId();
    outDir = resolve(args.out ?? join(WORKSPACE_RUNS_FOLDER, runId));
    makeRunFolder(outDir);
    const checks = await cliChecks(args, settings.workspaceRoot);
    printNotes(checks.notes);
    handle = startRun(headlessRunOptions(settings, { plan, sharedContext, client, runId, runDir: outDir, signal: controller.signal, onEvent, checks }));
  }
  progress.seed(handle.state());
  const runId = handle.runId;
  const state = await handle.done;
  progress.finish();
  const patches = patchesByTask(handle.staging.entries());
  const patchDir = join(outDir, 'patches');
  mkdirSync(patchDir, { recursive: true });
  const patchFiles: string[] = [];
  for (const [taskId, patch] of patches) {
    const file = join(patchDir, `${taskId}.patch`);
    writeFileSync(file, patch);
    patchFiles.push(file);
  }
  const metrics = computeMetrics(state);
  if (args.json) {
    const agents = state.agentOrder.map((id) => state.agents[id]);
    process.stdout.write(
      summaryLine({
        runId,
        outcome: state.status,
        outDir,
        patches: patchFiles,
        metrics,
        agents,
        findings: state.findings,
        denied: state.denied,
        checks: checksSummary(state),
      }),
    );
  } else {
    const cost = metrics.costUsd === null ? 'n/a' : `$${metrics.costUsd.toFixed(4)}${metrics.costComplete ? '' : '+ (some models unpriced)'}`;
    process.stdout.write(
      `\n${state.status}: wall ${(metrics.wallMs / 1000).toFixed(1)}s, speedup ${metrics.speedup.toFixed(2)}x, ` +
        `${metrics.tokens.input + metrics.tokens.cacheRead + metrics.tokens.cacheWrite} input / ${metrics.tokens.output} output tokens, cost ${cost}\n` +
        `${checksLine(state, metrics)}Run log and ${patchFiles.length} patch(es) in ${outDir}\n`,
    );
  }
  // Checks that still fail make the run a failure, as a failing test run would be.
  return state.status === 'done' && state.checks?.verdict !== 'failing' ? 0 : 1;
}
