/**
 * The environment a check's command runs with: the host's environment minus its secrets and minus
 * what ties it to the editor, plus the variables that make tools behave as in CI (no prompts, no
 * colour codes in the output the diagnostics are read from).
 *
 * A name is a secret when one of its words (split at `_`, `-`, `.` and lower-to-upper case changes,
 * compared case-insensitively) is KEY, TOKEN, SECRET, PASSWORD, PASSWD, PASS, CREDENTIAL(S), AUTH,
 * SESSION, COOKIE or PRIVATE (or a plural of them): GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY,
 * OPENAI_API_KEY, SSH_AUTH_SOCK, npm_config__authToken. Also removed: ANTHROPIC_*, VSCODE_*,
 * ELECTRON_RUN_AS_NODE, NODE_OPTIONS (it may carry the host's `--inspect` or loaders) and npm's auth
 * and token settings (`npm_config__auth*`, `npm_config_*token*`). PATH, HOME, USER, LANG, TMPDIR,
 * SHELL, TERM and the rest are kept. Values are never logged: `removedNames` gives names only.
 */

/** Words that make a variable a secret wherever they stand in its name. */
const SECRET_WORDS: ReadonlySet<string> = new Set([
  'KEY',
  'KEYS',
  'TOKEN',
  'TOKENS',
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWORDS',
  'PASSWD',
  'PASS',
  'CREDENTIAL',
  'CREDENTIALS',
  'AUTH',
  'SESSION',
  'COOKIE',
  'COOKIES',
  'PRIVATE',
]);

/** Prefixes (upper case) of variables that belong to the model account or the editor. */
const REMOVED_PREFIXES: readonly string[] = ['ANTHROPIC_', 'VSCODE_'];

/** Whole names (upper case) removed: they tie a process to the editor's own Node. */
const REMOVED_NAMES: ReadonlySet<string> = new Set(['ELECTRON_RUN_AS_NODE', 'NODE_OPTIONS']);

/** Set on every check, replacing whatever the host had. */
const CHECK_VARIABLES: Readonly<Record<string, string>> = { CI: '1', NO_COLOR: '1', FORCE_COLOR: '0', FANOUT_CHECK: '1' };

/** The words of a variable name, upper case, trailing digits dropped: `npm_config__authToken2` → NPM, CONFIG, AUTH, TOKEN. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_\-.]+/)
    .map((word) => word.replace(/\d+$/, '').toUpperCase())
    .filter((word) => word !== '');
}

/** Whether a variable of this name is left out of a check's environment. */
export function isRemovedName(name: string): boolean {
  const upper = name.toUpperCase();
  if (REMOVED_NAMES.has(upper) || REMOVED_PREFIXES.some((prefix) => upper.startsWith(prefix))) return true;
  if (upper.startsWith('NPM_CONFIG_') && (upper.startsWith('NPM_CONFIG__AUTH') || upper.slice('NPM_CONFIG_'.length).includes('TOKEN'))) return true;
  return nameWords(name).some((word) => SECRET_WORDS.has(word));
}

/** The names `checkEnvironment` leaves out of `base`, sorted (never their values). */
export function removedNames(base: NodeJS.ProcessEnv): string[] {
  return Object.keys(base)
    .filter((name) => base[name] !== undefined && isRemovedName(name))
    .sort();
}

/** A copy of `base` fit to run a check with: secrets and editor ties removed, CI=1, NO_COLOR=1, FORCE_COLOR=0, FANOUT_CHECK=1. */
export function checkEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const overridden = new Set(Object.keys(CHECK_VARIABLES));
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || isRemovedName(name)) continue;
    // Environment names are case-insensitive on Windows: one spelling of each set variable only.
    if (overridden.has(name.toUpperCase())) continue;
    env[name] = value;
  }
  return { ...env, ...CHECK_VARIABLES };
}
