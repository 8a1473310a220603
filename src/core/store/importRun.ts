/**
 * Brings a run folder made elsewhere (`fanout run --out DIR` on a CI runner, downloaded as an
 * artifact) into a runs folder, so it is reviewed and accepted like a run of this window. The
 * folder is hostile input: only its log (`events.jsonl`, a regular file of at most
 * MAX_IMPORT_LOG_BYTES) and its content-addressed blobs (`blobs/<sha256>`, regular files, at most
 * MAX_IMPORT_BLOBS of them and MAX_IMPORT_BYTES in all) are copied, never a symlink; each blob's
 * content must hash to its name, and every blob the staged files need must be there. The copy is
 * made in a temp folder beside the runs and renamed into place, so a failed import leaves nothing.
 * Nothing in the source folder or the workspace is written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunState } from '../run/runStateTypes';
import { parseRunLog, RUN_LOG_FILE } from './runLog';
import { BLOB_DIR, isRunId, type RunStore } from './runStore';

export const MAX_IMPORT_LOG_BYTES = 64 * 1024 * 1024;
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;
export const MAX_IMPORT_BLOBS = 100_000;

/** Why a folder cannot be imported, in words a person can act on. */
export class RunImportError extends Error {
  override readonly name = 'RunImportError';
  constructor(
    message: string,
    /** Set when the run is already in the runs folder (nothing was copied). */
    readonly existingRunId?: string,
  ) {
    super(message);
  }
}

export interface ImportedRun {
  readonly runId: string;
  readonly state: RunState;
  /** Staged files waiting for review. */
  readonly pendingFiles: number;
}

async function regularFile(path: string): Promise<number | undefined> {
  try {
    const info = await lstat(path);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

export async function importRunFolder(source: string, store: RunStore, workspaceRoot: string): Promise<ImportedRun> {
  let folder: string;
  try {
    folder = await realpath(source);
  } catch {
    throw new RunImportError(`${source} does not exist.`);
  }
  const logSize = await regularFile(join(folder, RUN_LOG_FILE));
  if (logSize === undefined) {
    throw new RunImportError(`${folder} is not a Fanout run folder: it has no ${RUN_LOG_FILE} (the folder \`fanout run --out DIR\` writes).`);
  }
  if (logSize > MAX_IMPORT_LOG_BYTES)
    throw new RunImportError(`${RUN_LOG_FILE} is ${logSize} bytes, over the ${MAX_IMPORT_LOG_BYTES}-byte limit of an import.`);
  const text = await readFile(join(folder, RUN_LOG_FILE), 'utf8');
  const { events } = parseRunLog(text);
  const runId = events[0]?.runId;
  if (runId === undefined || !isRunId(runId)) throw new RunImportError(`${RUN_LOG_FILE} in ${folder} holds no run (no event with a run id Fanout makes).`);
  if (!events.some((e) => e.kind === 'run.started')) throw new RunImportError(`${RUN_LOG_FILE} in ${folder} has no run.started event.`);
  if ((await store.list()).includes(runId)) throw new RunImportError(`Run ${runId} is already here.`, runId);

  const blobs = join(folder, BLOB_DIR);
  let names: string[] = [];
  try {
    const info = await lstat(blobs);
    if (info.isDirectory()) names = await readdir(blobs);
  } catch {
    names = [];
  }
  if (names.length > MAX_IMPORT_BLOBS) throw new RunImportError(`${blobs} holds ${names.length} files, over the ${MAX_IMPORT_BLOBS} an import takes.`);

  await mkdir(store.runsDir, { recursive: true });
  const temp = join(store.runsDir, `.import-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(join(temp, BLOB_DIR), { recursive: true });
    let total = logSize;
    for (const name of names) {
      if (!/^[0-9a-f]{64}$/.test(name)) continue;
      const size = await regularFile(join(blobs, name));
      if (size === undefined) continue;
      total += size;
      if (total > MAX_IMPORT_BYTES) throw new RunImportError(`The run folder is over the ${MAX_IMPORT_BYTES}-byte limit of an import.`);
      const content = await readFile(join(blobs, name));
      if (createHash('sha256').update(content).digest('hex') !== name)
        throw new RunImportError(`blobs/${name} does not hold the content its name promises; the folder was altered.`);
      await writeFile(join(temp, BLOB_DIR, name), content);
    }
    await writeFile(join(temp, RUN_LOG_FILE), text);
    await rename(temp, store.dirOf(runId));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof RunImportError) throw error;
    throw new RunImportError(`The run folder could not be copied: ${error instanceof Error ? error.message : String(error)}`);
  }
  const loaded = await store.load(runId);
  try {
    if (loaded === undefined) throw new Error('its log holds no events');
    // Every staged file's contents must be there to review it.
    await store.staging(loaded, workspaceRoot);
  } catch (error) {
    await rm(store.dirOf(runId), { recursive: true, force: true });
    throw new RunImportError(`The run folder is incomplete: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pendingFiles = Object.values(loaded.state.files).filter((f) => f.review === 'pending' || f.review === 'conflict').length;
  return { runId, state: loaded.state, pendingFiles };
}
