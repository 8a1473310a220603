/**
 * One ripgrep run over a batch of files the walker listed: the pattern runs in its own process (a
 * Rust regex engine, linear time), so nothing a model sends can block the extension host.
 *
 * - The files are given explicitly, after `--`: the walker already applied `.gitignore` and the skip
 *   list, so rg applies no ignore rules of its own (`--no-ignore --hidden --no-config`). The pattern
 *   is one `--regexp=` argument: it can never be read as a flag (`--pre=…` would run a program).
 * - One thread, files in the order given, so a run that a cap cuts short is the same every time.
 * - Output: `path NUL line:text` per matching line, lines cut at MAX_COLUMNS bytes, at most
 *   `maxCount` lines per file; the whole output is capped in bytes, and the process is killed at that
 *   cap, at the count cap, on cancellation and at the search's deadline (all through one signal).
 * - Binary files: rg prints "PATH: binary file matches" instead of their lines; they are reported as
 *   skipped, like the staging store's reads refuse them. No transcoding (`--encoding=none`): a UTF-16
 *   file is binary here as it is to the store.
 * - Line ends: `--crlf`, so `$` matches before "\r\n" as the in-process engine does.
 * - The environment is reduced to PATH and Windows' system folder: no API key or other secret of
 *   the host reaches the child.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { clipLine, MAX_LINE_CHARS, type LineHit } from './re2Lines';
import type { SearchBudget } from './searchBudget';
import type { SearchPattern } from './searchPattern';

/** Bytes of a long line rg prints: enough for MAX_LINE_CHARS characters of any UTF-8 text. */
export const MAX_COLUMNS = MAX_LINE_CHARS * 4;

/** What rg said about a batch. */
export type RipgrepResult =
  /** Searched (or cut short by a cap or the signal): matching lines per path, and binary files. */
  | { readonly kind: 'searched'; readonly hits: ReadonlyMap<string, readonly LineHit[]>; readonly binary: ReadonlySet<string> }
  /** rg could not be started (missing, not executable): search without it. */
  | { readonly kind: 'unavailable'; readonly message: string }
  /** rg refused the pattern or its arguments: search this one without it. */
  | { readonly kind: 'rejected'; readonly message: string };

export interface RipgrepRequest {
  /** The rg executable. */
  readonly rg: string;
  /** The workspace root: the files are relative to it. */
  readonly cwd: string;
  readonly files: readonly string[];
  readonly pattern: SearchPattern;
  readonly budget: SearchBudget;
  /** Matching lines printed per file. */
  readonly maxCount: number;
  /** Bytes of output read before rg is stopped. */
  readonly maxOutputBytes: number;
}

/** rg's arguments for a pattern, before the files. */
export function ripgrepArgs(pattern: SearchPattern, maxCount: number): string[] {
  return [
    '--no-config',
    '--no-ignore',
    '--hidden',
    '--no-messages',
    '--no-heading',
    '--with-filename',
    '--line-number',
    '--null',
    '--color=never',
    '--encoding=none',
    '--crlf',
    '--threads=1',
    `--max-columns=${MAX_COLUMNS}`,
    '--max-columns-preview',
    `--max-count=${maxCount}`,
    pattern.caseInsensitive ? '--ignore-case' : '--case-sensitive',
    ...(pattern.literal ? ['--fixed-strings', `--regexp=${pattern.query}`] : [`--regexp=${pattern.source}`]),
    '--',
  ];
}

/** Variables rg may see: where programs are, and what Windows needs to start one. Nothing else. */
const PASSED_VARIABLES: ReadonlySet<string> = new Set(['PATH', 'SYSTEMROOT', 'WINDIR']);

/** The child's environment: the host's, less everything but PATH and Windows' system folder. */
export function ripgrepEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && PASSED_VARIABLES.has(key.toUpperCase())) kept[key] = value;
  return kept;
}

const NEWLINE = 0x0a;
const NUL = 0x00;
const BINARY_NOTE = ': binary file matches (';
const STDERR_BYTES = 4096;

/** Runs rg over one batch. Never rejects: a cancellation shows in the budget (`budget.ok()` throws). */
export function runRipgrep(request: RipgrepRequest): Promise<RipgrepResult> {
  const { budget } = request;
  const hits = new Map<string, LineHit[]>();
  const binary = new Set<string>();
  const stopper = new AbortController();
  let pending: Buffer = Buffer.alloc(0);
  let outputBytes = 0;
  let stderr = '';
  let failure: Error | undefined;

  const record = (line: Buffer): void => {
    const nul = line.indexOf(NUL);
    if (nul === -1) {
      const text = line.toString('utf8');
      const note = text.lastIndexOf(BINARY_NOTE);
      if (note > 0) binary.add(text.slice(0, note));
      return;
    }
    const rest = line.subarray(nul + 1).toString('utf8');
    const colon = rest.indexOf(':');
    const number = Number(rest.slice(0, colon));
    if (colon <= 0 || !Number.isSafeInteger(number)) return;
    if (!budget.count()) {
      stopper.abort();
      return;
    }
    const path = line.subarray(0, nul).toString('utf8');
    const list = hits.get(path) ?? [];
    if (list.length === 0) hits.set(path, list);
    list.push({ line: number, text: clipLine(rest.slice(colon + 1)) });
  };

  return new Promise<RipgrepResult>((resolve) => {
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(request.rg, [...ripgrepArgs(request.pattern, request.maxCount), ...request.files], {
        cwd: request.cwd,
        env: ripgrepEnv(process.env),
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        signal: AbortSignal.any([budget.signal, stopper.signal]),
        killSignal: 'SIGKILL',
      });
    } catch (error) {
      resolve({ kind: 'unavailable', message: `${request.rg} could not be run: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    child.stdout.on('data', (chunk: Buffer) => {
      if (stopper.signal.aborted) return;
      const room = request.maxOutputBytes - outputBytes;
      outputBytes += chunk.length;
      let data = pending.length > 0 ? Buffer.concat([pending, chunk.subarray(0, room)]) : chunk.subarray(0, room);
      for (let newline = data.indexOf(NEWLINE); newline !== -1 && !stopper.signal.aborted; newline = data.indexOf(NEWLINE)) {
        record(data.subarray(0, newline));
        data = data.subarray(newline + 1);
      }
      pending = Buffer.from(data);
      if (outputBytes > request.maxOutputBytes && !stopper.signal.aborted) {
        // The lines that fit are kept; a line cut at the cap is dropped.
        budget.halt('output');
        stopper.abort();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_BYTES) stderr += chunk.toString('utf8').slice(0, STDERR_BYTES - stderr.length);
    });
    child.on('error', (error) => {
      failure ??= error;
    });
    child.on('close', (code) => {
      if (failure !== undefined && failure.name !== 'AbortError') {
        resolve({ kind: 'unavailable', message: `${request.rg} could not be run: ${failure.message}` });
      } else if (code === 2 && hits.size === 0 && binary.size === 0 && !stopper.signal.aborted && !budget.signal.aborted) {
        // Exit 2 with no output: rg refused the pattern or an argument (file errors are silenced).
        resolve({ kind: 'rejected', message: stderr.trim() || 'ripgrep exited with status 2' });
      } else {
        resolve({ kind: 'searched', hits, binary });
      }
    });
  });
}
