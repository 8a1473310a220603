/** `lint --plan PLAN.json`: a plan file's validation errors and lint warnings, without calling any model. */
import { hasErrors } from '../core/plan/planValidation';
import { checkPlan } from '../core/plan/planCheck';
import { lintPlan } from '../core/planning/lint/lintPlan';
import type { CliArgs } from './args';
import { loadPlan, runSettings } from './common';

/** Exits 1 when the plan has errors, 0 otherwise (--json: the findings as one JSON array). */
export function lintCommand(args: CliArgs): number {
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
