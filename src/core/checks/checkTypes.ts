/**
 * Checks: the project's own commands (type check, lint, tests) that prove a run's combined result
 * works. They run in a scratch snapshot of the workspace with every staged change applied, never in
 * the user's folder, only once the user approved the exact list, and with secrets removed from their
 * environment. Failures go back to the agents that own the failing files for fix-up rounds. Pure types.
 */

/** Where a check's command came from, in the order the sources are read (the first that has any wins). */
export type CheckSource =
  | 'cli' // `--check CMD` on the command line
  | 'setting' // the `fanout.checks` setting
  | 'checks-file' // `.fanout/checks.json`
  | 'instructions' // a commands section of CLAUDE.md or AGENTS.md
  | 'manifest'; // detected from package.json scripts or another project manifest

export interface CheckSpec {
  /** Short, unique in a run, safe in file names and tool inputs: `typecheck`, `test`, `check-3`. */
  readonly id: string;
  /** The shell command, run from the snapshot's root. */
  readonly command: string;
  readonly source: CheckSource;
  /** Where exactly it came from, for the plan review: `package.json script "test"`, `AGENTS.md line 12`. */
  readonly origin?: string;
}

/** How a run checks its result. The list is the approved one: whoever builds this asked the user first. */
export interface ChecksConfig {
  readonly checks: readonly CheckSpec[];
  /** Fix-up rounds after a failing check pass; 0 checks once and reports. */
  readonly fixRounds: number;
  /** Wall time of one check; its whole process tree is killed at the end of it. */
  readonly timeoutMs: number;
  /** Output kept of one check (the log file holds up to this much; the event holds a tail). */
  readonly maxOutputBytes: number;
  /** Checks run at once (1: one after another, in list order). */
  readonly concurrency: number;
  /** Where snapshots are made (default: the OS temp folder). Never inside the workspace. */
  readonly scratchRoot?: string;
}

export const DEFAULT_FIX_ROUNDS = 2;
export const DEFAULT_CHECK_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_CHECK_OUTPUT_BYTES = 4 * 1024 * 1024;
/** Characters of a check's output carried on its `check.finished` event (the end of it). */
export const CHECK_TAIL_CHARS = 8 * 1024;
/** Diagnostics carried on one `check.finished` event. */
export const MAX_EVENT_DIAGNOSTICS = 100;

/** Why a run has no check phase (said once, as `checks.skipped`). */
export type ChecksSkippedReason = 'none' | 'untrusted' | 'not-approved' | 'disabled';

/** How one run of one check ended. */
export type CheckOutcome = 'passed' | 'failed' | 'timed-out' | 'cancelled' | 'error';

/** A problem a check's output points at: a file of the workspace and, when given, a line. */
export interface CheckDiagnostic {
  /** Workspace-relative, "/" separators. */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  /** Which output shape it was read from. */
  readonly tool: 'tsc' | 'eslint' | 'stack' | 'tap' | 'generic';
  /** The task that owns the path; absent when no writing task does (attributed to the run's validators). */
  readonly owner?: string;
}

/** What running one check's process gave. */
export interface CheckProcessResult {
  readonly outcome: CheckOutcome;
  /** null when it was killed or never started. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
  /** Bytes the process wrote (stdout and stderr), counted even past the cap. */
  readonly outputBytes: number;
  /** The output kept: its first part up to the cap, stdout and stderr interleaved as they came. */
  readonly output: string;
  readonly truncated: boolean;
  /** Why it could not run or what ended it (spawn error, timeout), in words. */
  readonly message?: string;
}

/** The final word on a run's checks. */
export type ChecksVerdict = 'passing' | 'failing';
