/**
 * The project's own instructions for coding agents: CLAUDE.md, AGENTS.md and
 * .github/copilot-instructions.md, when present. Each is read up to a fixed size (cut at a line
 * boundary, with a note), so a huge file cannot crowd out the rest of the shared prefix. Symlinks
 * are not followed. `instructionCuts` says which files that cut, their size and how much is kept
 * (synchronously, for plan lint); it reads no more than the cut does.
 */
import { closeSync, lstatSync, openSync, readSync } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProjectInstructions } from './types';

export const INSTRUCTION_FILES: readonly string[] = ['CLAUDE.md', 'AGENTS.md', '.github/copilot-instructions.md'];
export const DEFAULT_INSTRUCTIONS_BYTES_EACH = 8_000;

export interface InstructionsOptions {
  readonly maxBytesEach?: number;
}

export async function readProjectInstructions(root: string, options: InstructionsOptions = {}): Promise<ProjectInstructions> {
  const max = options.maxBytesEach ?? DEFAULT_INSTRUCTIONS_BYTES_EACH;
  const parts: string[] = [];
  const sources: string[] = [];
  for (const rel of INSTRUCTION_FILES) {
    const content = await readBounded(join(root, rel), max);
    if (content === undefined || content.text.trim() === '') continue;
    sources.push(rel);
    const note = content.cut ? `\n… (${rel} is longer; cut at ${max} bytes)` : '';
    parts.push(`## ${rel}\n${content.text.trim()}${note}`);
  }
  return { text: parts.join('\n\n'), sources };
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
}

/** The instruction files `readProjectInstructions` cuts, with the same cap and the same cut. */
export function instructionCuts(root: string, options: InstructionsOptions = {}): InstructionsCut[] {
  const max = options.maxBytesEach ?? DEFAULT_INSTRUCTIONS_BYTES_EACH;
  const out: InstructionsCut[] = [];
  for (const rel of INSTRUCTION_FILES) {
    const cut = cutOf(join(root, rel), max);
    if (cut !== undefined) out.push({ path: rel, bytes: cut.bytes, keptBytes: cut.keptBytes, maxBytes: max });
  }
  return out;
}

function cutOf(abs: string, max: number): { bytes: number; keptBytes: number } | undefined {
  try {
    const info = lstatSync(abs);
    if (!info.isFile() || info.size <= max) return undefined;
    const fd = openSync(abs, 'r');
    try {
      const buffer = Buffer.alloc(max);
      const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
      const text = keptText(buffer.subarray(0, bytesRead), true);
      if (text.trim() === '') return undefined;
      return { bytes: info.size, keptBytes: Buffer.byteLength(text, 'utf8') };
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** The text read from the start of a file; when the file was cut, without its partial last line. */
function keptText(read: Buffer, cut: boolean): string {
  const text = read.toString('utf8');
  if (!cut) return text;
  // Drop a partial last line (and a split multi-byte character with it).
  const lastNewline = text.lastIndexOf('\n');
  return lastNewline > 0 ? text.slice(0, lastNewline) : text.replace(/\uFFFD$/, '');
}

async function readBounded(abs: string, max: number): Promise<{ text: string; cut: boolean } | undefined> {
  try {
    const info = await lstat(abs);
    if (!info.isFile()) return undefined;
    const handle = await open(abs, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(info.size, max));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const cut = info.size > max;
      return { text: keptText(buffer.subarray(0, bytesRead), cut), cut };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
