/**
 * The project's own instructions for coding agents: CLAUDE.md, AGENTS.md and
 * .github/copilot-instructions.md, when present. Each is read up to a fixed size (cut at a line
 * boundary, with a note), so a huge file cannot crowd out the rest of the shared prefix. Symlinks
 * are not followed.
 *
 * When the user chose sections of a file (`sections`, ids from `instructionSections.ts`), that file
 * gives exactly the chosen sections instead, whole and in file order, up to
 * `MAX_SELECTED_INSTRUCTIONS_BYTES`; a note names the sections left out (not chosen, or past the
 * ceiling) so an agent knows to read the file for them.
 *
 * `instructionCuts` says which files the default cut loses content of, their size, how much is kept
 * and what a selection keeps instead (synchronously, for plan lint; at most
 * `MAX_INSTRUCTION_FILE_BYTES` of a file with a selection, else no more than the cut).
 * `instructionFileChoices` lists those files with their sections for plan review.
 */
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  defaultCutKeeps,
  INSTRUCTION_FILES,
  MAX_INSTRUCTION_FILE_BYTES,
  MAX_SELECTED_INSTRUCTIONS_BYTES,
  sectionList,
  selectInstructionSections,
  splitInstructionSections,
  type InstructionSection,
  type SelectedSections,
} from './instructionSections';
import type { InstructionFileChoice, InstructionSectionPicks, ProjectInstructions } from './types';

export { INSTRUCTION_FILES };
export const DEFAULT_INSTRUCTIONS_BYTES_EACH = 8_000;

export interface InstructionsOptions {
  readonly maxBytesEach?: number;
  /** Per file: the ids of the sections the agents get instead of the default cut. */
  readonly sections?: InstructionSectionPicks;
}

/** The ids chosen for `rel`, if the user chose any (own keys only). */
function picksFor(options: InstructionsOptions, rel: string): readonly string[] | undefined {
  const picks = options.sections;
  return picks !== undefined && Object.hasOwn(picks, rel) ? picks[rel] : undefined;
}

export async function readProjectInstructions(root: string, options: InstructionsOptions = {}): Promise<ProjectInstructions> {
  const max = options.maxBytesEach ?? DEFAULT_INSTRUCTIONS_BYTES_EACH;
  const parts: string[] = [];
  const sources: string[] = [];
  for (const rel of INSTRUCTION_FILES) {
    const ids = picksFor(options, rel);
    const part = ids === undefined ? await defaultPart(join(root, rel), rel, max) : await selectedPart(join(root, rel), rel, ids);
    if (part === undefined) continue;
    sources.push(rel);
    parts.push(part);
  }
  return { text: parts.join('\n\n'), sources };
}

async function defaultPart(abs: string, rel: string, max: number): Promise<string | undefined> {
  const content = await readBounded(abs, max);
  if (content === undefined || content.text.trim() === '') return undefined;
  const note = content.cut ? `\n… (${rel} is longer; cut at ${max} bytes)` : '';
  return `## ${rel}\n${content.text.trim()}${note}`;
}

async function selectedPart(abs: string, rel: string, ids: readonly string[]): Promise<string | undefined> {
  const content = await readBounded(abs, MAX_INSTRUCTION_FILE_BYTES);
  if (content === undefined || content.text.trim() === '') return undefined;
  const split = splitInstructionSections(content.text);
  const selected = selectInstructionSections(split.sections, ids);
  const beyond = content.cut || split.truncated;
  const body = selected.text.trim();
  return `## ${rel}\n${body === '' ? '' : `${body}\n`}${selectionNote(rel, selected, beyond)}`;
}

/** What the agents are told about the sections of `rel` they do not get. */
function selectionNote(rel: string, selected: SelectedSections, beyond: boolean): string {
  const notes: string[] = [];
  if (selected.kept.length === 0) notes.push(`no section of ${rel} was chosen for this run`);
  else notes.push(`${rel}: only the sections chosen for this run`);
  if (selected.leftOut.length > 0) notes.push(`left out: ${sectionList(selected.leftOut)}`);
  if (selected.overCeiling.length > 0) {
    notes.push(`also left out, past the ${MAX_SELECTED_INSTRUCTIONS_BYTES.toLocaleString('en-US')}-byte limit: ${sectionList(selected.overCeiling)}`);
  }
  if (beyond) notes.push('and the rest of the file past the part that could be listed');
  const leftSomething = selected.leftOut.length > 0 || selected.overCeiling.length > 0 || beyond;
  return `… (${notes.join('; ')}${leftSomething ? `. Read ${rel} itself when a task needs what was left out` : ''})`;
}

/** What a selection keeps of a file the default cut loses content of. */
export interface PickedSections extends SelectedSections {
  /** Sections the file has (of those that could be listed). */
  readonly sectionCount: number;
  /** Bytes of the chosen sections kept. */
  readonly keptBytes: number;
}

/** An instruction file longer than the cap: what the agents get of it. */
export interface InstructionsCut {
  /** Workspace-relative: one of INSTRUCTION_FILES. */
  readonly path: string;
  /** The file's size. */
  readonly bytes: number;
  /** Bytes of it the agents get (the start of the file, up to the last whole line within the cap). */
  readonly keptBytes: number;
  /** The cap it was cut at. */
  readonly maxBytes: number;
  /** When the user chose sections of it: what they get instead. */
  readonly picked?: PickedSections;
}

