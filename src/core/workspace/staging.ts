/**
 * The staging store: everything agents write in a run, kept apart from the workspace until the user
 * accepts it. One entry per path: its author, the base the author saw, and the proposed content (or
 * a delete). It never writes to the workspace.
 *
 * Visibility (`viewFor`): an agent reads its own staged writes first, then the staged writes of the
 * tasks the scheduler lists (finished dependencies and contract tasks), then the workspace. Siblings
 * running at the same time never see each other's half-written files; validators get 'all'.
 *
 * Rules: the base is captured from the workspace the first time a path is staged and kept for later
 * writes by the same task; a path staged by one task is refused to every other task. One file has one
 * staged name (`stagedPathIndex.ts`): its real path, NFC and case folded, so `src/Café.ts` spelled
 * NFC and NFD, or a name through a symlink, is refused once the other name is staged (`path-conflict`),
 * to another task and to the same one. Paths that cannot coexist are refused the same way: a file
 * under a path staged (or present in the workspace) as a file, and a file where a staged file needs a
 * folder. So the patch of a run always applies as a whole. A write that
 * makes the file equal to its base again (or deletes a file the same task created) unstages the path;
 * its `file.staged` event then has `proposedHash === baseHash`, which `fromEvents` reads the same way.
 * Text only: binary files (a NUL byte in the first 8 KiB) and files over the size cap are refused.
 *
 * Paths are workspace-relative and already checked by `pathPolicy`; the store does not re-check them.
 * With `blobDir`, base and proposed contents are also written there as `<sha256>` files, so a run can
 * be rebuilt from its event log and blobs.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, realpath, stat } from './fileCalls';
import { join } from 'node:path';
import { foldedForm } from '../plan/ownership';
import type { RunEvent, RunEventBody } from '../run/events';
import type { FileRead, SeenOnDisk, StagedEntry, StagingReader, StagingView } from './stagingTypes';
import { locateOnDisk, type DiskLocation } from './diskLocation';
import { BlobFolder } from './blobFolder';
import { StagedPathIndex } from './stagedPathIndex';
import { errorCode, isAbsentCode } from './errorCode';

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;
/**
 * Whether a name can have another spelling than its case and Unicode form (both folded in the
 * identity key): Windows' 8.3 short names (`LONGNA~1.TS`). There only `realpath` tells that two
 * names are one file, so the store looks every path up itself instead of taking the path check's walk.
 */
const SHORT_NAMES = process.platform === 'win32';

type StagedBody = Extract<RunEventBody, { kind: 'file.staged' }>;

export interface StagingStoreOptions {
  /** Folder for content-addressed blobs (`<sha256>` files). None keeps contents in memory only. */
  readonly blobDir?: string;
  /** Largest text file read or staged, in bytes. */
  readonly maxFileBytes?: number;
}

/**
 * Why the store refused a read or a write. `missing`: deleting what does not exist. `conflict`: the
 * path is staged by another task. `path-conflict`: another name of the same file is staged, or the
 * path cannot coexist with one staged or in the workspace. `invalid-path`: the file system refuses
 * the name (too long).
 */
export type StagingRefusalReason = 'binary' | 'too-large' | 'not-a-file' | 'missing' | 'conflict' | 'path-conflict' | 'invalid-path';

export class StagingRefusal extends Error {
  constructor(
    readonly reason: StagingRefusalReason,
    readonly path: string,
    message: string,
    /** For `conflict` and `path-conflict`: the other task that staged the path it is about. */
    readonly owner?: string,
  ) {
    super(message);
    this.name = 'StagingRefusal';
  }
}

/** A file as it is in the workspace (never staged content). */
export type WorkspaceFile = { readonly kind: 'file'; readonly content: string } | { readonly kind: 'missing' };

