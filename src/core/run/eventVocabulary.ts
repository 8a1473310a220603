/**
 * The small words run events use: how an agent or a run ended and why, what a staged change is, why a
 * path was refused, why a request waits. Pure types.
 */

/** How an agent ended. `blocked` tasks never started because a dependency did not finish. */
export type AgentOutcome = 'done' | 'failed' | 'cancelled' | 'blocked';

/** Why an agent ended, beyond its outcome. */
export type AgentEndReason =
  | 'finished' // called the finish tool, or ended its turn with no tool call
  | 'error' // an unrecoverable model or tool error (message says which)
  | 'budget-turns'
  | 'budget-tokens'
  | 'budget-cost'
  | 'budget-wall'
  | 'run-budget' // the run's budget ran out
  | 'cancelled'
  | 'dependency' // blocked by a failed or cancelled dependency
  | 'context-window' // the conversation no longer fits the model's context window (message says what to do)
  | 'refusal'; // the model declined the task (message names the category when the API gave one)

export type RunOutcome = 'done' | 'failed' | 'cancelled';

export type FileChange = 'create' | 'modify' | 'delete';

/**
 * Why a path was refused. `sensitive`: a path that can run code or hold secrets (`.vscode/tasks.json`,
 * `.github/workflows/**`, `.env*` …) that the plan does not name exactly. `path-conflict`: a path that
 * cannot coexist with one already staged or on disk (a file under a file, a folder where a file is).
 * `invalid-path`: a path no file can have (a trailing slash, over-long, a name the file system refuses).
 */
export type DenialReason =
  | 'not-owned'
  | 'outside-workspace'
  | 'absolute-path'
  | 'symlink-escape'
  | 'git-internal'
  | 'binary'
  | 'too-large'
  | 'not-a-file'
  | 'sensitive'
  | 'path-conflict'
  | 'invalid-path';

/** Why a request waits for capacity: a shared backoff, or the account's requests / tokens / input / output tokens limit. */
export type CapacityReason = 'backoff' | 'requests' | 'tokens' | 'inputTokens' | 'outputTokens';
