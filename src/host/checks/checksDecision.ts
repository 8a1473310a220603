/**
 * Whether a run gets a check phase, and with what: `RunOptions.checks` when the workspace is trusted,
 * checks are enabled, the list is not empty and the user approved that exact list for the workspace;
 * otherwise `RunOptions.checksSkipped` with the reason and one sentence the run log and the view
 * show. The same decision serves a new run (from the plan review's list) and a resumed one (from the
 * list its log planned). Pure: the caller asks the trust, the settings and the approval.
 */
import { DEFAULT_CHECK_OUTPUT_BYTES, type CheckSpec, type ChecksSkippedReason } from '../../core/checks/checkTypes';
import type { RunOptions } from '../../core/run/engineTypes';
import type { RunState } from '../../core/run/runState';
import type { CheckSettings } from './checkSettings';
import { definedFields } from '../../core/definedFields';

export interface ChecksSkipped {
  readonly reason: ChecksSkippedReason;
  readonly message: string;
}

/** The check part of a run's options: one of the two, never both. */
export type RunChecksOptions = Pick<RunOptions, 'checks' | 'checksSkipped'>;

export const UNTRUSTED_MESSAGE = 'Restricted Mode: checks run only in a trusted workspace.';
export const DISABLED_MESSAGE = 'Checks are turned off (fanout.checksEnabled is false).';
export const NONE_FOUND_MESSAGE = 'No checks found: add fanout.checks or .fanout/checks.json.';
export const EMPTIED_MESSAGE = 'No checks for this run: the list was emptied in the plan review.';
export const NOT_APPROVED_MESSAGE = 'The checks were not approved for this workspace, so the run goes without them.';
export const NO_CHECKS_BEFORE_MESSAGE = 'This run was started without checks.';

export interface ChecksGate {
  readonly trusted: boolean;
  readonly enabled: boolean;
  readonly count: number;
  /** The user emptied a list that was found (the plan review's edit). */
  readonly emptied?: boolean;
}

/** Why no check will run whatever the user approves (untrusted, turned off, none), if so. */
export function unavailableChecks(gate: ChecksGate): ChecksSkipped | undefined {
  if (!gate.trusted) return { reason: 'untrusted', message: UNTRUSTED_MESSAGE };
  if (!gate.enabled) return { reason: 'disabled', message: DISABLED_MESSAGE };
  if (gate.count === 0) return { reason: 'none', message: gate.emptied === true ? EMPTIED_MESSAGE : NONE_FOUND_MESSAGE };
  return undefined;
}

export interface ChecksChoice {
  readonly trusted: boolean;
  readonly settings: CheckSettings;
  readonly list: readonly CheckSpec[];
  /** This exact list was approved for the workspace (before, or just now). */
  readonly approved: boolean;
  readonly emptied?: boolean;
}

/** The check part of a run's options. Untrusted: skipped, and no command is passed whatever else holds. */
export function runChecksOptions(choice: ChecksChoice): RunChecksOptions {
  const { settings, list } = choice;
  const unavailable = unavailableChecks({ trusted: choice.trusted, enabled: settings.enabled, count: list.length, emptied: choice.emptied });
  if (unavailable) return { checksSkipped: unavailable };
  if (!choice.approved) return { checksSkipped: { reason: 'not-approved', message: NOT_APPROVED_MESSAGE } };
  return {
    checks: {
      checks: list,
      fixRounds: settings.fixRounds,
      timeoutMs: settings.timeoutMs,
      maxOutputBytes: DEFAULT_CHECK_OUTPUT_BYTES,
      concurrency: settings.concurrency,
    },
  };
}

/** The checks a run's log planned, in list order; `skipped` when it said it had none. */
export function plannedChecksOf(run: RunState): { readonly list: readonly CheckSpec[]; readonly skipped?: ChecksSkipped } {
  const checks = run.checks;
  if (!checks) return { list: [] };
  if (checks.phase === 'skipped') return checks.skipped ? { list: [], skipped: checks.skipped } : { list: [] };
  const list = checks.order.flatMap((id): CheckSpec[] => {
    const check = checks.byId[id];
    if (!check) return [];
    return [{ id: check.id, command: check.command, source: check.source, ...definedFields({ origin: check.origin }) }];
  });
  return { list };
}

/**
 * The check part of a resumed run's options: the list its log planned, under the settings, trust and
 * approval of now. A run that had none keeps why it had none.
 */
export function resumeChecksOptions(choice: Omit<ChecksChoice, 'list' | 'emptied'> & { readonly run: RunState }): RunChecksOptions {
  const planned = plannedChecksOf(choice.run);
  if (planned.list.length === 0) {
    const gate = unavailableChecks({ trusted: choice.trusted, enabled: choice.settings.enabled, count: 0 });
    if (gate && gate.reason !== 'none') return { checksSkipped: gate };
    return { checksSkipped: planned.skipped ?? { reason: 'none', message: NO_CHECKS_BEFORE_MESSAGE } };
  }
  return runChecksOptions({ trusted: choice.trusted, settings: choice.settings, list: planned.list, approved: choice.approved });
}

/** The commands of a list, in order (what approval hashes). */
export function commandsOf(list: readonly CheckSpec[]): string[] {
  return list.map((c) => c.command);
}
