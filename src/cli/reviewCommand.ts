/**
 * `review`: a role-based review of the current change, headless. Reads the change with git (the working
 * tree against HEAD, or BASE...HEAD), runs one read-only reviewer per role of the `review-roles` pattern
 * in parallel with the diff in their shared context, and ends with the run's synthesis: ranked findings
 * and a Markdown report, written to report.md in the run's folder and printed. The workspace is only read.
 */
import { prepareReview } from '../core/review/prepareReview';
import { reviewRoles } from '../core/review/reviewPlan';
import type { CliArgs } from './args';
import { apiClient, runSettings } from './common';
import { runReadOnly } from './readOnlyCommand';

/** Exits 0 when the run is done (findings are its answer, not a failure), 1 when it failed, 2 on bad input (nothing paid for). */
export async function reviewCommand(args: CliArgs): Promise<number> {
  const settings = runSettings(args);
  const roles = reviewRoles(args.roles);
  const client = apiClient();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const run = await prepareReview({ workspaceRoot: settings.workspaceRoot, base: args.base, roles, signal: controller.signal });
  return runReadOnly(args, settings, client, run, controller);
}
