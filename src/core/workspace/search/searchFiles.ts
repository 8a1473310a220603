/**
 * The search behind search_text: one pattern over the files an agent sees, by two engines, merged.
 *
 * - Files on disk go to ripgrep (`ripgrep.ts`) when there is one (`ripgrepLocator.ts`), in batches of
 *   the listing's order that fit on a command line; each file's size is checked first, because rg
 *   searches an explicitly named file whatever its size.
 * - What is not on disk goes to the in-process RE2 engine (`re2Lines.ts`): the agent's own staged
 *   writes and the visible staged writes of other tasks, read through its staging view. A staged
 *   file's content replaces its workspace content; staged deletions are already gone from the
 *   listing, and files staged by tasks the agent cannot see are searched as the workspace has them.
 * - Without ripgrep (none found, it could not start, or it refused the pattern), the in-process
 *   engine reads every file through the view too, under the budget's byte cap, yielding as it goes.
 *
 * Results come back in the listing's order whatever engine found them, so a capped search shows the
 * same lines every time. One budget (`searchBudget.ts`) bounds the whole search in time, bytes read
 * in process, lines counted and output read from rg.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileRead } from '../stagingTypes';
import { StagingRefusal } from '../staging';
import { searchText, type LineHit } from './re2Lines';
import { runRipgrep } from './ripgrep';
import type { RipgrepLocator } from './ripgrepLocator';
import { SearchBudget, type SearchCaps, type SearchStop } from './searchBudget';
import type { SearchPattern } from './searchPattern';
import { definedFields } from '../../definedFields';

export interface SearchScope {
  /** The workspace root; paths are relative to it. */
  readonly root: string;
  /** The files to search, in the order results are given. */
  readonly paths: readonly string[];
  /** Paths the agent sees staged (not deleted): searched as the view reads them, never on disk. */
  readonly staged: ReadonlySet<string>;
  /** The agent's view: staged content first, then the workspace (refusing binaries and oversized files). */
  readonly read: (path: string) => Promise<FileRead>;
  /** Largest workspace file searched (the staging store's read cap by default); staged content is always searched. */
  readonly maxFileBytes: number;
}

export interface SearchRequest {
  readonly pattern: SearchPattern;
  readonly caps: SearchCaps;
  readonly locator: RipgrepLocator;
  readonly signal: AbortSignal;
}

export interface FileHits {
  readonly path: string;
  readonly hits: readonly LineHit[];
}

export interface SearchResult {
  /** Files with matching lines, in the scope's order. */
  readonly files: readonly FileHits[];
  /** Binary or oversized files not searched. */
  readonly skipped: number;
  /** Lines too long for the in-process engine with this pattern. */
  readonly longLines: number;
  /** Set when a cap ended the search early. */
  readonly stop?: SearchStop;
  /** Which engine searched files on disk: ripgrep if it searched any. */
  readonly diskEngine: 'ripgrep' | 're2js';
}

/** Command-line room for the file names of one rg run (Windows allows 32,767 characters in all). */
const BATCH_CHARS = process.platform === 'win32' ? 24_000 : 200_000;
const BATCH_FILES = 2000;
/** Bytes of rg output allowed per line counted: a clipped line and a long path. */
const OUTPUT_BYTES_PER_LINE = 2048;
const STAT_CONCURRENCY = 32;

/** Searches the scope; throws only when the request's signal aborts. */
export async function searchFiles(scope: SearchScope, request: SearchRequest): Promise<SearchResult> {
  const budget = new SearchBudget(request.caps, request.signal);
  try {
    return await new FileSearch(scope, request, budget).run();
  } finally {
    budget.dispose();
  }
}

class FileSearch {
  private readonly files: FileHits[] = [];
  private skipped = 0;
  private longLines = 0;
  private rg: string | undefined;
  private usedRipgrep = false;

  constructor(
    private readonly scope: SearchScope,
    private readonly request: SearchRequest,
    private readonly budget: SearchBudget,
  ) {}