/** The instruction files the default cut of `readProjectInstructions` loses content of, with the same cap and cut. */
export function instructionCuts(root: string, options: InstructionsOptions = {}): InstructionsCut[] {
  const max = options.maxBytesEach ?? DEFAULT_INSTRUCTIONS_BYTES_EACH;
  const out: InstructionsCut[] = [];
  for (const rel of INSTRUCTION_FILES) {
    const ids = picksFor(options, rel);
    const read = readStartSync(join(root, rel), ids === undefined ? max : Math.max(max, MAX_INSTRUCTION_FILE_BYTES));
    if (read === undefined || read.size <= max) continue;
    const keptBytes = defaultKeptBytes(read.buffer, max);
    if (keptBytes === undefined) continue;
    const cut: InstructionsCut = { path: rel, bytes: read.size, keptBytes, maxBytes: max };
    out.push(ids === undefined ? cut : { ...cut, picked: pickedSections(read.buffer, read.size, ids) });
  }
  return out;
}

function pickedSections(buffer: Buffer, size: number, ids: readonly string[]): PickedSections {
  const { sections } = splitInstructionSections(keptText(buffer, size > buffer.length));
  const selected = selectInstructionSections(sections, ids);
  return { ...selected, sectionCount: sections.length, keptBytes: bytesOf(selected.kept) };
}

function bytesOf(sections: readonly InstructionSection[]): number {
  return sections.reduce((sum, s) => sum + (s.end - s.start), 0);
}

/** Bytes the default cut keeps of a file whose start is `buffer`; undefined when that is only blank. */
function defaultKeptBytes(buffer: Buffer, max: number): number | undefined {
  const text = keptText(buffer.subarray(0, max), true);
  return text.trim() === '' ? undefined : Buffer.byteLength(text, 'utf8');
}

/**
 * The instruction files the default cut loses content of, each with its sections for plan review:
 * `selected` is the user's pick where `picks` has the file, else what the default cut keeps.
 */
export async function instructionFileChoices(
  root: string,
  picks: InstructionSectionPicks = {},
  options: InstructionsOptions = {},
): Promise<InstructionFileChoice[]> {
  const max = options.maxBytesEach ?? DEFAULT_INSTRUCTIONS_BYTES_EACH;
  const out: InstructionFileChoice[] = [];
  for (const rel of INSTRUCTION_FILES) {
    const read = await readStart(join(root, rel), Math.max(max, MAX_INSTRUCTION_FILE_BYTES));
    if (read === undefined || read.size <= max) continue;
    const kept = defaultKeptBytes(read.buffer, max);
    if (kept === undefined) continue;
    const split = splitInstructionSections(keptText(read.buffer, read.size > read.buffer.length));
    const ids = picksFor({ sections: picks }, rel);
    const chosen = new Set(ids ?? []);
    out.push({
      path: rel,
      bytes: read.size,
      defaultKeptBytes: kept,
      ceilingBytes: MAX_SELECTED_INSTRUCTIONS_BYTES,
      picked: ids !== undefined,
      truncated: read.size > read.buffer.length || split.truncated,
      sections: split.sections.map((s) => {
        const defaultCut = defaultCutKeeps(s, kept);
        const selected = ids === undefined ? defaultCut !== 'none' : chosen.has(s.id);
        return { id: s.id, heading: s.heading, level: s.level, bytes: s.end - s.start, defaultCut, selected };
      }),
    });
  }
  return out;
}

/** The text read from the start of a file; when the file was cut, without its partial last line. */
function keptText(read: Buffer, cut: boolean): string {
  const text = read.toString('utf8');
  if (!cut) return text;
  // Drop a partial last line (and a split multi-byte character with it).
  const lastNewline = text.lastIndexOf('\n');
  return lastNewline > 0 ? text.slice(0, lastNewline) : text.replace(/\uFFFD$/, '');
}

interface Start {
  /** The file's size. */
  readonly size: number;
  /** Its first bytes, at most the bound asked for. */
  readonly buffer: Buffer;
}

/** The first `max` bytes of a regular file (never through a symlink); undefined when it cannot be read. */
function readStartSync(abs: string, max: number): Start | undefined {
  try {
    const info = lstatSync(abs);
    if (!info.isFile()) return undefined;
    const fd = openSync(abs, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(info.size, max));
      const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
      return { size: info.size, buffer: buffer.subarray(0, bytesRead) };
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

async function readStart(abs: string, max: number): Promise<Start | undefined> {
  try {
    const info = await lstat(abs);
    if (!info.isFile()) return undefined;
    const handle = await open(abs, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(info.size, max));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return { size: info.size, buffer: buffer.subarray(0, bytesRead) };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}

async function readBounded(abs: string, max: number): Promise<{ text: string; cut: boolean } | undefined> {
  const read = await readStart(abs, max);
  if (read === undefined) return undefined;
  const cut = read.size > max;
  return { text: keptText(read.buffer, cut), cut };
}
