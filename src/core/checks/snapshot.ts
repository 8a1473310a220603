/**
 * The scratch snapshot a run's checks execute in: a fresh folder outside the workspace holding the
 * workspace's files as saved on disk (the gitignore-aware walk, so no `.git`, dependencies, build
 * output or ignored files), every staged change applied on top, and `node_modules` linked to the
 * workspace's own. Nothing in it is ever written back, and nothing is ever written into the workspace:
 * every write lands in the snapshot (`snapshotWrite.ts`), whose folder is refused when it would be
 * inside the workspace (compared by real paths).
 *
 * Bounded: the files and bytes copied (50 000 files and 1 GiB unless told), 16 file operations at a
 * time, cancellable between files. After a fix-up round `sync` writes the staged entries again; a path
 * staged earlier and no longer staged goes back to the workspace's version. `dispose` removes the
 * folder without following any link out of it.
 */
import { lstat, mkdir, mkdtemp, realpath, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { StagedEntry, StagingReader } from '../workspace/stagingTypes';
import { walkFiles } from '../workspace/fileWalk';
import { copyWorkspaceFile, copyWorkspaceFiles, linkDependencies, reserveBytes, type CopySource, type CopyTally } from './snapshotCopy';
import { SnapshotError, snapshotFailure } from './snapshotError';
import { forEachLimited, SNAPSHOT_CONCURRENCY } from './snapshotPool';
import { removeSnapshotFile, snapshotPath, writeSnapshotFile } from './snapshotWrite';

export { SnapshotError, type SnapshotErrorReason } from './snapshotError';

export const DEFAULT_SNAPSHOT_MAX_FILES = 50_000;
export const DEFAULT_SNAPSHOT_MAX_BYTES = 1024 * 1024 * 1024;
/** Longest part of a run id used in the snapshot's folder name. */
const RUN_ID_CHARS = 40;

export interface SnapshotOptions {
  readonly workspaceRoot: string;
  readonly staging: StagingReader;
  /** Folder to create the snapshot in (default os.tmpdir()); refused when it is inside the workspace (real paths). */
  readonly scratchRoot?: string;
  readonly runId: string;
  readonly signal?: AbortSignal;
  /** Bounds: files copied and bytes copied before the snapshot is refused (defaults 50_000 files, 1 GiB). */
  readonly maxFiles?: number;
  readonly maxBytes?: number;
}

/** What `create` made. */
export interface SnapshotStats {
  /** Files the snapshot holds: the workspace's, with staged files added and staged deletes gone. */
  readonly files: number;
  /** Bytes written into it: the workspace files copied, then the staged contents. */
  readonly bytes: number;
  /** The `node_modules` links, relative to the snapshot's root (`node_modules`, `packages/web/node_modules`). */
  readonly linked: readonly string[];
}

/** A staged entry with its path checked for the snapshot. */
interface Placed {
  readonly rel: string;
  readonly entry: StagedEntry;
}

function isInside(root: string, path: string): boolean {
  const inner = relative(root, path);
  return inner === '' || (inner !== '..' && !inner.startsWith(`..${sep}`) && !isAbsolute(inner));
}

/** The real path `path` would have: the nearest existing folder above it resolved, the rest appended. */
async function realPathOf(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      return join(await realpath(current), ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return path;
      missing.push(basename(current));
      current = parent;
    }
  }
}

function safeRunId(runId: string): string {
  const cleaned = runId.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, RUN_ID_CHARS);
  return cleaned === '' ? 'run' : cleaned;
}

