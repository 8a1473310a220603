/**
 * The staging store's contracts: what is staged in a run, the read access review and validators get,
 * and one agent's view (its own writes, then the tasks it may see, then the workspace). Pure types;
 * the store is `staging.ts`.
 */
import type { RunEventBody } from '../run/events';
import type { DiskLocation } from './diskLocation';

export interface StagedEntry {
  readonly path: string;
  readonly taskId: string;
  /** What the agent saw in the workspace before its first write (null: the file did not exist). */
  readonly base: { readonly content: string; readonly hash: string } | null;
  /** Proposed content, or null for a delete. */
  readonly proposed: string | null;
  readonly proposedHash: string | null;
}

/** Read access to everything staged in a run (review, validators, CLI patches). */
export interface StagingReader {
  entries(): readonly StagedEntry[];
  entry(path: string): StagedEntry | undefined;
}

/** What one agent sees when it reads a path: staged content it may see, else the workspace. */
export type FileRead =
  | { readonly kind: 'file'; readonly content: string; readonly source: 'staged' | 'workspace'; readonly stagedBy?: string }
  | { readonly kind: 'deleted'; readonly stagedBy: string }
  | { readonly kind: 'missing' };

/**
 * What a tool call's path check just saw at a path: where it lands (as `locateOnDisk` tells) and,
 * for a regular file, its size; so the store does not look the path up again for the same call.
 */
export interface SeenOnDisk extends DiskLocation {
  readonly fileBytes?: number;
}

/** Visibility for one agent: its own writes, then the given tasks' writes, then the workspace. */
export interface StagingView {
  readonly taskId: string;
  /** `onDisk`: where the path policy just found the path (`ResolvedPath.onDisk`); an absent path is not looked up again. */
  read(path: string, onDisk?: SeenOnDisk): Promise<FileRead>;
  /** Staged paths this view can see (own and visible tasks' writes), so listings can merge them with the workspace. */
  stagedPaths(): readonly { readonly path: string; readonly deleted: boolean }[];
  /**
   * Stages a write or delete for this task; returns the event body to emit. `onDisk`: where the path
   * policy just found the path, so the store does not look it up again.
   */
  write(path: string, content: string | null, onDisk?: SeenOnDisk): Promise<Extract<RunEventBody, { kind: 'file.staged' }>>;
}
