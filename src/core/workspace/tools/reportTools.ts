/** report_finding and run_check (validators) and finish (every task). */
import type { ToolContext, ToolOutcome } from './toolTypes';
import { resolveForRead } from '../pathPolicy';
import { fail, ok } from './common';
import type { ToolInput } from './definitions';
import { definedFields } from '../../definedFields';

export async function reportFinding(input: ToolInput<'report_finding'>, ctx: ToolContext): Promise<ToolOutcome> {
  let path: string | undefined;
  if (input.path !== undefined) {
    const resolved = await resolveForRead(ctx.workspaceRoot, input.path);
    if (!resolved.ok) return fail(`The finding's path is not usable: ${resolved.message}`, input.path);
    path = resolved.rel;
  }
  if (input.line !== undefined && path === undefined) return fail('A line needs a path: give the file the line is in.');
  ctx.emit({
    kind: 'finding.reported',
    taskId: ctx.task.id,
    severity: input.severity,
    message: input.message,
    ...definedFields({ path, line: input.line }),
  });
  const where = path === undefined ? '' : ` for ${path}${input.line !== undefined ? `:${input.line}` : ''}`;
  return ok(`Recorded ${input.severity} finding${where}.`, path);
}

/** Runs one approved check in the run's snapshot (the run's check phase does the work and logs it). */
export function runCheckTool(input: ToolInput<'run_check'>, ctx: ToolContext): Promise<ToolOutcome> {
  // The run's check phase refuses an id that is not one of its approved checks.
  const checks = ctx.checks;
  if (checks === undefined) return Promise.resolve(fail('This run has no checks to run.'));
  return checks.run(input.check, ctx.task.id, ctx.signal);
}

export function finishTool(input: ToolInput<'finish'>): Promise<ToolOutcome> {
  return Promise.resolve({ content: 'Finished.', isError: false, finished: { summary: input.summary } });
}
