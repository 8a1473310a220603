/** What `RunsService.onDidChange` reports about the window's runs, and what a retry came to. */
import type { RunEvent } from '../../core/run/events';
import type { RunState } from '../../core/run/runState';

export type RunsChangeKind =
  /** A run started, or a retry reopened it: it is live. */
  | 'started'
  /** A run's log is complete: a live run settled, or a run folder made elsewhere was imported. */
  | 'ended'
  /** Events were appended to a run's log (review decisions). */
  | 'appended'
  /** A fully reviewed run's staged contents were deleted. */
  | 'cleaned';

export interface RunsChange {
  readonly kind: RunsChangeKind;
  readonly runId: string;
  /** `ended`: the run's final state. */
  readonly state?: RunState;
  /** `appended`: the events as written. */
  readonly events?: readonly RunEvent[];
}

export type RetryOutcome = 'retried' | 'reviewed' | 'unknown';
