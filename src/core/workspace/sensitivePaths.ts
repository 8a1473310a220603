/**
 * Execution-sensitive paths: files that some program runs, loads or obeys without the user asking,
 * so a write there is more than a source change. Pure string rules (no disk, no globs library), so
 * the path policy, plan lint, the review and the webview all classify a path the same way.
 *
 * A task may write a sensitive path only when its `owns` names that exact path (no glob, no folder);
 * `owns: ["**"]` does not reach them. The plan lint warns about every such entry and the review marks
 * the files, so the user sees each one. Always refused, whatever the plan says:
 * - `.git` under another spelling. Git's own NTFS and HFS+ protection (`core.protectNTFS`,
 *   `core.protectHFS`, `is_ntfs_dotgit` / `is_hfs_dotgit` in git's `path.c`) treats these as `.git`:
 *   Windows drops trailing dots and spaces (`.git.`, `.git `) and reads `name:stream` as the file
 *   `name`, `GIT~1` is the 8.3 short name of `.git`, and macOS HFS+ ignores some invisible Unicode
 *   code points (`.g\u200cit`).
 * - Any segment in Windows 8.3 short-name form (`VSCODE~1`, `NODE_M~1`): Windows may read it as the
 *   long name of another file or folder, and which one cannot be told from the name.
 * - A sensitive path spelled in one of the ways above (`.vscode./tasks.json`): the plain name works.
 *
 * Names are compared case-insensitively (macOS and Windows file systems are), at any depth (a nested
 * folder can be opened on its own, and a false flag costs one exact `owns` entry). The families, and
 * why each is here, are the rules below.
 */
import type { DenialReason } from '../run/eventVocabulary';
import type { TaskSpec } from '../plan/plan';
import { hasGlobSyntax } from '../plan/globIntersect';

export type SensitiveFamily = 'git' | 'alias' | 'editor' | 'ci' | 'git-hooks' | 'dev-container' | 'dependencies' | 'environment' | 'package-manager';

export interface Sensitivity {
  readonly family: SensitiveFamily;
  /** Why a write there matters, as a clause: "VS Code runs tasks from it …". */
  readonly why: string;
  /** Refused whatever the plan owns (`.git` aliases, short names, sensitive names spelled as aliases). */
  readonly alwaysRefused: boolean;
}

/** What `ownershipDenial` returns for a sensitive path (the shape of the path policy's refusals). */
export interface SensitiveDenial {
  readonly ok: false;
  readonly reason: DenialReason;
  readonly message: string;
}

interface Rule {
  readonly family: SensitiveFamily;
  readonly why: string;
  /** Folder sequences that make everything in and below them sensitive, anywhere in the path (lower case). */
  readonly folders?: readonly (readonly string[])[];
  /** File names (the last segment, lower case) that are sensitive. */
  readonly files?: (name: string) => boolean;
}

/** Code points HFS+ ignores in names (git's `next_hfs_char`), so `.g\u200cit` is `.git` on macOS. */
const HFS_IGNORABLE = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;
/** A Windows 8.3 short name: up to 6 name characters, `~`, a number, an optional 1–3 character extension. */
const SHORT_NAME = /^[^.~]{1,6}~[0-9]+(\.[^.]{1,3})?$/;
/** Longest path classified in full; anything longer is treated as sensitive (no real path is this long). */
const MAX_PATH_CHARS = 4096;

const named =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

/**
 * The families. Not here, on purpose: `package.json` (its scripts run only when the user runs them,
 * every feature edits it, and the hot-spot lint rule already gives it one owner) and lockfiles (read by
 * an install the user starts, and reviewed as a diff like any file).
 */
