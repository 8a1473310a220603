/** How the headless entry prints a plan proposal, its findings and its estimate. */
import type { PlanFinding, RouteDecision, TaskSpec } from '../core/plan/plan';
import type { CostEstimate, PlanProposal } from '../core/planning/types';

export function routeLine(route: RouteDecision): string {
  return `Route: ${route.route}${route.overridden ? ' (chosen by you)' : ''} — ${route.rationale}`;
}

function taskLines(task: TaskSpec): string[] {
  const owns = task.owns.length > 0 ? task.owns.join(', ') : '(nothing: read-only)';
  const lines = [`  ${task.id} [${task.phase}] ${task.role}: ${task.title}`, `      owns: ${owns}`];
  if (task.dependsOn.length > 0) lines.push(`      after: ${task.dependsOn.join(', ')}`);
  if (task.model !== undefined) lines.push(`      model: ${task.model}`);
  return lines;
}

export function findingLines(findings: readonly PlanFinding[]): string[] {
  if (findings.length === 0) return ['No findings.'];
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`  ${f.severity} ${f.code}: ${f.message}`);
    if (f.fix) lines.push(`      fix: ${f.fix.title}`);
  }
  return lines;
}

function usd(value: number | null): string {
  return value === null ? 'n/a' : `$${value.toFixed(2)}`;
}

export function estimateLine(estimate: CostEstimate): string {
  const tokens = `${estimate.lowTokens.toLocaleString('en-US')}–${estimate.highTokens.toLocaleString('en-US')} tokens`;
  const unpriced = estimate.unpricedModels.length > 0 ? ` (no price for ${estimate.unpricedModels.join(', ')}; pass --prices FILE)` : '';
  return `Estimate: ${usd(estimate.lowUsd)}–${usd(estimate.highUsd)}, ${tokens}${unpriced}`;
}

/** The human-readable proposal. */
export function formatProposal(proposal: PlanProposal, maxCostUsdPerRun: number): string {
  const { plan, findings, estimate } = proposal;
  const lines = [routeLine(proposal.route), '', `Plan ${plan.id}${plan.pattern ? ` (pattern ${plan.pattern})` : ''}: ${plan.tasks.length} task(s)`];
  for (const task of plan.tasks) lines.push(...taskLines(task));
  lines.push('', ...(findings.length === 0 ? ['Findings: none.'] : ['Findings:', ...findingLines(findings)]), '', estimateLine(estimate));
  if (proposal.needsApproval) {
    lines.push(
      estimate.highUsd === null
        ? `Needs approval: the cost cannot be shown to be under the run cap of $${maxCostUsdPerRun} (a model has no price).`
        : `Needs approval: the estimate's high end is above the run cap of $${maxCostUsdPerRun}.`,
    );
  }
  return lines.join('\n');
}

/** The `--json` shape of a proposal. Fixes are kept: they are plain data (plan edits). */
export function proposalJson(proposal: PlanProposal): Record<string, unknown> {
  return { route: proposal.route, plan: proposal.plan, findings: proposal.findings, estimate: proposal.estimate, needsApproval: proposal.needsApproval };
}
