/**
 * The checks a plan review shows (`PlanReview.checks`): the list detection found when the proposal
 * was ready, or the list as the user edited it in the review, with whether the workspace approved
 * that exact list before and why none will run, if none will. Pure: trust, settings and approval
 * come in through `ReviewChecksContext`.
 */
import { specsFromEntries } from '../../core/checks/checkIds';
import type { CheckSource, CheckSpec } from '../../core/checks/checkTypes';
import type { PlanReviewChecks } from '../../protocol/messages';
import type { CheckSettings } from './checkSettings';
import { commandsOf, unavailableChecks, type ChecksSkipped } from './checksDecision';
import { definedFields } from '../../core/definedFields';

/** What detection found (the shape of `detectChecks`'s answer). */
export interface FoundChecks {
  readonly checks: readonly CheckSpec[];
  readonly source: CheckSource | undefined;
  readonly notes: readonly string[];
  /** Why this proposal runs no checks whatever its list (the demo), when that is so. */
  readonly off?: ChecksSkipped;
}

export const NO_CHECKS_FOUND: FoundChecks = { checks: [], source: undefined, notes: [] };

/** The demo's agents are scripted on a local fake model: there is nothing of theirs to check. */
export const DEMO_CHECKS: FoundChecks = {
  ...NO_CHECKS_FOUND,
  off: { reason: 'disabled', message: 'Demo mode runs no checks: its agents are scripted. Set an API key to check the result of real runs.' },
};

/** Origin of a command the user typed in the plan review. */
export const EDITED_ORIGIN = 'edited in the plan review';

export interface ReviewChecksContext {
  readonly trusted: boolean;
  readonly settings: CheckSettings;
  isApproved(commands: readonly string[]): boolean;
}

function reviewChecksOf(
  list: readonly CheckSpec[],
  found: FoundChecks,
  source: CheckSource | undefined,
  emptied: boolean,
  ctx: ReviewChecksContext,
): PlanReviewChecks {
  const commands = commandsOf(list);
  const notes = found.notes;
  const unavailable = found.off ?? unavailableChecks({ trusted: ctx.trusted, enabled: ctx.settings.enabled, count: list.length, emptied });
  return {
    list,
    ...definedFields({ source }),
    fixRounds: ctx.settings.fixRounds,
    approved: commands.length > 0 && ctx.isApproved(commands),
    ...(unavailable ? { unavailable: unavailable.message } : {}),
    notes,
  };
}

/** The review's checks as detected. */
export function detectedReviewChecks(found: FoundChecks, ctx: ReviewChecksContext): PlanReviewChecks {
  return reviewChecksOf(found.checks, found, found.checks.length > 0 ? found.source : undefined, false, ctx);
}

function sameCommands(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((command, i) => command === b[i]);
}

/**
 * The review's checks after the user's edit: the detected list itself (with its source) when the
 * commands are those detected, in order; otherwise an edited list (no source), where a command that
 * was detected keeps its id and where it came from, and a new one says it was typed in the review.
 * Trimmed, without empty or repeated commands, at most 20 (`specsFromEntries`).
 */
export function editedReviewChecks(found: FoundChecks, commands: readonly string[], ctx: ReviewChecksContext): PlanReviewChecks {
  const detected = new Map(found.checks.map((c) => [c.command, c] as const));
  const entries = commands.map((raw) => {
    const command = raw.trim();
    const was = detected.get(command);
    return was ? { command, id: was.id, origin: was.origin ?? EDITED_ORIGIN } : { command, origin: EDITED_ORIGIN };
  });
  const specs = specsFromEntries(entries, found.source ?? 'setting');
  if (sameCommands(commandsOf(specs), commandsOf(found.checks))) return detectedReviewChecks(found, ctx);
  const list = specs.map((spec): CheckSpec => {
    const was = detected.get(spec.command);
    return was ? { ...spec, source: was.source } : spec;
  });
  return reviewChecksOf(list, found, undefined, list.length === 0 && found.checks.length > 0, ctx);
}
