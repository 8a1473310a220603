/**
 * The project's own instructions for coding agents: CLAUDE.md, AGENTS.md and
 * .github/copilot-instructions.md, when present. Each is read up to a fixed size (cut at a line
 * boundary, with a note), so a huge file cannot crowd out the rest of the shared prefix. Symlinks
 * are not followed.
 */
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

async function readBounded(abs: string, max: number): Promise<{ text: string; cut: boolean } | undefined> {
  try {
    const info = await lstat(abs);
    if (!info.isFile()) return undefined;
    const handle = await open(abs, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(info.size, max));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      let text = buffer.subarray(0, bytesRead).toString('utf8');
      const cut = info.size > max;
      if (cut) {
        // Drop a partial last line (and a split multi-byte character with it).
        const lastNewline = text.lastIndexOf('\n');
        text = lastNewline > 0 ? text.slice(0, lastNewline) : text.replace(/\uFFFD$/, '');
      }
      return { text, cut };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
