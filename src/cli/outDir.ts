/**
 * The folder a headless run writes (`--out`): its run log, blobs and patches. One run per folder: a
 * second run in a folder that holds anything would append its events to the first one's log, and a
 * replay of that log shows only the first run. So a folder is taken only when it is new or empty
 * (continuing an interrupted run in its own folder is `run --resume DIR`, not a second `run` in it).
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { CliError } from './common';
import { errorCode } from '../core/workspace/errorCode';

/** At most this many entries are named in the refusal. */
const NAMED = 3;

/** Creates the run's folder, or takes an existing empty one; refuses (exit 2) one that holds anything, or a file. */
export function claimOutDir(dir: string): void {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new CliError(`--out ${dir} is a file, not a folder. Give a new or empty folder for the run.`, 2);
    entries = readdirSync(dir);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (errorCode(error) !== 'ENOENT') throw new CliError(`Cannot use --out ${dir}: ${String((error as Error).message)}`, 2);
    entries = [];
  }
  if (entries.length > 0) {
    const named = entries.sort().slice(0, NAMED).join(', ');
    const more = entries.length > NAMED ? ` and ${entries.length - NAMED} more` : '';
    throw new CliError(
      `--out ${dir} is not empty (it holds ${named}${more}). Nothing ran: each run needs a folder of its own, or its events would be ` +
        `appended to the run log already there. Give a new or empty folder, or leave out --out to use .fanout-runs/<run id>; to continue an interrupted run in it, use run --resume ${dir}.`,
      2,
    );
  }
  makeRunFolder(dir);
}

/** Creates the run's folder (and its parents); a folder that cannot be made is refused (exit 2) with the reason. */
export function makeRunFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(`Cannot create the run's folder ${dir}: ${errorCode(error) ?? String(error)}. Give a folder you can write with --out DIR.`, 2);
  }
}
