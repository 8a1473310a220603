/**
 * The change `review` looks at, read from git: the working tree against HEAD (`git diff HEAD` plus the
 * untracked files as added files), or a branch's commits (`git diff BASE...HEAD`). Git runs through
 * `execFile` (never a shell) in the workspace, with a timeout per call, one output cap for the whole
 * change, no external diff or textconv programs, no fsmonitor hook and no optional index writes: reading
 * the change runs nothing the repository configures and changes nothing in it.
 */
import { execFile } from 'node:child_process';
import { ReviewInputError } from './reviewError';
import { definedFields } from '../definedFields';

/** Seconds one git call may take. */
const GIT_TIMEOUT_MS = 10_000;
/** Bytes of git output the whole change may take; the rest is cut (and the context says so). */
export const GIT_OUTPUT_CAP = 2 * 1024 * 1024;
/** Untracked files shown as added files; the rest are only named. */
const MAX_UNTRACKED = 200;
/** Untracked files named once past MAX_UNTRACKED (or past the output cap). */
const MAX_NAMED = 50;

/** Settings on every call: nothing the repository configures runs, and nothing is written. */
const SAFE = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-c', 'diff.external='];
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv'];

export interface Changes {
  /** In words: "the working tree against HEAD" or "main...HEAD". */
  readonly label: string;
  readonly base?: string;
  /** The unified diff (untracked files as added files), at most GIT_OUTPUT_CAP bytes. */
  readonly diff: string;
  /** Workspace-relative paths the change touches. */
  readonly files: readonly string[];
  /** What was cut or left out, for the reviewers to know. */
  readonly notes: readonly string[];
}

interface GitOutput {
  readonly stdout: string;
  /** The output went past the cap given and was cut there. */
  readonly cut: boolean;
}

class GitFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: number | string | undefined,
    readonly stderr: string,
  ) {
    super(message);
  }
}

interface ExecFailure extends Error {
  code?: number | string;
  killed?: boolean;
  stdout?: string;
  stderr?: string;
}

/** One git call; `okCodes`: exit codes that are answers, not failures (`diff --no-index` exits 1 on a difference). */
function git(cwd: string, args: readonly string[], maxBytes: number, signal: AbortSignal, okCodes: readonly number[] = []): Promise<GitOutput> {
  return new Promise((done, fail) => {
    execFile(
      'git',
      [...SAFE, ...args],
      {
        cwd,
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: Math.max(1, maxBytes),
        encoding: 'utf8',
        signal,
        windowsHide: true,
        // No index refresh written back, no prompt for credentials, no pager.
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat' },
      },
      (error, stdout, stderr) => {
        if (error === null) return done({ stdout, cut: false });
        const failure = error as ExecFailure;
        if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return done({ stdout: failure.stdout ?? stdout, cut: true });
        if (typeof failure.code === 'number' && okCodes.includes(failure.code)) return done({ stdout, cut: false });
        if (failure.code === 'ENOENT') return fail(new ReviewInputError('git is not installed (or not on PATH); review reads the change with git.'));
        if (failure.name === 'AbortError') return fail(failure);
        const why = failure.killed ? `took longer than ${GIT_TIMEOUT_MS / 1000} s` : stderr.trim().split('\n')[0] || failure.message;
        fail(new GitFailed(`git ${args.join(' ')}: ${why}`, failure.code, stderr));
      },
    );
  });
}

/** The NUL-separated names git printed, without the empty tail. */
function names(output: string): string[] {
  return output.split('\0').filter((n) => n !== '');
}

async function requireRepository(cwd: string, signal: AbortSignal): Promise<void> {
  try {
    const inside = await git(cwd, ['rev-parse', '--is-inside-work-tree'], 4096, signal);
    if (inside.stdout.trim() === 'true') return;
  } catch (error) {
    if (!(error instanceof GitFailed)) throw error;
  }
  throw new ReviewInputError(`${cwd} is not in a git work tree; review reads the change with git. Nothing ran.`);
}

async function requireCommit(cwd: string, rev: string, signal: AbortSignal, missing: string): Promise<void> {
  try {
    await git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], 4096, signal);
  } catch (error) {
    if (error instanceof GitFailed) throw new ReviewInputError(missing);
    throw error;
  }
}

