/**
 * Which checks a workspace has: the commands proposed for the user to approve, from the first source
 * that has any, in this order: the `fanout.checks` setting, `.fanout/checks.json`, a commands section
 * of CLAUDE.md / `.claude/CLAUDE.md` / AGENTS.md, the root manifests (package.json scripts, Cargo.toml,
 * go.mod, pytest, Makefile). Nothing here runs a command. Files are read bounded and never through a
 * symlink that leaves the workspace; a source that cannot be used gives a note and the next is tried.
 */
import { specsFrom, specsFromEntries } from './checkIds';
import type { CheckSource, CheckSpec } from './checkTypes';
import { CHECKS_FILE, parseChecksFile } from './detectChecksFile';
import { commandsFromInstructions } from './detectInstructions';
import { manifestChecks } from './detectManifests';
import { detectRoot, readNote, readWorkspaceFile, type DetectRoot } from './detectRead';

export interface DetectedChecks {
  readonly checks: readonly CheckSpec[];
  /** The source they came from (the first in order that had any); undefined when none had any. */
  readonly source: CheckSource | undefined;
  /** Problems met reading a source (invalid JSON in .fanout/checks.json, a file too large), one sentence each, actionable. */
  readonly notes: readonly string[];
}

export interface DetectOptions {
  /** The `fanout.checks` setting: when it lists any command, it is the list. */
  readonly setting?: readonly string[];
  readonly signal?: AbortSignal;
}

/** Instruction files, in the order they are read; the first with commands wins. */
export const INSTRUCTION_CHECK_FILES: readonly string[] = ['CLAUDE.md', '.claude/CLAUDE.md', 'AGENTS.md'];

const SETTING_ORIGIN = 'fanout.checks setting';

async function fromChecksFile(ws: DetectRoot, notes: string[]): Promise<CheckSpec[]> {
  const outcome = await readWorkspaceFile(ws, CHECKS_FILE);
  const note = readNote(CHECKS_FILE, outcome);
  if (note !== undefined) notes.push(note);
  if (outcome.kind !== 'text') return [];
  const parsed = parseChecksFile(outcome.text);
  if (!parsed.ok) {
    notes.push(parsed.note);
    return [];
  }
  return specsFromEntries(parsed.entries, 'checks-file');
}

async function fromInstructions(ws: DetectRoot, notes: string[], signal: AbortSignal | undefined): Promise<CheckSpec[]> {
  for (const file of INSTRUCTION_CHECK_FILES) {
    signal?.throwIfAborted();
    const outcome = await readWorkspaceFile(ws, file);
    const note = readNote(file, outcome);
    if (note !== undefined) notes.push(note);
    if (outcome.kind !== 'text') continue;
    const found = commandsFromInstructions(outcome.text);
    const specs = specsFromEntries(
      found.map((c) => ({ command: c.command, origin: `${file} line ${c.line}` })),
      'instructions',
    );
    if (specs.length > 0) return specs;
  }
  return [];
}

/** The checks proposed for a workspace, the source they came from and notes on sources that could not be used. Never throws for the workspace's files; throws only when `signal` aborts. */
export async function detectChecks(workspaceRoot: string, options: DetectOptions = {}): Promise<DetectedChecks> {
  const { signal } = options;
  signal?.throwIfAborted();
  const notes: string[] = [];
  const done = (checks: CheckSpec[], source: CheckSource): DetectedChecks => ({ checks, source, notes });

  const fromSetting = specsFrom(options.setting ?? [], 'setting', () => SETTING_ORIGIN);
  if (fromSetting.length > 0) return done(fromSetting, 'setting');

  const ws = await detectRoot(workspaceRoot);
  if (ws === undefined) return { checks: [], source: undefined, notes };

  signal?.throwIfAborted();
  const fromFile = await fromChecksFile(ws, notes);
  if (fromFile.length > 0) return done(fromFile, 'checks-file');

  signal?.throwIfAborted();
  const fromDocs = await fromInstructions(ws, notes, signal);
  if (fromDocs.length > 0) return done(fromDocs, 'instructions');

  signal?.throwIfAborted();
  const manifests = await manifestChecks(ws, signal);
  notes.push(...manifests.notes);
  const fromManifests = specsFromEntries(manifests.entries, 'manifest');
  signal?.throwIfAborted();
  if (fromManifests.length > 0) return done(fromManifests, 'manifest');
  return { checks: [], source: undefined, notes };
}