export function sha256(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

export class StagingStore implements StagingReader {
  private readonly staged = new Map<string, StagedEntry>();
  private readonly index = new StagedPathIndex();
  private realRoot: Promise<string | undefined> | undefined;
  /** Where base and proposed contents also go, when the store has a blob folder. */
  private readonly blobs: BlobFolder | undefined;
  private readonly maxFileBytes: number;

  constructor(
    readonly workspaceRoot: string,
    options: StagingStoreOptions = {},
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.blobs = options.blobDir === undefined ? undefined : new BlobFolder(options.blobDir);
  }

  /** Rebuilds a store from a run's events and its blob folder (`options.blobDir` is required). */
  static async fromEvents(workspaceRoot: string, events: Iterable<RunEvent>, options: StagingStoreOptions): Promise<StagingStore> {
    const store = new StagingStore(workspaceRoot, options);
    for (const event of events) {
      if (event.kind !== 'file.staged') continue;
      if (event.proposedHash === event.baseHash) {
        store.unset(event.path);
        continue;
      }
      const earlier = store.staged.get(event.path);
      const base =
        earlier?.taskId === event.taskId
          ? earlier.base
          : event.baseHash === null
            ? null
            : { content: await store.readBlob(event.baseHash), hash: event.baseHash };
      const proposed = event.proposedHash === null ? null : await store.readBlob(event.proposedHash);
      store.put({ path: event.path, taskId: event.taskId, base, proposed, proposedHash: event.proposedHash }, foldedForm(event.path));
    }
    return store;
  }

  /** Loads entries as they are (from a snapshot); replaces whatever was staged for those paths. */
  restore(entries: readonly StagedEntry[]): void {
    for (const entry of entries) this.put(entry, foldedForm(entry.path));
  }

  /** Reads a blob written under `blobDir`. */
  readBlob(hash: string): Promise<string> {
    if (this.blobs === undefined) throw new Error('This staging store has no blob folder.');
    return this.blobs.read(hash);
  }

  entries(): readonly StagedEntry[] {
    return [...this.staged.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  entry(path: string): StagedEntry | undefined {
    return this.staged.get(path);
  }

  /** What `taskId` sees: its own writes, then those of `visible` tasks (or all), then the workspace. */
  viewFor(taskId: string, visible: readonly string[] | 'all'): StagingView {
    const sees = (author: string) => author === taskId || visible === 'all' || visible.includes(author);
    return {
      taskId,
      read: async (path: string, onDisk?: SeenOnDisk): Promise<FileRead> => {
        const same = this.index.sameFile(foldedForm(path));
        const entry = this.staged.get(path) ?? (same === undefined ? undefined : this.staged.get(same));
        if (entry && sees(entry.taskId)) {
          return entry.proposed === null
            ? { kind: 'deleted', stagedBy: entry.taskId }
            : { kind: 'file', content: entry.proposed, source: 'staged', stagedBy: entry.taskId };
        }
        if (onDisk?.absent === true) return { kind: 'missing' };
        const file = await this.readWorkspace(path, onDisk?.fileBytes);
        return file.kind === 'missing' ? file : { kind: 'file', content: file.content, source: 'workspace' };
      },
      stagedPaths: () =>
        this.entries()
          .filter((e) => sees(e.taskId))
          .map((e) => ({ path: e.path, deleted: e.proposed === null })),
      write: (path: string, content: string | null, onDisk?: SeenOnDisk) => this.stage(taskId, path, content, onDisk),
    };
  }

  /**
   * Reads a workspace file as text; refuses folders, binaries and files over the cap. `knownBytes`: the
   * size of the regular file the caller's path check just found there, so it is not looked at again.
   */
  async readWorkspace(path: string, knownBytes?: number): Promise<WorkspaceFile> {
    const abs = join(this.workspaceRoot, path);
    const size = knownBytes ?? (await this.fileSize(path, abs));
    if (size === undefined) return { kind: 'missing' };
    if (size > this.maxFileBytes) throw this.tooLarge(path, size);
    let buffer: Buffer;
    try {
      buffer = await readFile(abs);
    } catch (error) {
      if (isAbsentCode(errorCode(error))) return { kind: 'missing' }; // removed since it was looked at
      throw error;
    }
    if (buffer.length > this.maxFileBytes) throw this.tooLarge(path, buffer.length);
    if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      throw new StagingRefusal('binary', path, `${path} is a binary file; Fanout agents read and write text files only.`);
    }
    return { kind: 'file', content: buffer.toString('utf8') };
  }

  /** The size of the regular file at `abs`; undefined when nothing is there; refuses anything but a file. */
  private async fileSize(path: string, abs: string): Promise<number | undefined> {
    let info: Stats;
    try {
      info = await stat(abs);
    } catch (error) {
      const code = errorCode(error);
      if (isAbsentCode(code)) return undefined;
      if (code === 'ENAMETOOLONG') throw new StagingRefusal('invalid-path', path, `${path} is longer than the file system allows; use a shorter path.`);
      throw error;
    }
    if (!info.isFile())
      throw new StagingRefusal('not-a-file', path, `${path || '.'} is ${info.isDirectory() ? 'a folder' : 'not a regular file'}; name a file.`);
    return info.size;
  }

  private tooLarge(path: string, bytes: number): StagingRefusal {
    return new StagingRefusal('too-large', path, `${path} is ${bytes} bytes, over the ${this.maxFileBytes}-byte limit for agent reads and writes.`);
  }

  /**
   * Stages a write (content) or delete (null) of `path` by `taskId`; returns the event body to emit.
   * `onDisk`: where the caller's path check just found the path (and the file's size, which the base
   * read then takes instead of a second look); otherwise the store looks it up.
   */
  async stage(taskId: string, path: string, content: string | null, onDisk?: SeenOnDisk): Promise<StagedBody> {
    const where: SeenOnDisk = onDisk !== undefined && !SHORT_NAMES ? onDisk : await this.locate(path);
    const key = foldedForm(where.real);
    // Only a new file can clash with the shape of others: what exists already has its place.
    const creates = content !== null && !where.exists;
    this.assertCanStage(taskId, path, key, creates);
    if (creates && where.fileAbove !== undefined) throw this.fileAboveRefusal(path, where.fileAbove);
    if (content !== null) {
      const bytes = Buffer.byteLength(content, 'utf8');
      if (bytes > this.maxFileBytes) throw this.tooLarge(path, bytes);
      if (content.includes('\0')) throw new StagingRefusal('binary', path, `The content for ${path} contains NUL bytes; only text can be staged.`);
    }
    const earlier = this.staged.get(path);
    let base: StagedEntry['base'];
    if (earlier) {
      base = earlier.base;
    } else if (where.absent === true) {
      base = null; // locating it just found nothing there: no second look
    } else {
      const file = await this.readWorkspace(path, where.fileBytes);
      base = file.kind === 'missing' ? null : { content: file.content, hash: sha256(file.content) };
    }
    const current = earlier ? earlier.proposed : (base?.content ?? null);
    if (content === null && current === null) {
      const why = earlier ? `it is already staged for deletion by ${taskId}` : 'it does not exist';
      throw new StagingRefusal('missing', path, `Cannot delete ${path}: ${why}.`);
    }
    const proposedHash = content === null ? null : sha256(content);
    const baseHash = base?.hash ?? null;
    if (this.blobs !== undefined) {
      // Both at once (a write that changes nothing has one blob for both).
      await Promise.all([
        content !== null && proposedHash !== null ? this.blobs.write(proposedHash, content) : undefined,
        base && base.hash !== proposedHash ? this.blobs.write(base.hash, base.content) : undefined,
      ]);
    }
    this.assertCanStage(taskId, path, key, creates); // another task may have staged it while we awaited
    if (proposedHash === baseHash) this.unset(path);
    else this.put({ path, taskId, base, proposed: content, proposedHash }, key);
    return {
      kind: 'file.staged',
      taskId,
      path,
      change: content === null ? 'delete' : base === null ? 'create' : 'modify',
      baseHash,
      proposedHash,
      bytes: content === null ? 0 : Buffer.byteLength(content, 'utf8'),
    };
  }

  private put(entry: StagedEntry, key: string): void {
    this.staged.set(entry.path, entry);
    this.index.set(entry.path, key, entry.taskId, entry.proposed !== null);
  }

  private unset(path: string): void {
    this.staged.delete(path);
    this.index.delete(path);
  }

  /** Where the path lands on disk; its identity key is the real path, folded. */
  private async locate(path: string): Promise<DiskLocation> {
    this.realRoot ??= realpath(this.workspaceRoot).catch(() => undefined);
    return locateOnDisk(this.workspaceRoot, await this.realRoot, path);
  }

  /** Refuses a path staged by another task, another name of a staged file, and paths that cannot coexist. */
  private assertCanStage(taskId: string, path: string, key: string, creates: boolean): void {
    const entry = this.staged.get(path);
    if (entry && entry.taskId !== taskId) {
      throw new StagingRefusal('conflict', path, `${path} is already staged by task ${entry.taskId}; only one task may change a file.`, entry.taskId);
    }
    const clash = this.index.clash(taskId, path, key, creates);
    if (clash === undefined) return;
    if (clash.author === taskId) throw new StagingRefusal('path-conflict', path, clash.message);
    throw new StagingRefusal('path-conflict', path, clash.message, clash.author);
  }

  /** Refuses creating a file under a path that is a file in the workspace (`README.md/x.ts`). */
  private fileAboveRefusal(path: string, file: string): StagingRefusal {
    const staged = this.staged.get(file);
    const note = staged === undefined ? '' : ` (task ${staged.taskId} has staged a change to it)`;
    return new StagingRefusal(
      'path-conflict',
      path,
      `${path} cannot be created: ${file} is a file in the workspace${note}, and a file cannot also be a folder. Choose another path.`,
    );
  }
}
