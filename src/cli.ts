/**
 * Fanout's headless entry: plan a request, lint a plan, or run one (from a file, or planned from a
 * request in one go) against the Messages API, writing the run log and one patch per task; review
 * the current change (`review`, src/cli/reviewCommand.ts) or answer questions about the code
 * (`research`, src/cli/researchCommand.ts). The workspace is only read; every change stays staged in
 * --out.
 */
import { ResearchInputError } from './core/research/researchError';
import { ReviewInputError } from './core/review/reviewError';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './cli/args';
import { apiClient, CliError, loadPlan, runSettings } from './cli/common';
import { planCommand, propose } from './cli/planCommand';
import { projectContext } from './core/planning/projectContext';
import { findingLines, formatProposal } from './cli/planOutput';
import { progressLine } from './cli/progress';
import { claimOutDir } from './cli/outDir';
import { headlessRunOptions } from './cli/runOptions';
import { cliChecks } from './cli/checks';
import { checksLine, checksSummary } from './cli/checksOutput';
import { resumeHeadless } from './cli/resumeCommand';
import { reviewCommand } from './cli/reviewCommand';
import { researchCommand } from './cli/researchCommand';
import type { RunHandle } from './core/run/engineTypes';
import type { RunEvent } from './core/run/events';
import { newRunId, PlanValidationError, startRun } from './core/run/engine';
import { computeMetrics } from './core/run/metrics';
import { patchesByTask } from './core/workspace/patches';
import { hasErrors } from './core/plan/planValidation';
import { lintPlan } from './core/planning/lint/lintPlan';
import { asValidated, checkPlan, type ValidatedPlan } from './core/plan/planCheck';
import { WORKSPACE_RUNS_FOLDER } from './core/workspace/fileWalk';

function lint(args: CliArgs): number {
  const plan = loadPlan(args);
  const settings = runSettings(args);
  const findings = lintPlan(checkPlan(plan, settings.workspaceRoot).plan, settings.lintOptions);
  if (args.json) {
    const out = findings.map(({ severity, code, message, tasks, paths }) => ({ severity, code, message, tasks, paths }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (findings.length === 0) {
    process.stdout.write('The plan has no findings.\n');
  } else {
    for (const f of findings) process.stdout.write(`${f.severity} ${f.code}: ${f.message}\n`);
  }
  return hasErrors(findings) ? 1 : 0;
}

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

async function run(args: CliArgs): Promise<number> {
  const client = apiClient();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const progress = args.json ? process.stderr : process.stdout;
  let startedAt = 0;
  const onEvent = (event: RunEvent): void => {
    if (event.kind === 'run.started') startedAt = event.at;
    const line = progressLine(event, startedAt);
    if (line) progress.write(`${line}\n`);
  };
  const printNotes = (notes: readonly string[]): void => {
    for (const note of notes) progress.write(`${note}\n`);
  };
  let handle: RunHandle;
  let outDir: string;
  if (args.resume !== undefined) {
    outDir = resolve(args.resume);
    handle = await resumeHeadless(args, outDir, { client, runDir: outDir, signal: controller.signal, onEvent: (event) => onEvent(event) }, printNotes);
    startedAt = handle.state().startedAt ?? 0;
  } else {
    const settings = runSettings(args);
    // Refused before planning, which is paid for.
    if (args.out !== undefined) claimOutDir(resolve(args.out));
    const { plan, sharedContext } = await planToRun(args, controller.signal);
    const runId = newRunId();
    outDir = resolve(args.out ?? join(WORKSPACE_RUNS_FOLDER, runId));
    mkdirSync(outDir, { recursive: true });
    const checks = await cliChecks(args, settings.workspaceRoot);
    printNotes(checks.notes);
    handle = startRun(headlessRunOptions(settings, { plan, sharedContext, client, runId, runDir: outDir, signal: controller.signal, onEvent, checks }));
  }
  const runId = handle.runId;
  const state = await handle.done;
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
      `${JSON.stringify({ runId, outcome: state.status, outDir, patches: patchFiles, metrics, agents, findings: state.findings, denied: state.denied, checks: checksSummary(state) }, null, 2)}\n`,
    );
  } else {
    const cost = metrics.costUsd === null ? 'n/a' : `$${metrics.costUsd.toFixed(4)}${metrics.costComplete ? '' : '+ (some models unpriced)'}`;
    progress.write(
      `\n${state.status}: wall ${(metrics.wallMs / 1000).toFixed(1)}s, speedup ${metrics.speedup.toFixed(2)}x, ` +
        `${metrics.tokens.input + metrics.tokens.cacheRead + metrics.tokens.cacheWrite} input / ${metrics.tokens.output} output tokens, cost ${cost}\n` +
        `${checksLine(state, metrics)}Run log and ${patchFiles.length} patch(es) in ${outDir}\n`,
    );
  }
  // Checks that still fail make the run a failure, as a failing test run would be.
  return state.status === 'done' && state.checks?.verdict !== 'failing' ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    switch (args.command) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
      case 'lint':
        return lint(args);
      case 'plan':
        return await planCommand(args);
      case 'run':
        return await run(args);
      case 'review':
        return await reviewCommand(args);
      case 'research':
        return await researchCommand(args);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ReviewInputError || error instanceof ResearchInputError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof PlanValidationError) {
      process.stderr.write('The plan has errors; nothing ran:\n');
      for (const f of error.findings) process.stderr.write(`  ${f.severity} ${f.code}: ${f.message}\n`);
      return 2;
    }
    process.stderr.write(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 70;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