const RULES: readonly Rule[] = [
  {
    family: 'editor',
    why: 'VS Code runs tasks from .vscode/tasks.json (a "folderOpen" task runs as soon as the folder opens) and launch configurations from launch.json, and its settings can point tools and terminals at any program',
    folders: [['.vscode']],
  },
  {
    family: 'editor',
    why: 'a VS Code workspace file carries settings, tasks and launch configurations that run like those in .vscode',
    files: (name) => name.endsWith('.code-workspace'),
  },
  { family: 'editor', why: 'JetBrains IDEs run the run configurations and startup tasks kept in .idea', folders: [['.idea']] },
  {
    family: 'ci',
    why: "CI runs these workflows and actions on every push, with the repository's secrets",
    folders: [['.github', 'workflows'], ['.github', 'actions'], ['.circleci'], ['.buildkite']],
  },
  {
    family: 'ci',
    why: "CI runs this pipeline on every push, with the repository's secrets",
    files: named('.gitlab-ci.yml', '.travis.yml', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', 'jenkinsfile'),
  },
  { family: 'git-hooks', why: 'Git runs these hooks on every commit, checkout or push', folders: [['.husky'], ['.githooks']] },
  {
    family: 'git-hooks',
    why: 'the hook manager runs the commands it lists on every commit or push',
    files: (name) => name === '.pre-commit-config.yaml' || /^\.?lefthook(-local)?\.(ya?ml|json|jsonc|toml)$/.test(name),
  },
  { family: 'git-hooks', why: 'Git fetches submodules from the URLs it lists', files: named('.gitmodules') },
  {
    family: 'dev-container',
    why: 'VS Code offers to reopen the folder in the container it describes and runs its lifecycle commands (postCreateCommand …)',
    folders: [['.devcontainer']],
    files: named('.devcontainer.json'),
  },
  {
    family: 'dependencies',
    why: 'tools and scripts load and run the installed packages there, and no source diff or lockfile shows a change to them',
    folders: [['node_modules']],
  },
  {
    family: 'dependencies',
    why: "Yarn runs the release and plugins kept in .yarn (yarnPath), and Plug'n'Play loads .pnp.cjs into every Node process it starts",
    folders: [['.yarn']],
    files: named('.pnp.cjs', '.pnp.loader.mjs'),
  },
  {
    family: 'environment',
    why: 'dev servers and tools load .env files into the environment of the programs they start (direnv runs .envrc as a shell script), and they hold secrets',
    files: (name) => name.startsWith('.env'),
  },
  { family: 'environment', why: 'mise sets the environment and runs the hooks in it when you enter the folder', files: named('mise.toml', '.mise.toml') },
  {
    family: 'package-manager',
    why: 'npm reads its registry, script shell and node-options from it, so every npm command would change',
    files: named('.npmrc'),
  },
  {
    family: 'package-manager',
    why: 'Yarn reads its registry and yarnPath (a file Yarn runs) from it',
    files: named('.yarnrc', '.yarnrc.yml'),
  },
  { family: 'package-manager', why: 'pnpm runs the hooks in it on every install', files: named('.pnpmfile.cjs', '.pnpmfile.mjs') },
  {
    family: 'package-manager',
    why: 'pnpm reads settings from it, such as which dependencies may run install scripts',
    files: named('pnpm-workspace.yaml'),
  },
  { family: 'package-manager', why: 'Bun runs its preload scripts and reads its registry from it', files: named('bunfig.toml', '.bunfig.toml') },
];

/** Folder rules by the first name of their sequence, so a path is matched in one pass over its segments. */
const FOLDER_RULES = new Map<string, { readonly names: readonly string[]; readonly rule: Rule }[]>();
for (const rule of RULES) {
  for (const names of rule.folders ?? []) {
    const first = names[0] ?? '';
    FOLDER_RULES.set(first, [...(FOLDER_RULES.get(first) ?? []), { names, rule }]);
  }
}

/** The rule a path's plain segments match: the first sensitive folder on the path, else the file name's rule. */
function ruleFor(segments: readonly string[]): Rule | undefined {
  for (let i = 0; i < segments.length; i++) {
    const found = FOLDER_RULES.get(segments[i] ?? '')?.find(({ names }) => names.every((name, k) => segments[i + k] === name));
    if (found !== undefined) return found.rule;
  }
  const name = segments[segments.length - 1] ?? '';
  return RULES.find((rule) => rule.files?.(name) === true);
}

const GIT: Sensitivity = {
  family: 'git',
  why: 'Windows or macOS reads the name as .git, as Git itself does with core.protectNTFS and core.protectHFS',
  alwaysRefused: true,
};
const SHORT: Sensitivity = {
  family: 'alias',
  why: 'Windows may read a name in 8.3 short-name form (like VSCODE~1 for .vscode) as another file or folder, and which one cannot be told from the name',
  alwaysRefused: true,
};
const TOO_LONG: Sensitivity = { family: 'alias', why: `the path is longer than ${MAX_PATH_CHARS} characters`, alwaysRefused: true };

/**
 * A segment as Windows and macOS read it, lower-cased: invisible HFS+ code points removed, an NTFS
 * stream suffix (`name:stream`, `name::$DATA`) dropped, trailing dots and spaces dropped.
 */
export function plainSegment(segment: string): string {
  const lower = segment.replace(HFS_IGNORABLE, '').toLowerCase();
  const colon = lower.indexOf(':');
  return (colon === -1 ? lower : lower.slice(0, colon)).replace(/[. ]+$/, '');
}

/** Whether a path segment is `.git` under any spelling Windows or macOS resolves to it (`.git` itself included). */
export function isGitAlias(segment: string): boolean {
  return isPlainGit(plainSegment(segment));
}

function isPlainGit(plain: string): boolean {
  return plain === '.git' || /^git~[0-9]+$/.test(plain);
}

function segmentsOf(path: string): string[] {
  return path
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

/** Whether and why a workspace-relative path (or an `owns` entry's literal part) is execution-sensitive. */
export function sensitivityOf(path: string): Sensitivity | undefined {
  if (path.length > MAX_PATH_CHARS) return TOO_LONG;
  const raw = segmentsOf(path);
  const plain = raw.map(plainSegment);
  if (plain.some(isPlainGit)) return GIT;
  if (plain.some((s) => SHORT_NAME.test(s))) return SHORT;
  const rule = ruleFor(plain);
  if (rule === undefined) return undefined;
  const respelled = raw.findIndex((s, i) => s.toLowerCase() !== plain[i]);
  if (respelled === -1) return { family: rule.family, why: rule.why, alwaysRefused: false };
  return {
    family: 'alias',
    why: `Windows or macOS reads "${raw[respelled] ?? ''}" as "${plain[respelled] ?? ''}", so this is another spelling of a sensitive path (${rule.why})`,
    alwaysRefused: true,
  };
}

/** Whether the path names a sensitive folder itself (`.vscode`, `a/.github/workflows`), whose files each need their own `owns` entry. */
export function isSensitiveFolder(path: string): boolean {
  if (path.length > MAX_PATH_CHARS) return false;
  const plain = segmentsOf(path).map(plainSegment);
  return [...FOLDER_RULES.values()].flat().some(({ names }) => plain.slice(-names.length).join('/') === names.join('/'));
}

/**
 * Whether an `owns` entry reaches sensitive paths: its literal part (before the first glob segment)
 * is sensitive. `exact` when the entry names one file exactly (its agent may write it); otherwise it
 * is a folder or glob inside a sensitive area, and writes through it are refused. Whole-workspace
 * globs (`**`, `src/**`) have no sensitive literal part and give undefined.
 */
export function sensitiveOwnsEntry(entry: string): { readonly sensitivity: Sensitivity; readonly exact: boolean } | undefined {
  if (entry.length > MAX_PATH_CHARS) return { sensitivity: TOO_LONG, exact: false };
  const trimmed = entry.trim();
  const segments = trimmed.split('/').filter((s) => s !== '' && s !== '.');
  const globAt = segments.findIndex((s) => hasGlobSyntax(s));
  const literal = (globAt === -1 ? segments : segments.slice(0, globAt)).join('/');
  const sensitivity = literal === '' ? undefined : sensitivityOf(literal);
  if (sensitivity === undefined) return undefined;
  return { sensitivity, exact: globAt === -1 && !trimmed.endsWith('/') && !isSensitiveFolder(literal) };
}

/** The sentence the review and plan review show for a sensitive path. */
export function sensitiveNote(sensitivity: Sensitivity): string {
  return `Execution-sensitive: ${sensitivity.why}.`;
}

/** Whether an `owns` entry names exactly `rel`: no glob, not a folder entry (`x/`), the same path after `./` and `//` are dropped. */
export function namesExactly(entry: string, rel: string): boolean {
  if (entry.length > MAX_PATH_CHARS) return false;
  const trimmed = entry.trim();
  if (trimmed.endsWith('/') || hasGlobSyntax(trimmed)) return false;
  return (
    trimmed
      .split('/')
      .filter((s) => s !== '' && s !== '.')
      .join('/') === rel
  );
}

/**
 * Why `task` may not write the normalised path `rel` although it owns it, or undefined when it may:
 * a sensitive path needs an `owns` entry naming it exactly, and some paths are refused always.
 */
export function sensitiveWriteDenial(rel: string, task: TaskSpec): SensitiveDenial | undefined {
  const sensitivity = sensitivityOf(rel);
  if (sensitivity === undefined) return undefined;
  if (sensitivity.family === 'git') {
    return { ok: false, reason: 'git-internal', message: `"${rel}" is inside .git (${sensitivity.why}); Git internals cannot be read or written.` };
  }
  if (sensitivity.alwaysRefused) {
    return { ok: false, reason: 'sensitive', message: `"${rel}" is refused: ${sensitivity.why}. Use the plain name of the file.` };
  }
  if (task.owns.some((entry) => namesExactly(entry, rel))) return undefined;
  return {
    ok: false,
    reason: 'sensitive',
    message:
      `${rel} is execution-sensitive (${sensitivity.why}), so it is written only when the plan's owns names "${rel}" exactly; ` +
      `a folder or glob such as "**" is not enough, and the user sees every such path flagged in review. ` +
      `Do not work around this: if ${rel} must change, say so in your finish summary.`,
  };
}
