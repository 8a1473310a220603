/**
 * Why a check snapshot could not be made or updated, in words a user can act on (too many files,
 * the scratch folder inside the workspace, a full disk …), and the file-system errors turned into
 * such words.
 */
import { errorCode } from '../workspace/errorCode';

export type SnapshotErrorReason =
  | 'too-many-files'
  | 'too-many-bytes'
  | 'inside-workspace'
  | 'workspace-missing'
  | 'invalid-path'
  | 'through-link'
  | 'disk-full'
  | 'not-writable'
  | 'disposed'
  | 'io';

export class SnapshotError extends Error {
  constructor(
    message: string,
    readonly reason: SnapshotErrorReason = 'io',
  ) {
    super(message);
    this.name = 'SnapshotError';
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * A SnapshotError for a failed file-system call at `where` (a path in the snapshot or its scratch
 * folder); SnapshotErrors and aborts pass through unchanged.
 */
export function snapshotFailure(error: unknown, where: string): unknown {
  if (error instanceof SnapshotError || isAbort(error)) return error;
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SnapshotError(
      `The disk holding the check snapshot is full (writing ${where}); free some space there or make snapshots in another scratch folder.`,
      'disk-full',
    );
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new SnapshotError(`The check snapshot cannot be written at ${where} (${code}); make snapshots in a folder you can write to.`, 'not-writable');
  }
  return new SnapshotError(`The check snapshot could not be made: ${detail}`, 'io');
}
