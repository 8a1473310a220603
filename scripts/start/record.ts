// The record of the instance `npm start` serves for this checkout: one small JSON file in the temp
// dir, so a second `npm start` can print the running one's URL or clean up after one that was killed.
// The temp dir is shared with other users, so a record is read only when this user owns it, and
// the folder it names is removed only when it is a launch folder directly inside the temp dir.
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/** Prefix of the folder holding everything one launch writes (code-server's temp dir included). */
export const LAUNCH_DIR_PREFIX = 'fanout-start-run-';

const MAX_RECORD_BYTES = 64 * 1024;

const startRecordSchema = z.object({
  launchId: z.uuid(),
  launcherPid: z.number().int().positive(),
  serverPid: z.number().int().positive(),
  launchDir: z.string().min(1),
  url: z.url(),
});

export type StartRecord = z.infer<typeof startRecordSchema>;

/** Where the running instance of the checkout at `repoRoot` is recorded. */
export function recordPath(repoRoot: string, tempBase: string): string {
  return join(tempBase, `fanout-start-${createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)}.json`);
}

function ownedByMe(path: string, maxBytes: number): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() && stat.size <= maxBytes && (process.getuid === undefined || stat.uid === process.getuid());
  } catch {
    return false;
  }
}

export type RecordRead = { readonly kind: 'none' } | { readonly kind: 'invalid' } | { readonly kind: 'record'; readonly record: StartRecord };

export function readRecord(path: string): RecordRead {
  try {
    lstatSync(path);
  } catch {
    return { kind: 'none' };
  }
  if (!ownedByMe(path, MAX_RECORD_BYTES)) {
    return { kind: 'invalid' };
  }
  try {
    const parsed = startRecordSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? { kind: 'record', record: parsed.data } : { kind: 'invalid' };
  } catch {
    return { kind: 'invalid' };
  }
}

/** Written to a side file and renamed, so a reader never sees half a record. */
export function writeRecord(path: string, record: StartRecord): void {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, JSON.stringify(record), { mode: 0o600 });
  renameSync(partial, path);
}

/** Removes the record when it (still) names this launch; returns whether it did. */
export function removeRecordOf(path: string, launchId: string): boolean {
  const read = readRecord(path);
  if (read.kind !== 'record' || read.record.launchId !== launchId) {
    return false;
  }
  rmSync(path, { force: true });
  return true;
}

/** Removes a record that does not parse (an older launcher's, or a damaged one) when this user owns it. */
export function removeInvalidRecord(path: string): void {
  if (ownedByMe(path, Number.MAX_SAFE_INTEGER)) {
    rmSync(path, { force: true });
  }
}

/** Whether `path` is a launch folder directly inside `tempBase` that this user owns: the only kind ever removed. */
export function isLaunchDir(path: string, tempBase: string): boolean {
  const full = resolve(path);
  if (dirname(full) !== resolve(tempBase) || !basename(full).startsWith(LAUNCH_DIR_PREFIX)) {
    return false;
  }
  try {
    const stat = lstatSync(full);
    return stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid());
  } catch {
    return false;
  }
}