/** Staged entries with their paths checked, in path order; throws a SnapshotError on the first path that would leave the snapshot. */
function placeEntries(dir: string, staging: StagingReader): Placed[] {
  const placed = staging.entries().map((entry) => ({ rel: snapshotPath(dir, entry.path).rel, entry }));
  return placed.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

export class CheckSnapshot {
  private readonly applied = new Set<string>();
  private disposing: Promise<void> | undefined;
  private syncing: Promise<void> = Promise.resolve();

  private constructor(
    /** Absolute real path of the snapshot's root (a fresh folder `fanout-check-<runId>-XXXXXX` made with mkdtemp). */
    readonly dir: string,
    readonly stats: SnapshotStats,
    private readonly source: CopySource,
    /** Workspace files the snapshot was filled with: a path no longer staged goes back to one of these, or away. */
    private readonly copied: ReadonlySet<string>,
    applied: readonly string[],
  ) {
    for (const rel of applied) this.applied.add(rel);
  }

  static async create(options: SnapshotOptions): Promise<CheckSnapshot> {
    options.signal?.throwIfAborted();
    const maxFiles = options.maxFiles ?? DEFAULT_SNAPSHOT_MAX_FILES;
    const workspaceRoot = resolve(options.workspaceRoot);
    let realRoot: string;
    try {
      realRoot = await realpath(workspaceRoot);
      if (!(await lstat(realRoot)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new SnapshotError(`The workspace folder ${workspaceRoot} cannot be read, so no check snapshot can be made of it.`, 'workspace-missing');
    }
    const scratchRoot = resolve(options.scratchRoot ?? tmpdir());
    const insideMessage = `The scratch folder for checks (${scratchRoot}) is inside the workspace; checks run outside it. Choose a folder outside ${workspaceRoot}.`;
    if (isInside(workspaceRoot, scratchRoot) || isInside(realRoot, await realPathOf(scratchRoot))) {
      throw new SnapshotError(insideMessage, 'inside-workspace');
    }
    let dir: string;
    try {
      await mkdir(scratchRoot, { recursive: true });
      const made = await mkdtemp(join(scratchRoot, `fanout-check-${safeRunId(options.runId)}-`));
      dir = await realpath(made);
      if (isInside(realRoot, dir)) {
        await rmdir(made); // empty, and ours: never a recursive removal near the workspace
        throw new SnapshotError(insideMessage, 'inside-workspace');
      }
    } catch (error) {
      throw snapshotFailure(error, scratchRoot);
    }
    const source: CopySource = { workspaceRoot, realRoot, dir };
    try {
      const placed = placeEntries(dir, options.staging);
      const walk = await walkFiles(workspaceRoot, { maxEntries: maxFiles * 2 + 1000, signal: options.signal });
      if (walk.stopped || walk.files.length > maxFiles) {
        throw new SnapshotError(
          `The workspace has more than ${maxFiles} files to copy into the check snapshot; list generated or vendored folders in .gitignore so the snapshot leaves them out.`,
          'too-many-files',
        );
      }
      // Staged files are copied too, then written over: an edited script keeps its permissions.
      const tally: CopyTally = { bytes: 0, maxBytes: options.maxBytes ?? DEFAULT_SNAPSHOT_MAX_BYTES };
      const copied = await copyWorkspaceFiles(source, walk.files, tally, options.signal);
      const linked = await linkDependencies(source, walk.files, options.signal);
      await applyEntries(dir, placed, tally, options.signal);
      const held = new Set(copied);
      for (const { rel, entry } of placed) {
        if (entry.proposed === null) held.delete(rel);
        else held.add(rel);
      }
      return new CheckSnapshot(
        dir,
        { files: held.size, bytes: tally.bytes, linked },
        source,
        copied,
        placed.map((p) => p.rel),
      );
    } catch (error) {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      throw snapshotFailure(error, dir);
    }
  }

  /**
   * Writes every staged entry again (proposed content, or removes deleted files), after a fix-up
   * round; a path staged before and no longer staged gets the workspace's version back. Only staged
   * paths are touched. Calls run one after another.
   */
  sync(staging: StagingReader, signal?: AbortSignal): Promise<void> {
    const next = this.syncing.then(() => this.syncNow(staging, signal));
    this.syncing = next.catch(() => undefined);
    return next;
  }

  private async syncNow(staging: StagingReader, signal: AbortSignal | undefined): Promise<void> {
    if (this.disposing) throw new SnapshotError('The check snapshot was already removed.', 'disposed');
    signal?.throwIfAborted();
    const placed = placeEntries(this.dir, staging);
    const now = new Set(placed.map((p) => p.rel));
    const dropped = [...this.applied].filter((rel) => !now.has(rel));
    const tally: CopyTally = { bytes: 0, maxBytes: Number.POSITIVE_INFINITY };
    try {
      await forEachLimited(
        dropped,
        SNAPSHOT_CONCURRENCY,
        async (rel) => {
          await removeSnapshotFile(this.dir, rel);
          if (this.copied.has(rel)) await copyWorkspaceFile(this.source, rel, tally);
          this.applied.delete(rel);
        },
        signal,
      );
      await applyEntries(this.dir, placed, tally, signal, (rel) => this.applied.add(rel));
    } catch (error) {
      throw snapshotFailure(error, this.dir);
    }
  }

  /** Removes the snapshot folder (rm -r, never following links out of it). Idempotent. */
  dispose(): Promise<void> {
    // After a sync in progress, so nothing is written into the folder once it is gone.
    this.disposing ??= this.syncing
      .then(() => rm(this.dir, { recursive: true, force: true, maxRetries: 3 }))
      .catch((error: unknown) => {
        this.disposing = undefined;
        throw snapshotFailure(error, this.dir);
      });
    return this.disposing;
  }
}

/** Writes or removes every placed entry in the snapshot, `SNAPSHOT_CONCURRENCY` at a time. */
async function applyEntries(dir: string, placed: readonly Placed[], tally: CopyTally, signal?: AbortSignal, onApplied?: (rel: string) => void): Promise<void> {
  await forEachLimited(
    placed,
    SNAPSHOT_CONCURRENCY,
    async ({ rel, entry }) => {
      if (entry.proposed === null) {
        await removeSnapshotFile(dir, rel);
      } else {
        reserveBytes(tally, Buffer.byteLength(entry.proposed, 'utf8'));
        await writeSnapshotFile(dir, rel, entry.proposed);
      }
      onApplied?.(rel);
    },
    signal,
  );
}
