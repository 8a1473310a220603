/**
 * The shared system block of a run with a folder, kept in `<runDir>/agents/system.json` so a resumed
 * run sends its agents exactly what they were sent before: thinking blocks are bound to the whole
 * prefix before them (system included), and the project context the block holds (instructions, repo
 * map) may have changed on disk since. It also names the workspace root, so a resume needs only the
 * folder (`node dist/cli.js run --resume DIR`). Written once when the run starts; no secrets are in it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AGENTS_DIR } from './transcript';

const SYSTEM_FILE = 'system.json';
const fileSchema = z.object({ sharedSystem: z.string(), workspaceRoot: z.string().optional() });

export type RunContextFile = z.infer<typeof fileSchema>;

/** Writes the block; a failure only costs a resume its byte-identical system block (it is built again). */
export function writeSharedSystem(runDir: string, saved: RunContextFile): void {
  try {
    mkdirSync(join(runDir, AGENTS_DIR), { recursive: true });
    writeFileSync(join(runDir, AGENTS_DIR, SYSTEM_FILE), JSON.stringify(saved));
  } catch {
    // Best effort: see above.
  }
}

/** What a run's folder holds, or undefined when there is none (or it is not readable). */
export function readSharedSystem(runDir: string): RunContextFile | undefined {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(join(runDir, AGENTS_DIR, SYSTEM_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
