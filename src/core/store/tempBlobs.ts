/**
 * Half-written blobs left by a writer that died. The blob folder (`workspace/blobFolder.ts`) writes a blob as
 * `<sha256>.<pid>.<random>.tmp` and renames it into place; a process killed in between (`kill -9`, a
 * crashed extension host) leaves the temp file behind for good. A temp file is removed when its
 * writer's process is gone, or when it is older than TEMP_BLOB_MAX_AGE_MS (a writer takes
 * milliseconds, and a pid can be reused by an unrelated process); a live writer's fresh temp file is
 * never touched.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from '../workspace/errorCode';

/** Age past which a temp blob is abandoned whoever wrote it: a blob is at most a few MB, written in one call. */
export const TEMP_BLOB_MAX_AGE_MS = 5 * 60_000;

/** `<sha256>.<pid>.<random>.tmp`, as the blob folder (`workspace/blobFolder.ts`) names its temp files. */
const TEMP_BLOB = /^[0-9a-f]{64}\.(\d{1,10})\.[0-9a-z]*\.tmp$/;

/** Whether a process with this id runs on this machine (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return errorCode(error) === 'EPERM';
  }
}

export interface SweepOptions {
  readonly now: number;
  readonly alive?: (pid: number) => boolean;
}

/** Removes the abandoned temp blobs of one blob folder; resolves with the names removed. A missing folder has none. */
export async function sweepTempBlobs(blobDir: string, options: SweepOptions): Promise<string[]> {
  const alive = options.alive ?? processAlive;
  let names: string[];
  try {
    names = await readdir(blobDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_BLOB.exec(name);
    if (!match) continue;
    const path = join(blobDir, name);
    if (alive(Number(match[1]))) {
      let modifiedAt: number;
      try {
        modifiedAt = (await stat(path)).mtimeMs;
      } catch {
        continue; // renamed into place meanwhile
      }
      if (options.now - modifiedAt < TEMP_BLOB_MAX_AGE_MS) continue;
    }
    try {
      await rm(path, { force: true });
      removed.push(name);
    } catch {
      // Left for the next sweep (a file system that refuses now may not later).
    }
  }
  return removed;
}