  async run(): Promise<SearchResult> {
    this.rg = await this.request.locator.path();
    for (const batch of batches(this.scope.paths)) {
      if (!this.budget.ok()) break;
      const found = new Map<string, readonly LineHit[]>();
      const inProcess = this.rg === undefined ? batch : batch.filter((p) => this.scope.staged.has(p));
      if (this.rg !== undefined) {
        const onDisk = batch.filter((p) => !this.scope.staged.has(p));
        const unsearched = await this.ripgrep(this.rg, onDisk, found);
        inProcess.push(...unsearched);
      }
      for (const path of inProcess) {
        if (!this.budget.ok()) break;
        await this.inProcess(path, found);
      }
      for (const path of batch) {
        const hits = found.get(path);
        if (hits !== undefined && hits.length > 0) this.files.push({ path, hits });
      }
    }
    this.budget.ok(); // a cancellation throws here, whatever stopped the loop
    return {
      files: this.files,
      skipped: this.skipped,
      longLines: this.longLines,
      ...definedFields({ stop: this.budget.stop }),
      diskEngine: this.usedRipgrep ? 'ripgrep' : 're2js',
    };
  }

  /** Searches files on disk with rg; returns those it could not search (to search in process). */
  private async ripgrep(rg: string, paths: readonly string[], found: Map<string, readonly LineHit[]>): Promise<string[]> {
    const files = await this.sized(paths);
    if (files.length === 0 || !this.budget.ok()) return [];
    const { maxCount } = this.request.caps;
    const result = await runRipgrep({
      rg,
      cwd: this.scope.root,
      files,
      pattern: this.request.pattern,
      budget: this.budget,
      maxCount: maxCount + 1, // one line over the cap per file says there are more
      maxOutputBytes: maxCount * OUTPUT_BYTES_PER_LINE,
    });
    if (result.kind === 'unavailable') {
      this.request.locator.failed(rg);
      this.rg = await this.request.locator.path();
      return files;
    }
    if (result.kind === 'rejected') {
      // rg's regex dialect refused what RE2 accepted: this pattern runs in process.
      this.rg = undefined;
      return files;
    }
    this.usedRipgrep = true;
    for (const [path, hits] of result.hits) if (!result.binary.has(path)) found.set(path, hits);
    this.skipped += result.binary.size;
    return [];
  }

  /** The paths that are regular files within the size cap; larger ones count as skipped. */
  private async sized(paths: readonly string[]): Promise<string[]> {
    const sizes: (number | undefined)[] = new Array<number | undefined>(paths.length);
    for (let i = 0; i < paths.length; i += STAT_CONCURRENCY) {
      this.budget.ok();
      const chunk = paths.slice(i, i + STAT_CONCURRENCY);
      const infos = await Promise.all(chunk.map((p) => stat(join(this.scope.root, p)).catch(() => undefined)));
      infos.forEach((info, j) => (sizes[i + j] = info?.isFile() ? info.size : undefined));
    }
    const kept: string[] = [];
    paths.forEach((path, i) => {
      const size = sizes[i];
      if (size === undefined) return; // gone since the walk, or not a file
      if (size > this.scope.maxFileBytes) this.skipped++;
      else kept.push(path);
    });
    return kept;
  }

  private async inProcess(path: string, found: Map<string, readonly LineHit[]>): Promise<void> {
    let read: FileRead;
    try {
      read = await this.scope.read(path);
    } catch (error) {
      if (!(error instanceof StagingRefusal)) throw error;
      this.skipped++;
      return;
    }
    if (read.kind !== 'file') return;
    if (read.source === 'workspace' && Buffer.byteLength(read.content, 'utf8') > this.scope.maxFileBytes) {
      this.skipped++;
      return;
    }
    const result = await searchText(read.content, this.request.pattern, this.budget);
    this.longLines += result.longLines;
    if (result.hits.length > 0) found.set(path, result.hits);
  }
}

/** The paths in order, cut into runs whose names fit on one command line. */
function* batches(paths: readonly string[]): Generator<string[]> {
  let batch: string[] = [];
  let chars = 0;
  for (const path of paths) {
    if (batch.length > 0 && (batch.length >= BATCH_FILES || chars + path.length + 3 > BATCH_CHARS)) {
      yield batch;
      batch = [];
      chars = 0;
    }
    batch.push(path);
    chars += path.length + 3;
  }
  if (batch.length > 0) yield batch;
}
