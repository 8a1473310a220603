/**
 * The rules of Fanout's plan review, apart from its markup: findings by severity (keeping each
 * one's index for `applyFix`), why Approve is blocked, how the estimate reads, which tasks a file
 * or a task may move to, which owned paths are execution-sensitive, and how the check commands
 * read and are edited.
 */
import type { CheckSource, CheckSpec } from '../../src/core/checks/checkTypes';
import { isWritingTask, PHASES, type Phase, type PlanFinding, type Route, type Severity, type TaskSpec } from '../../src/core/plan/plan';
import type { CostEstimate } from '../../src/core/planning/types';
import { sensitiveNote, sensitiveOwnsEntry } from '../../src/core/workspace/sensitivePaths';
import type { PlanReview, WebviewToHost } from '../../src/protocol/messages';
import { formatTokens } from '../format';
import { formatUsd2 } from '../money';

export interface PlanReviewProps {
  readonly review: PlanReview;
  readonly post: (message: WebviewToHost) => void;
}

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export interface IndexedFinding {
  /** Position in the review's findings: what `applyFix` names. */
  readonly index: number;
  readonly finding: PlanFinding;
}

/** Errors first, then warnings, then notes; the host's order within a severity. */
export function findingsBySeverity(findings: readonly PlanFinding[]): readonly IndexedFinding[] {
  return findings.map((finding, index) => ({ index, finding })).sort((a, b) => RANK[a.finding.severity] - RANK[b.finding.severity] || a.index - b.index);
}

/** Why Approve is blocked, or undefined when the plan may run. */
export function approveBlocker(review: PlanReview, confirmedOverBudget: boolean): string | undefined {
  const errors = review.findings.filter((f) => f.severity === 'error').length;
  if (errors > 0) {
    return errors === 1 ? 'Fix the error above before approving.' : `Fix the ${errors} errors above before approving.`;
  }
  if (review.needsApproval && !confirmedOverBudget) {
    return 'Confirm the estimate first: it is above the run budget or unknown.';
  }
  return undefined;
}

/** "$0.41–$4.47", or "n/a — no price for claude-x (set fanout.prices)": never a guessed price. */
export function costText(estimate: CostEstimate): string {
  const { lowUsd, highUsd, unpricedModels } = estimate;
  if (lowUsd === null || highUsd === null) {
    const models = unpricedModels.length > 0 ? unpricedModels.join(', ') : 'a model of the plan';
    return `n/a — no price for ${models} (set fanout.prices)`;
  }
  const range = formatUsd2(lowUsd) === formatUsd2(highUsd) ? formatUsd2(lowUsd) : `${formatUsd2(lowUsd)}–${formatUsd2(highUsd)}`;
  return unpricedModels.length > 0 ? `${range}, without ${unpricedModels.join(', ')} (no price)` : range;
}

export function tokenText(estimate: CostEstimate): string {
  return `${formatTokens(estimate.lowTokens)}–${formatTokens(estimate.highTokens)} tokens`;
}

export function tasksByPhase(tasks: readonly TaskSpec[]): readonly { readonly phase: Phase; readonly tasks: readonly TaskSpec[] }[] {
  return PHASES.map((phase) => ({ phase, tasks: tasks.filter((t) => t.phase === phase) })).filter((g) => g.tasks.length > 0);
}

/** Tasks a file owned by `owner` may move to: the other writing tasks (validators own nothing). */
export function ownershipTargets(owner: TaskSpec, tasks: readonly TaskSpec[]): readonly TaskSpec[] {
  return tasks.filter((t) => t.id !== owner.id && isWritingTask(t));
}

/** Tasks `task` may merge into: any other one, except that writing work never merges into a validator. */
export function mergeTargets(task: TaskSpec, tasks: readonly TaskSpec[]): readonly TaskSpec[] {
  return tasks.filter((t) => t.id !== task.id && (isWritingTask(t) || !isWritingTask(task)));
}

export const ROUTE_LABEL: Readonly<Record<Route, string>> = { trivial: 'Trivial', moderate: 'Moderate', complex: 'Complex' };
export { ROUTES } from '../../src/core/plan/plan';

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { error: 'Error', warning: 'Warning', info: 'Note' };

/**
 * Why an owned path is flagged "sensitive" in plan review (`.vscode/tasks.json`, a CI workflow, `.env` …),
 * and what that means for its agent; undefined for ordinary paths and whole-workspace globs.
 */
export function sensitiveOwnedNote(entry: string): string | undefined {
  const found = sensitiveOwnsEntry(entry);
  if (found === undefined) return undefined;
  const { sensitivity, exact } = found;
  const note = sensitiveNote(sensitivity);
  if (sensitivity.alwaysRefused) return `${note} Fanout refuses every write here.`;
  if (exact) return `${note} The plan names it, so its agent may change it; the change is flagged again in review.`;
  return `${note} Writes through this folder or glob are refused: each file must be named exactly.`;
}

/** Commands an `editChecks` message may carry, and the length of each (what the host accepts). */
export const MAX_CHECK_COMMANDS = 20;
export const MAX_CHECK_COMMAND_CHARS = 1000;

/** Where a check came from, when its spec names no exact origin. */
export const CHECK_SOURCE_LABEL: Readonly<Record<CheckSource, string>> = {
  cli: 'the --check option',
  setting: 'the fanout.checks setting',
  'checks-file': '.fanout/checks.json',
  instructions: 'the project instructions',
  manifest: 'the project manifest',
};

/** The muted note beside a command: `package.json script "test"`, or its source in words. */
export function checkOrigin(spec: CheckSpec): string {
  return spec.origin ?? CHECK_SOURCE_LABEL[spec.source];
}

/** The editor's text for a list of checks: one command per line. */
export function checkCommandsText(list: readonly CheckSpec[]): string {
  return list.map((c) => c.command).join('\n');
}

/** The commands typed in the editor: one per line, trimmed, blank lines dropped (none: no checks for this run). */
export function parseCheckCommands(text: string): readonly string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** Why the edited commands cannot be saved, or undefined when they can. */
export function checkCommandsProblem(commands: readonly string[]): string | undefined {
  if (commands.length > MAX_CHECK_COMMANDS) return `At most ${MAX_CHECK_COMMANDS} commands (this list has ${commands.length}).`;
  const long = commands.findIndex((c) => c.length > MAX_CHECK_COMMAND_CHARS);
  if (long >= 0) return `Command ${long + 1} is longer than ${MAX_CHECK_COMMAND_CHARS} characters.`;
  return undefined;
}
