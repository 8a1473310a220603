/**
 * The copy step of "Fanout: Try the Demo": a new folder for the sample project (`fanout-demo`, or
 * `fanout-demo-2` … when the name is taken; nothing that exists is ever reused or overwritten) and
 * a bounded copy of the sample shipped inside the extension into it. Symlinks in the sample are not
 * followed and not copied, special files are skipped, and a copy that fails or is cancelled removes
 * the folder it created. No `vscode` import: the command's window side is in tryDemo.ts.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCode } from '../core/workspace/errorCode';

/** Where the build puts the sample project inside the extension (esbuild.mjs copies samples/demo-workspace there). */
export const DEMO_SOURCE_SEGMENTS = ['dist', 'demo-workspace'] as const;
/** The name of the folder the demo is copied into; `-2`, `-3` … are appended when it is taken. */
export const DEMO_FOLDER_NAME = 'fanout-demo';
/** Names tried before giving up (`fanout-demo` … `fanout-demo-100`). */
export const MAX_NAME_ATTEMPTS = 100;

export interface CopyLimits {
  /** Files and folders copied, at most. */
  readonly maxEntries: number;
  /** Bytes of file content copied, at most. */
  readonly maxBytes: number;
  /** Folder depth below the sample's root, at most. */
  readonly maxDepth: number;
}

/** The sample is a dozen small files; these leave room for it to grow and stop anything else. */
export const DEMO_COPY_LIMITS: CopyLimits = { maxEntries: 500, maxBytes: 4 * 1024 * 1024, maxDepth: 8 };

export type DemoCopyProblem = 'source-missing' | 'not-writable' | 'not-a-folder' | 'no-space' | 'too-large' | 'no-free-name' | 'cancelled' | 'failed';

/** A copy that did not happen, with a message that says what to do next. */
export class DemoCopyError extends Error {
  constructor(
    readonly problem: DemoCopyProblem,
    message: string,
  ) {
    super(message);
    this.name = 'DemoCopyError';
  }
}

export interface DemoCopy {
  /** The folder created and filled (absolute). */
  readonly folder: string;
  /** Regular files copied. */
  readonly files: number;
  /** Bytes of their content. */
  readonly bytes: number;
  /** Paths of the sample (relative) left out: symlinks and special files. */
  readonly skipped: readonly string[];
}

/** A file-system failure while writing under `parent`, in words a person can act on. */
function writeProblem(error: unknown, parent: string): DemoCopyError {
  if (error instanceof DemoCopyError) return error;
  const code = errorCode(error);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new DemoCopyError(
        'not-writable',
        `Fanout cannot create the demo folder in ${parent}: the folder is not writable (${code}). Choose a folder you can write to.`,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new DemoCopyError('not-a-folder', `Fanout cannot create the demo folder in ${parent}: it is not an existing folder. Choose another folder.`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new DemoCopyError('no-space', `Fanout cannot copy the demo into ${parent}: the disk is full (${code}). Free some space or choose another folder.`);
    case 'ABORT_ERR':
      return new DemoCopyError('cancelled', 'The demo copy was cancelled.');
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new DemoCopyError('failed', `Fanout could not copy the demo into ${parent}: ${detail}`);
    }
  }
}

function cancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DemoCopyError('cancelled', 'The demo copy was cancelled.');
}

/**
 * Creates `<parent>/fanout-demo`, or the first of `fanout-demo-2` … `fanout-demo-100` that does not
 * exist, and returns its path. Each name is claimed with one `mkdir` (no check-then-create race): an
 * entry of that name, a folder, a file or a symlink, is never touched.
 */
export async function createDemoFolder(parent: string, signal?: AbortSignal): Promise<string> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    cancelled(signal);
    const folder = join(parent, attempt === 1 ? DEMO_FOLDER_NAME : `${DEMO_FOLDER_NAME}-${attempt}`);
    try {
      await mkdir(folder);
      return folder;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw writeProblem(error, parent);
    }
  }
  throw new DemoCopyError(
    'no-free-name',
    `${parent} already holds ${DEMO_FOLDER_NAME} to ${DEMO_FOLDER_NAME}-${MAX_NAME_ATTEMPTS}. Remove some of them or choose another folder.`,
  );
}

/** A fresh folder in the OS temp folder to create the demo folder in. */
export async function createTempParent(base = tmpdir()): Promise<string> {
  try {
    return await mkdtemp(join(base, 'fanout-demo-'));
  } catch (error) {
    throw writeProblem(error, base);
  }
}

interface CopyState {
  entries: number;
  files: number;
  bytes: number;
  readonly skipped: string[];
}

function tooLarge(limits: CopyLimits): DemoCopyError {
  return new DemoCopyError(
    'too-large',
    `The demo project in this installation of Fanout is larger than expected (over ${limits.maxEntries} entries, ${limits.maxBytes} bytes or ${limits.maxDepth} levels); nothing was copied. Reinstall Fanout.`,
  );
}

/** Copies one regular file without following a symlink at either end and without overwriting. */
async function copyFile(from: string, to: string, state: CopyState, limits: CopyLimits, signal: AbortSignal | undefined): Promise<void> {
  // O_NOFOLLOW: a file replaced by a symlink after it was listed is refused, not followed.
  const handle = await open(from, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const { size } = await handle.stat();
    if (state.bytes + size > limits.maxBytes) throw tooLarge(limits);
    const content = await handle.readFile({ signal });
    if (state.bytes + content.byteLength > limits.maxBytes) throw tooLarge(limits);
    state.bytes += content.byteLength;
    // 'wx': created here, never an existing file or a symlink someone placed there.
    await writeFile(to, content, { flag: 'wx', signal });
    state.files++;
  } finally {
    await handle.close();
  }
}

async function copyTree(from: string, to: string, relative: string, depth: number, state: CopyState, limits: CopyLimits, signal: AbortSignal | undefined) {
  if (depth > limits.maxDepth) throw tooLarge(limits);
  const entries = await readdir(from, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    cancelled(signal);
    if (++state.entries > limits.maxEntries) throw tooLarge(limits);
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    // readdir's types come from lstat: a symlink is reported as one, whatever it points at.
    if (entry.isDirectory()) {
      await mkdir(target);
      await copyTree(source, target, path, depth + 1, state, limits, signal);
    } else if (entry.isFile()) {
      await copyFile(source, target, state, limits, signal);
    } else {
      state.skipped.push(path);
    }
  }
}

/**
 * Copies the sample project at `source` into a new folder under `parent` (see createDemoFolder)
 * and returns what was copied. The source must be a real folder (not a symlink); a failure or a
 * cancellation removes the new folder and throws a DemoCopyError.
 */
export async function copyDemo(
  source: string,
  parent: string,
  options: { readonly signal?: AbortSignal; readonly limits?: CopyLimits } = {},
): Promise<DemoCopy> {
  const { signal, limits = DEMO_COPY_LIMITS } = options;
  const info = await lstat(source).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new DemoCopyError('source-missing', `The demo project is missing from this installation of Fanout (${source}). Reinstall Fanout.`);
  }
  const folder = await createDemoFolder(parent, signal);
  const state: CopyState = { entries: 0, files: 0, bytes: 0, skipped: [] };
  try {
    await copyTree(source, folder, '', 0, state, limits, signal);
  } catch (error) {
    // Only the folder created above, which nothing else knew of.
    await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    throw signal?.aborted ? new DemoCopyError('cancelled', 'The demo copy was cancelled.') : writeProblem(error, parent);
  }
  return { folder, files: state.files, bytes: state.bytes, skipped: state.skipped };
}
