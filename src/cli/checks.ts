/**
 * The checks of a headless run. `--check CMD` names them (typing them is the approval); without it
 * Fanout detects the project's checks and prints them, and runs them only with
 * `--run-detected-checks`. Either way they run outside the workspace (`src/core/checks/`).
 */
import {
  DEFAULT_CHECK_OUTPUT_BYTES,
  DEFAULT_CHECK_TIMEOUT_MS,
  DEFAULT_FIX_ROUNDS,
  type ChecksConfig,
  type ChecksSkippedReason,
} from '../core/checks/checkTypes';
import { detectChecks } from '../core/checks/detectChecks';
import { specsFrom } from '../core/checks/checkIds';
import type { CliArgs } from './args';

export interface CliChecks {
  readonly checks?: ChecksConfig;
  readonly checksSkipped?: { readonly reason: ChecksSkippedReason; readonly message: string };
  /** What to tell the user before the run (detected checks that will not run, problems reading sources). */
  readonly notes: readonly string[];
}

export async function cliChecks(args: CliArgs, workspaceRoot: string): Promise<CliChecks> {
  const config = (checks: ChecksConfig['checks']): ChecksConfig => ({
    checks,
    fixRounds: args.fixRounds ?? DEFAULT_FIX_ROUNDS,
    timeoutMs: args.checkTimeoutSec !== undefined ? args.checkTimeoutSec * 1000 : DEFAULT_CHECK_TIMEOUT_MS,
    maxOutputBytes: DEFAULT_CHECK_OUTPUT_BYTES,
    concurrency: 1,
  });
  if (args.checks.length > 0) return { checks: config(specsFrom(args.checks, 'cli', () => '--check')), notes: [] };
  const detected = await detectChecks(workspaceRoot);
  const notes = [...detected.notes];
  if (detected.checks.length === 0) {
    return { checksSkipped: { reason: 'none', message: 'No checks found; give them with --check "CMD".' }, notes };
  }
  const list = detected.checks.map((c) => `  ${c.id}: ${c.command}${c.origin !== undefined ? `   (${c.origin})` : ''}`).join('\n');
  if (args.runDetectedChecks) return { checks: config(detected.checks), notes: [...notes, `Checks (detected, run with --run-detected-checks):\n${list}`] };
  return {
    checksSkipped: {
      reason: 'not-approved',
      message: `Detected checks were not run: pass --run-detected-checks to run them, or name them with --check "CMD". ${detected.checks.map((c) => c.command).join('; ')}`,
    },
    notes: [...notes, `Checks found but not run (pass --run-detected-checks to run them, or --check "CMD"):\n${list}`],
  };
}
