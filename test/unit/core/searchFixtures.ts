/**
 * Shared setup for the search_text engine tests: a workspace with three files and its staging store,
 * a second folder for stand-in rg scripts, the real rg, and helpers to watch the event loop, spy on
 * rg's arguments and wait for its processes.
 */
import * as assert from 'node:assert/strict';
import { chmod, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ToolOutcome } from '../../../src/core/workspace/tools/toolTypes';
import { StagingStore } from '../../../src/core/workspace/staging';
import type { SearchScope } from '../../../src/core/workspace/search/searchFiles';
import { compileSearchPattern, type SearchPattern } from '../../../src/core/workspace/search/searchPattern';
import { ripgrepOnPath, type RipgrepLocator } from '../../../src/core/workspace/search/ripgrepLocator';
import type { ToolboxOptions } from '../../../src/core/workspace/tools/common';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import { plan, setUpFor, task, tempWorkspace, toolContext, type TempWorkspace } from './fixtures';

export const writer = task('api', 'implement', ['src/api/**']);
export const sibling = task('ui', 'implement', ['src/ui/**']);
const thePlan = plan(writer, sibling);

/** 5,000 lines of forty 'a' and a 'b': `^(a+)+$` backtracks 2^40 times on each in a backtracking engine. */
export const HOSTILE_LINES = `${'a'.repeat(40)}b\n`.repeat(5000);
export const HOSTILE = '^(a+)+$';
/** Far below the seconds a backtracking engine holds the loop on one such line. */
export const MAX_LOOP_DELAY_MS = 250;

export async function pattern(query: string, regex = true, caseSensitive = true): Promise<SearchPattern> {
  const compiled = await compileSearchPattern({ query, regex, caseSensitive });
  if ('error' in compiled) throw new Error(compiled.error);
  return compiled;
}

/** Runs `work` while Node samples the event loop's delay; the longest delay in ms. */
export async function watchLoop<T>(work: () => Promise<T>): Promise<{ readonly value: T; readonly maxDelayMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  try {
    // The first sample only starts the clock: let it run before the work, and once more after it (a
    // block at the very end shows only when the sampling timer runs again).
    await new Promise((resolve) => setTimeout(resolve, 30));
    const value = await work();
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { value, maxDelayMs: histogram.max / 1e6 };
  } finally {
    histogram.disable();
  }
}

async function realRipgrep(): Promise<string> {
  const rg = await ripgrepOnPath();
  assert.ok(rg, 'ripgrep (rg) must be on PATH for these tests: `npm run prereqs` installs it');
  return rg;
}

/** An executable shell script in `dir`. */
export async function script(ws: TempWorkspace, name: string, body: string): Promise<string> {
  await ws.write(name, `#!/bin/sh\n${body}\n`);
  const path = join(ws.root, name);
  await chmod(path, 0o755);
  return path;
}

/** An rg that writes its arguments and environment to `dir`, then runs the real one. */
export async function spyRipgrep(ws: TempWorkspace, real: string): Promise<{ readonly path: string; calls(): Promise<string[][]>; env(): Promise<string> }> {
  const dir = ws.root;
  const path = await script(ws, 'spy-rg', `printf '%s\\n' "$@" > "${dir}/args.$$.txt"\nenv > "${dir}/env.txt"\nexec "${real}" "$@"`);
  return {
    path,
    async calls() {
      const names = (await readdir(dir)).filter((n) => /^args\.\d+\.txt$/.test(n));
      return Promise.all(names.map(async (n) => (await readFile(join(dir, n), 'utf8')).split('\n').slice(0, -1)));
    },
    env: () => readFile(join(dir, 'env.txt'), 'utf8'),
  };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface SearchSuite {
  /** The workspace searched: src/api/user.ts (CRLF), src/index.ts and README.md. */
  readonly ws: TempWorkspace;
  /** A folder outside the workspace for stand-in rg scripts and what they record. */
  readonly tools: TempWorkspace;
  readonly store: StagingStore;
  /** The real rg on PATH. */
  readonly rg: string;
  /** Runs search_text as the writer task, seeing the staged writes of the `visible` tasks. */
  readonly search: (input: Record<string, unknown>, options: ToolboxOptions, signal?: AbortSignal, visible?: readonly string[]) => Promise<ToolOutcome>;
}

/** Registers the suite's hooks in the calling `describe`: the real rg once, a fresh workspace for each test. */
export function useSearchSuite(): SearchSuite {
  let ws: TempWorkspace | undefined;
  let tools: TempWorkspace | undefined;
  let store: StagingStore | undefined;
  let rg: string | undefined;

  before(async () => {
    rg = await realRipgrep();
    // Loading re2js and its first compile happen once per process, whatever the pattern: not what the probe measures.
    await pattern('warm up');
  });

  beforeEach(async () => {
    ws = await tempWorkspace('fanout-search-');
    tools = await tempWorkspace('fanout-search-tools-');
    store = new StagingStore(ws.root);
    await ws.write('src/api/user.ts', 'export const user = 1;\r\nexport const admin = 2;\r\n');
    await ws.write('src/index.ts', 'export * from "./api/user";\nconst USER_COUNT = 3;\n');
    await ws.write('README.md', '# Demo\nUsers and admins.\n');
  });
  afterEach(async () => {
    await ws?.remove();
    await tools?.remove();
  });

  const ready = <T>(value: T | undefined, name: string): T => setUpFor('useSearchSuite', value, name);
  return {
    get ws() {
      return ready(ws, 'ws');
    },
    get tools() {
      return ready(tools, 'tools');
    },
    get store() {
      return ready(store, 'store');
    },
    get rg() {
      return ready(rg, 'rg');
    },
    search: (input, options, signal, visible = []) => {
      const root = ready(ws, 'ws').root;
      const view = ready(store, 'store').viewFor(writer.id, visible);
      return createToolbox(options).execute('search_text', input, toolContext(root, writer, thePlan, view, signal));
    },
  };
}

export function request(searchPattern: SearchPattern, locator: RipgrepLocator) {
  return { pattern: searchPattern, caps: { timeoutMs: 10_000, maxBytes: 1 << 24, maxCount: 1000 }, locator, signal: new AbortController().signal };
}

export async function scopeFor(ws: TempWorkspace, store: StagingStore): Promise<SearchScope> {
  const view = store.viewFor(writer.id, []);
  const paths = ['README.md', 'src/api/dots.ts', 'src/api/user.ts', 'src/index.ts'];
  const exists = await Promise.all(
    paths.map((p) =>
      readFile(join(ws.root, p)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return { root: ws.root, paths: paths.filter((_, i) => exists[i]), staged: new Set(), read: (p) => view.read(p), maxFileBytes: 1 << 20 };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

export async function waitForPid(file: string): Promise<number> {
  let pid = 0;
  await waitUntil(async () => {
    pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    return pid > 0;
  }, `${file} names a process`);
  return pid;
}
