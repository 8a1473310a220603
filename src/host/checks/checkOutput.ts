/**
 * Where a check's whole output of its latest pass is: `<runDir>/<check.log>`, the log the run state
 * names for that check. The check id and the run id come from the webview, so they are only looked
 * up (in the run list, in the run's state), never joined into a path, and the path found is kept
 * inside the run folder: relative, no `..`, not a symbolic link, not leaving the folder through one.
 * No `vscode` import.
 */
import { lstat, realpath } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { RunState } from '../../core/run/runState';

/** Largest log opened in an editor (the engine keeps at most `maxOutputBytes` of a check, 4 MiB by default). */
export const MAX_CHECK_LOG_BYTES = 16 * 1024 * 1024;

export type CheckLogLookup = { readonly kind: 'found'; readonly path: string } | { readonly kind: 'missing'; readonly message: string };

function missing(message: string): CheckLogLookup {
  return { kind: 'missing', message };
}

/** The log a run's state names for a check, relative to the run folder, if it is a safe relative path. */
export function checkLogOf(state: RunState, checkId: string): string | undefined {
  const checks = state.checks;
  if (!checks || !Object.prototype.hasOwnProperty.call(checks.byId, checkId)) return undefined;
  const log = checks.byId[checkId]?.log;
  if (log === undefined || log === '' || isAbsolute(log) || log.includes('\0')) return undefined;
  const normal = normalize(log);
  if (normal === '.' || normal.split(/[\\/]/).includes('..')) return undefined;
  return normal;
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The file to open for `checkId` of the run in `runDir` (a folder the caller found by the run's id in
 * the run list): a regular file inside the run folder, or why there is none.
 */
export async function findCheckLog(runDir: string, state: RunState, checkId: string): Promise<CheckLogLookup> {
  const log = checkLogOf(state, checkId);
  if (log === undefined) return missing('That check has no output saved in this run.');
  const path = join(runDir, log);
  if (!inside(runDir, path)) return missing('That check has no output saved in this run.');
  try {
    const info = await lstat(path);
    if (!info.isFile()) return missing('The output of that check is not a file in the run folder.');
    if (info.size > MAX_CHECK_LOG_BYTES)
      return missing(`The output of that check is larger than ${MAX_CHECK_LOG_BYTES / (1024 * 1024)} MiB; open it from the run folder.`);
    const [realDir, realPath] = await Promise.all([realpath(runDir), realpath(path)]);
    if (!inside(realDir, realPath)) return missing('The output of that check is not a file in the run folder.');
    return { kind: 'found', path: realPath };
  } catch {
    return missing('The output of that check is no longer on disk.');
  }
}
