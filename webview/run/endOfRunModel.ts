/**
 * What the end-of-run banner says and offers, from the run's state. A review or research run (one
 * with a synthesis) leads with its report and names its findings, counted as the report counts
 * them; a run with files waiting for review leads with "Review N changes"; every ended run offers
 * "New request". Pure.
 */
import type { RunState } from '../../src/core/run/runState';
import { reviewResult } from '../../src/core/review/reviewReport';
import { plural } from '../format';

export interface EndOfRun {
  /** The banner's sentences, one element each. */
  readonly lines: readonly string[];
  /** Offer "Open report" first: the run has a synthesis (a review or research run). */
  readonly report: boolean;
  /** Files waiting for review (pending, or refused at their last accept). */
  readonly waiting: number;
}

/** The findings a read-only run's report lists, and how many of them are errors. */
export function reportFindings(run: RunState): { readonly findings: number; readonly errors: number } {
  const { findings } = reviewResult(run, run.plan?.request ?? run.runId);
  return { findings: findings.length, errors: findings.filter((f) => f.severity === 'error').length };
}

function reportLine(run: RunState): string {
  const kind = run.plan?.pattern === 'research' ? 'Research' : 'Review';
  const { findings, errors } = reportFindings(run);
  const counted = `${plural(findings, 'finding')}${errors > 0 ? ` (${plural(errors, 'error')})` : ''}`;
  return run.synthesis?.status === 'failed'
    ? `${kind} report: ${counted}, as the agents reported them (the synthesis failed).`
    : `${kind} report ready: ${counted}.`;
}

function filesLine(run: RunState, waiting: number): string | undefined {
  const staged = Object.keys(run.files).length;
  if (waiting > 0) return `${plural(waiting, 'file')} ${waiting === 1 ? 'waits' : 'wait'} for your review in Source Control.`;
  if (staged === 1) return 'Its staged file is reviewed.';
  if (staged > 1) return `All ${staged} staged files are reviewed.`;
  return run.synthesis === undefined ? 'No files were staged.' : undefined;
}

export function endOfRun(run: RunState): EndOfRun {
  const waiting = Object.values(run.files).filter((f) => f.review === 'pending' || f.review === 'conflict').length;
  const report = run.synthesis !== undefined;
  const lines = [report ? reportLine(run) : undefined, filesLine(run, waiting)].filter((line): line is string => line !== undefined);
  return { lines, report, waiting };
}
