/**
 * The findings of a read-only run (a review, a research) as the Problems panel lists them: the
 * synthesis's merged findings when it is done (one problem per distinct finding, its source naming
 * every agent that reported it), else each agent's own findings. Only findings with a path inside
 * the workspace become problems: a path is model output, so an absolute one, one with `..` or a
 * drive letter, or an overlong one is left out. Pure.
 */
import type { Severity } from '../../core/plan/plan';
import type { RunState } from '../../core/run/runStateTypes';
import type { RunProblem } from '../review/runProblems';

/** Longest path and message kept; the most problems one run lists. */
const MAX_PATH_CHARS = 1_000;
const MAX_MESSAGE_CHARS = 2_000;
export const MAX_READ_ONLY_PROBLEMS = 1_000;
const MAX_LINE = 10_000_000;

/** A workspace-relative path in `/` form, or undefined when it is not one. */
export function workspaceRelative(path: string): string | undefined {
  if (path.length === 0 || path.length > MAX_PATH_CHARS || path.includes('\0')) return undefined;
  const forward = path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (forward.startsWith('/') || /^[a-zA-Z]:/.test(forward)) return undefined;
  const parts = forward.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return undefined;
  return parts.join('/');
}

function problem(path: string | undefined, line: number | undefined, message: string, severity: Severity, source: string): RunProblem | undefined {
  const rel = path === undefined ? undefined : workspaceRelative(path);
  if (rel === undefined) return undefined;
  const at = line !== undefined && Number.isInteger(line) && line >= 1 ? Math.min(line, MAX_LINE) : 1;
  return { path: rel, line: at, message: message.slice(0, MAX_MESSAGE_CHARS), severity, source };
}

/** `prefix` names the kind of run: "Fanout review", "Fanout research". */
export function readOnlyProblems(state: RunState, prefix: string): RunProblem[] {
  const title = (id: string) => state.agents[id]?.title ?? id;
  const merged = state.synthesis?.status === 'done' ? state.synthesis.findings : undefined;
  const found =
    merged !== undefined
      ? merged.map((f) => problem(f.path, f.line, f.message, f.severity, `${prefix}: ${f.from.length > 0 ? f.from.map(title).join(', ') : 'synthesis'}`))
      : state.findings.map((f) => problem(f.path, f.line, f.message, f.severity, `${prefix}: ${title(f.taskId)}`));
  return found.filter((p): p is RunProblem => p !== undefined).slice(0, MAX_READ_ONLY_PROBLEMS);
}
