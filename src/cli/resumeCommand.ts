/**
 * `run --resume DIR`: continues an interrupted run in its own folder. The workspace is the one the run
 * recorded (`agents/system.json`) unless --workspace names another; the settings (models, budgets,
 * prices) come from the flags as for a new run. A run that cannot be resumed is refused (exit 2) with
 * the engine's message (`ResumeError`).
 */
import { resumeRun, ResumeError } from '../core/run/engine';
import type { RunHandle } from '../core/run/engineTypes';
import { readSharedSystem } from '../core/run/agent/sharedSystemFile';
import type { CliArgs } from './args';
import { CliError, runSettings } from './common';
import { headlessResumeOptions, type HeadlessRun } from './runOptions';
import { cliChecks } from './checks';

export async function resumeHeadless(
  args: CliArgs,
  runDir: string,
  run: Omit<HeadlessRun, 'plan' | 'sharedContext' | 'runId' | 'checks'>,
  onNotes: (notes: readonly string[]) => void,
): Promise<RunHandle> {
  const workspace = args.workspace ?? readSharedSystem(runDir)?.workspaceRoot;
  if (workspace === undefined) {
    throw new CliError(`${runDir} does not record its workspace. Give it with --workspace DIR (the project the run was started on).`, 2);
  }
  const settings = runSettings({ ...args, workspace });
  try {
    const checks = await cliChecks(args, settings.workspaceRoot);
    onNotes(checks.notes);
    return await resumeRun(headlessResumeOptions(settings, { ...run, checks }));
  } catch (error) {
    if (error instanceof ResumeError) throw new CliError(`${error.message}\nNothing ran.`, 2);
    throw error;
  }
}