/** The diff of untracked files, each as an added file, within `budget` bytes. */
async function untrackedDiff(cwd: string, files: readonly string[], budget: number, signal: AbortSignal): Promise<{ diff: string; notes: string[] }> {
  let diff = '';
  let shown = 0;
  for (const file of files.slice(0, MAX_UNTRACKED)) {
    const left = budget - Buffer.byteLength(diff);
    if (left <= 0) break;
    const out = await git(cwd, ['diff', '--no-index', ...DIFF_FLAGS, '--', '/dev/null', file], left, signal, [1]);
    diff += out.stdout.endsWith('\n') || out.stdout === '' ? out.stdout : `${out.stdout}\n`;
    if (out.cut) {
      diff += `[the diff of ${file} was cut at the output cap]\n`;
      shown += 1;
      break;
    }
    shown += 1;
  }
  const rest = files.slice(shown);
  if (rest.length === 0) return { diff, notes: [] };
  const named = rest.slice(0, MAX_NAMED).join(', ');
  const more = rest.length > MAX_NAMED ? ` and ${rest.length - MAX_NAMED} more` : '';
  return { diff, notes: [`${rest.length} untracked file(s) are not shown (over the limit of ${MAX_UNTRACKED} files or the output cap): ${named}${more}.`] };
}

/**
 * The change to review in the workspace: `base` absent, the working tree (staged, unstaged and
 * untracked) against HEAD; given, `git diff BASE...HEAD`. Throws a ReviewInputError when the workspace
 * is not a git work tree, the base or HEAD is not a commit, or there is nothing to review.
 */
export async function collectChanges(workspaceRoot: string, base: string | undefined, signal: AbortSignal): Promise<Changes> {
  if (base !== undefined && (base.trim() === '' || base.startsWith('-'))) throw new ReviewInputError(`--base takes a branch or commit; got "${base}".`);
  await requireRepository(workspaceRoot, signal);
  const range = base !== undefined ? `${base}...HEAD` : 'HEAD';
  if (base !== undefined) {
    await requireCommit(
      workspaceRoot,
      base,
      signal,
      `Unknown base "${base}": it is not a branch, tag or commit of the repository in ${workspaceRoot}. Nothing ran.`,
    );
  }
  await requireCommit(
    workspaceRoot,
    'HEAD',
    signal,
    `The repository in ${workspaceRoot} has no commit yet, so there is no HEAD to review against. Commit first. Nothing ran.`,
  );
  const label = base !== undefined ? range : 'the working tree against HEAD';
  const notes: string[] = [];
  // --relative: paths relative to the workspace, and only its part of the repository.
  const tracked = await git(workspaceRoot, ['diff', '--relative', ...DIFF_FLAGS, range, '--'], GIT_OUTPUT_CAP, signal);
  if (tracked.cut) notes.push(`The diff was cut at ${GIT_OUTPUT_CAP} bytes of git output; files past that point are not shown.`);
  const trackedFiles = names((await git(workspaceRoot, ['diff', '--relative', '--name-only', '-z', range, '--'], GIT_OUTPUT_CAP, signal)).stdout);
  let diff = tracked.stdout;
  let untracked: string[] = [];
  if (base === undefined) {
    const listed = await git(workspaceRoot, ['ls-files', '--others', '--exclude-standard', '-z'], GIT_OUTPUT_CAP, signal);
    untracked = names(listed.stdout);
    if (listed.cut) notes.push('The list of untracked files was cut at the output cap; some are not shown.');
    const added = await untrackedDiff(workspaceRoot, untracked, GIT_OUTPUT_CAP - Buffer.byteLength(diff), signal);
    diff += added.diff;
    notes.push(...added.notes);
  }
  if (diff.trim() === '' && untracked.length === 0) {
    throw new ReviewInputError(
      base !== undefined
        ? `Nothing to review: git diff ${range} is empty (HEAD has no changes since it left ${base}). Nothing ran.`
        : `Nothing to review: the working tree has no changes against HEAD and no untracked files. Nothing ran.`,
    );
  }
  return { label, ...definedFields({ base }), diff, files: [...new Set([...trackedFiles, ...untracked])], notes };
}

/** Branches a review can take as its base: local ones first, then remote-tracking ones; the current branch apart. */
export interface BaseCandidates {
  readonly current?: string;
  readonly branches: readonly string[];
}

/** At most this many branches are offered. */
const MAX_BRANCHES = 500;

export async function listBaseCandidates(workspaceRoot: string, signal: AbortSignal): Promise<BaseCandidates> {
  await requireRepository(workspaceRoot, signal);
  const refs = await git(workspaceRoot, ['for-each-ref', '--format=%(refname:short)', 'refs/heads', 'refs/remotes'], 256 * 1024, signal);
  let current: string | undefined;
  try {
    current = (await git(workspaceRoot, ['symbolic-ref', '--quiet', '--short', 'HEAD'], 4096, signal)).stdout.trim() || undefined;
  } catch (error) {
    // A detached HEAD has no branch name.
    if (!(error instanceof GitFailed)) throw error;
  }
  const branches = refs.stdout
    .split('\n')
    .map((b) => b.trim())
    .filter((b) => b !== '' && b !== current && !b.endsWith('/HEAD') && b !== 'HEAD');
  return { ...definedFields({ current }), branches: [...new Set(branches)].slice(0, MAX_BRANCHES) };
}
