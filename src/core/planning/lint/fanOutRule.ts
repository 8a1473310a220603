/**
 * Fan-out size (warnings, no fix):
 * - `fan-out-queued`: more implement tasks than `maxConcurrency`. Only implement tasks run side by
 *   side (contract tasks and validators run one after another), so the rest queue: the message says
 *   in how many waves they run.
 * - `over-budget`: the estimate's high end is above `budgets.maxCostUsdPerRun` (when that is > 0).
 *   The message gives the estimated range. An unpriced plan has no estimate and is not reported here.
 */
import type { Plan, PlanFinding } from '../../plan/plan';
import { estimatePlanCost } from '../estimate';
import type { CostEstimate, LintOptions } from '../types';

function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** "$0.42–$1.90" for a priced estimate, "n/a" otherwise. */
export function formatEstimate(estimate: CostEstimate): string {
  if (estimate.lowUsd === null || estimate.highUsd === null) return 'n/a';
  return `${usd(estimate.lowUsd)}–${usd(estimate.highUsd)}`;
}

export function fanOutFindings(plan: Plan, options: LintOptions, estimate?: CostEstimate): PlanFinding[] {
  const out: PlanFinding[] = [];
  const implementers = plan.tasks.filter((t) => t.phase === 'implement');
  const cap = Math.max(1, Math.floor(options.maxConcurrency));
  if (implementers.length > cap) {
    const waves = Math.ceil(implementers.length / cap);
    out.push({
      severity: 'warning',
      code: 'fan-out-queued',
      message: `${implementers.length} implement agents with a concurrency cap of ${cap}: they run in ${waves} waves, ${implementers.length - cap} of them waiting in the queue. Merge tasks or raise fanout.maxConcurrency.`,
      tasks: implementers.map((t) => t.id),
      paths: [],
    });
  }
  const limit = options.budgets.maxCostUsdPerRun;
  if (limit > 0) {
    const cost = estimate ?? estimatePlanCost(plan, { prices: options.prices, models: options.models });
    if (cost.highUsd !== null && cost.highUsd > limit) {
      out.push({
        severity: 'warning',
        code: 'over-budget',
        message: `Estimated cost ${formatEstimate(cost)} goes above the run budget of ${usd(limit)}; the run stops its agents when the budget is reached. Merge tasks, use a cheaper model for some, or raise fanout.budget.maxCostUsdPerRun.`,
        tasks: [],
        paths: [],
      });
    }
  }
  return out;
}
