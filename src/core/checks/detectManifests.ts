/**
 * Checks read off the root manifests: package.json scripts (a type check, lint, test; run with the
 * package manager the lockfile names), then Cargo.toml, go.mod, a pytest setup and a Makefile `test`
 * or `check` target. Only the workspace root is looked at; nothing is walked.
 */
import { z } from 'zod';
import type { CheckEntry } from './checkIds';
import { isWorkspaceDir, isWorkspaceFile, readNote, readWorkspaceFile, type DetectRoot } from './detectRead';

/** Script names of a type check, the first present is taken. */
const TYPECHECK_SCRIPTS = ['typecheck', 'type-check', 'tsc', 'check-types'];
/** Lockfiles, in the order they decide the package manager. */
const LOCKFILES: readonly (readonly [string, string])[] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
];
const MAKEFILES = ['Makefile', 'makefile', 'GNUmakefile'];
const PYTHON_FILES = ['pyproject.toml', 'setup.cfg', 'pytest.ini'];

/** The parts of package.json read here; anything else in it is left alone. */
const packageSchema = z.object({
  scripts: z.record(z.string(), z.unknown()).optional().catch(undefined),
  packageManager: z.string().optional().catch(undefined),
});

export interface ManifestChecks {
  readonly entries: readonly CheckEntry[];
  readonly notes: readonly string[];
}

async function readText(ws: DetectRoot, rel: string, notes: string[]): Promise<string | undefined> {
  const outcome = await readWorkspaceFile(ws, rel);
  const note = readNote(rel, outcome);
  if (note !== undefined) notes.push(note);
  return outcome.kind === 'text' ? outcome.text : undefined;
}

async function packageRunner(ws: DetectRoot, packageManager: string | undefined): Promise<string> {
  for (const [file, runner] of LOCKFILES) if (await isWorkspaceFile(ws, file)) return runner;
  const named = packageManager?.split('@')[0];
  return named === 'pnpm' || named === 'yarn' || named === 'bun' ? named : 'npm';
}

function isPlaceholderTest(script: string): boolean {
  return script.includes('no test specified');
}

async function packageChecks(ws: DetectRoot, notes: string[]): Promise<CheckEntry[]> {
  const text = await readText(ws, 'package.json', notes);
  if (text === undefined) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    notes.push(`package.json is not valid JSON (${reason.slice(0, 200)}), so its scripts were not read; fix it to have its checks found.`);
    return [];
  }
  const parsed = packageSchema.safeParse(data);
  const scripts = parsed.success ? (parsed.data.scripts ?? {}) : {};
  const script = (name: string): string | undefined => {
    const value = Object.hasOwn(scripts, name) ? scripts[name] : undefined;
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const names: string[] = [];
  const typecheck = TYPECHECK_SCRIPTS.find((name) => script(name) !== undefined);
  if (typecheck !== undefined) names.push(typecheck);
  if (script('lint') !== undefined) names.push('lint');
  const test = script('test');
  if (test !== undefined && !isPlaceholderTest(test)) names.push('test');
  if (names.length === 0) return [];
  const runner = await packageRunner(ws, parsed.success ? parsed.data.packageManager : undefined);
  return names.map((name) => ({
    command: runner === 'npm' && name === 'test' ? 'npm test' : `${runner} run ${name}`,
    origin: `package.json script "${name}"`,
  }));
}

async function pythonChecks(ws: DetectRoot, notes: string[]): Promise<CheckEntry[]> {
  let present: string | undefined;
  let configured: string | undefined;
  for (const file of PYTHON_FILES) {
    if (!(await isWorkspaceFile(ws, file))) continue;
    present ??= file;
    if (file === 'pytest.ini') configured ??= file;
    else {
      const text = await readText(ws, file, notes);
      const marker = file === 'pyproject.toml' ? '[tool.pytest' : '[tool:pytest]';
      if (text?.includes(marker) === true) configured ??= file;
    }
  }
  if (present === undefined) return [];
  if (configured === undefined && !(await isWorkspaceDir(ws, 'tests')) && !(await isWorkspaceDir(ws, 'test'))) return [];
  return [{ command: 'python -m pytest -q', origin: configured ?? present }];
}

/** The names a Makefile line defines as targets (`test check: deps` → test, check), none for other lines. */
function makeTargets(line: string): string[] {
  if (line === '' || line[0] === '\t' || line[0] === ' ' || line[0] === '#' || line[0] === '.') return [];
  const colon = line.indexOf(':');
  if (colon <= 0 || line[colon + 1] === '=') return [];
  const left = line.slice(0, colon);
  if (left.includes('=') || left.includes('$')) return [];
  return left.split(/\s+/).filter((w) => w !== '');
}

async function makeChecks(ws: DetectRoot, notes: string[]): Promise<CheckEntry[]> {
  for (const file of MAKEFILES) {
    if (!(await isWorkspaceFile(ws, file))) continue;
    const text = await readText(ws, file, notes);
    if (text === undefined) return [];
    const targets = new Set(text.split('\n').flatMap((line) => makeTargets(line.replace(/\r$/, ''))));
    const target = targets.has('test') ? 'test' : targets.has('check') ? 'check' : undefined;
    return target === undefined ? [] : [{ command: `make ${target}`, origin: `${file} target "${target}"` }];
  }
  return [];
}

/** Checks from the workspace root's manifests, in the order above, with notes on files that could not be read. */
export async function manifestChecks(ws: DetectRoot, signal?: AbortSignal): Promise<ManifestChecks> {
  const notes: string[] = [];
  const entries: CheckEntry[] = [];
  entries.push(...(await packageChecks(ws, notes)));
  signal?.throwIfAborted();
  if (await isWorkspaceFile(ws, 'Cargo.toml')) {
    entries.push({ command: 'cargo check', origin: 'Cargo.toml' }, { command: 'cargo test', origin: 'Cargo.toml' });
  }
  if (await isWorkspaceFile(ws, 'go.mod')) {
    entries.push({ command: 'go vet ./...', origin: 'go.mod' }, { command: 'go test ./...', origin: 'go.mod' });
  }
  signal?.throwIfAborted();
  entries.push(...(await pythonChecks(ws, notes)));
  signal?.throwIfAborted();
  entries.push(...(await makeChecks(ws, notes)));
  return { entries, notes };
}
