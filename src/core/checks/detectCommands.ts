/**
 * Whether a command found in a project's instructions (CLAUDE.md, AGENTS.md) looks like one that
 * verifies the project: it starts with a known runner and is not an install, a dev server, a watch
 * mode, a publish or a fixer. Read from words, never by running anything.
 */

import { commandWords } from './checkIds';

/** First words a check command may start with. */
const RUNNERS = new Set([
  'npm',
  'pnpm',
  'yarn',
  'bun',
  'npx',
  'node',
  'tsc',
  'eslint',
  'cargo',
  'go',
  'make',
  'python',
  'python3',
  'pytest',
  'uv',
  'poetry',
  'deno',
  'mvn',
  'gradle',
  'gradlew', // ./gradlew (commandWords drops the ./)
  'dotnet',
  'ruff',
  'mypy',
  'just',
  'bash',
  'sh',
]);

/** Subcommands (the first word after the runner) that install, change the environment, publish or start a program. */
const REFUSED_SUBCOMMANDS = new Map<string, readonly string[]>(
  Object.entries({
    npm: ['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'add', 'ci', 'clean-install', 'it', 'install-test', 'install-ci-test'],
    pnpm: ['install', 'i', 'add', 'fetch', 'dlx', 'create'],
    yarn: ['install', 'add', 'dlx', 'create'],
    bun: ['install', 'i', 'add', 'x', 'create'],
    cargo: ['install', 'add', 'fetch', 'run', 'new', 'init', 'publish', 'watch'],
    go: ['install', 'get', 'run', 'mod', 'generate'],
    uv: ['sync', 'add', 'pip', 'tool', 'venv', 'lock', 'init'],
    poetry: ['install', 'add', 'lock', 'update', 'shell', 'init', 'new', 'publish'],
    deno: ['install', 'run', 'upgrade', 'serve', 'compile'],
    dotnet: ['restore', 'run', 'new', 'add', 'tool', 'watch', 'publish'],
    make: ['run', 'install', 'clean'],
    just: ['run'],
  }),
);

/** Words that make a command a non-check wherever they stand as a name (a script, a target, a subcommand). */
const REFUSED_WORDS = new Set([
  'install',
  'uninstall',
  'remove',
  'link',
  'unlink',
  'update',
  'upgrade',
  'publish',
  'deploy',
  'release',
  'bootstrap',
  'setup',
  'dev',
  'develop',
  'start',
  'restart',
  'stop',
  'serve',
  'runserver',
  'preview',
  'storybook',
  'watch',
  'clean',
]);

/** Words of names that rewrite files (`format`, `lint:fix`): refused unless the name or a flag says it only checks (`format:check`, `--check`). */
const WRITING_WORDS = new Set(['fix', 'format', 'fmt']);
const CHECKING_WORDS = new Set(['check', 'verify']);

/** Flags that watch, serve or write instead of checking. */
const REFUSED_FLAGS = new Set(['--watch', '--watchall', '--serve', '--fix', '--write', '--interactive', '--open']);

/** Python modules that install instead of checking. */
const REFUSED_PYTHON_MODULES = new Set(['pip', 'venv', 'ensurepip', 'http.server']);

/** The name words of one token: `test:watch` → test, watch; `scripts/setup.sh` → setup, sh. */
function nameWords(token: string): string[] {
  return token
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Whether the command looks like one that verifies the project (a type check, a lint, tests, a build). */
export function isVerifyCommand(command: string): boolean {
  const tokens = commandWords(command);
  if (tokens.length === 0) return false;
  const tool = tokens[0];
  if (!RUNNERS.has(tool)) return false;
  const rest = tokens.slice(1);
  if (tool === 'yarn' && rest.length === 0) return false; // bare `yarn` installs
  if (rest.includes('sudo')) return false;
  for (const flag of rest) {
    const name = flag.toLowerCase().split('=')[0];
    if (REFUSED_FLAGS.has(name) || name.startsWith('--watch')) return false;
    if (tool === 'tsc' && (name === '-w' || name === '--build-watch')) return false;
  }
  const firstOperand = rest.find((w) => !w.startsWith('-'));
  const refusedSub = REFUSED_SUBCOMMANDS.get(tool) ?? [];
  if (firstOperand !== undefined && refusedSub.includes(firstOperand.toLowerCase())) return false;
  if ((tool === 'python' || tool === 'python3') && rest[0] === '-m' && REFUSED_PYTHON_MODULES.has(rest[1] ?? '')) return false;
  const onlyChecks = rest.includes('--check');
  // Names (scripts, targets, subcommands; for bash/sh the script file) must not install, serve or watch.
  for (const token of rest) {
    if (token.startsWith('-')) continue;
    const isScriptFile = (tool === 'bash' || tool === 'sh') && token === firstOperand;
    if (!isScriptFile && (token.includes('/') || token.includes('.'))) continue; // a path or file argument, not a name
    const names = nameWords(token);
    if (names.some((w) => REFUSED_WORDS.has(w))) return false;
    if (names.some((w) => WRITING_WORDS.has(w)) && !onlyChecks && !names.some((w) => CHECKING_WORDS.has(w))) return false;
  }
  return true;
}
