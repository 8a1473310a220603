/** `plan "REQUEST"`: route, plan, lint and estimate; and the same steps for `run "REQUEST"`. */
import type Anthropic from '@anthropic-ai/sdk';
import { hasErrors } from '../core/plan/planValidation';
import { PlanningError, RouteError } from '../core/planning/errors';
import { proposePlan, type ProposedRun } from '../core/planning/propose';
import { proposeOptionsFrom } from '../core/run/runSettings';
import type { CliArgs } from './args';
import { apiClient, CliError, runSettings, type RunSettings } from './common';
import { formatProposal, proposalJson } from './planOutput';

/** Failures that are the user's input to fix exit 2; the model or the API failing exits 1. */
const INPUT_PROBLEMS = new Set(['empty-request', 'unknown-pattern', 'no-files']);

export async function propose(args: CliArgs, settings: RunSettings, client: Anthropic, signal: AbortSignal): Promise<ProposedRun> {
  const progress = process.stderr;
  try {
    const proposal = await proposePlan(
      proposeOptionsFrom(settings, {
        client,
        request: args.request ?? '',
        workspaceRoot: settings.workspaceRoot,
        patternName: args.pattern,
        routeOverride: args.route,
        signal,
        onProgress: (p) => progress.write(`${p.message}\n`),
      }),
    );
    for (const warning of proposal.warnings) progress.write(`Warning: ${warning}\n`);
    return proposal;
  } catch (error) {
    if (error instanceof PlanningError) throw new CliError(error.message, INPUT_PROBLEMS.has(error.kind) ? 2 : 1);
    if (error instanceof RouteError) throw new CliError(error.message, 1);
    throw error;
  }
}

/** Exits 0 with a plan that can run, 1 when it has errors (or planning failed), 2 on bad input. */
export async function planCommand(args: CliArgs): Promise<number> {
  if ((args.request ?? '').trim() === '') {
    throw new CliError(
      'The feature request is empty. Describe the change you want, for example: plan "Add a --json flag to the list command" --workspace .',
      2,
    );
  }
  const settings = runSettings(args);
  const client = apiClient();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const proposal = await propose(args, settings, client, controller.signal);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(proposalJson(proposal), null, 2)}\n`);
  } else {
    process.stdout.write(`${formatProposal(proposal, settings.budgets.maxCostUsdPerRun)}\n`);
  }
  return hasErrors(proposal.findings) ? 1 : 0;
}
