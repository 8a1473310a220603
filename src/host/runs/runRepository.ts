/**
 * Runs as the review needs them: a run's state and what it staged. Where runs live comes from the
 * run store (`src/core/store/runStore.ts`); this file names the folder override and the review's view of
 * a run. Node only (the end-to-end tests import it), so it is testable without VS Code.
 */
import { join } from 'node:path';
import type { StagingReader } from '../../core/workspace/stagingTypes';
import type { RunState } from '../../core/run/runState';

/** Environment variable that replaces the runs folder (tests and tooling that stage runs themselves). */
export const RUNS_DIR_ENV = 'FANOUT_RUNS_DIR';

/** The runs folder: `$FANOUT_RUNS_DIR` when set, else `runs` under the workspace storage folder (none without one). */
export function runsDirFor(env: NodeJS.ProcessEnv, storageDir: string | undefined): string | undefined {
  const override = env[RUNS_DIR_ENV]?.trim();
  if (override) return override;
  return storageDir === undefined ? undefined : join(storageDir, 'runs');
}

export interface StoredRun {
  readonly runId: string;
  readonly state: RunState;
  /** What the run staged: read back from its blobs, or the live run's own staging store. */
  readonly staging: StagingReader;
  /** Log lines that were not events (a line torn by a crash). */
  readonly skippedLines: readonly number[];
}

/** True when the run staged files and every one of them was applied or discarded. */
export function isFullyReviewed(state: RunState): boolean {
  const files = Object.values(state.files);
  return files.length > 0 && files.every((f) => f.review === 'applied' || f.review === 'discarded');
}
