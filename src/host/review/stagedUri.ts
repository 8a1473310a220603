/**
 * URIs of staged content. The reference travels in the query as JSON, so any character in a run
 * id, task id or path survives; the URI's path is the workspace file's own path, so editors show
 * the file's name, pick its language, and the changes editor pairs it with the workspace file:
 *
 *   fanout-staged:/home/me/project/src/todo.ts?{"runId":"…","taskId":"types","path":"src/todo.ts"}
 *
 * `side: "empty"` in the query serves an empty document (the left side of a created file).
 */
import * as vscode from 'vscode';

/** Every URI scheme Fanout serves. */
export enum Scheme {
  Staged = 'fanout-staged',
}

export interface StagedRef {
  readonly runId: string;
  readonly taskId: string;
  /** Workspace-relative, `/`-separated. */
  readonly path: string;
}

/** `proposed`: the agent's content (empty for a delete). `empty`: nothing, for the side that did not exist. */
export type StagedSide = 'proposed' | 'empty';

export interface StagedUriOptions {
  /** The workspace folder; the URI's path becomes the file's path in it. */
  readonly root?: vscode.Uri;
  readonly side?: StagedSide;
}

export function toStagedUri(ref: StagedRef, options: StagedUriOptions = {}): vscode.Uri {
  const relative = ref.path.replace(/^\/+/, '');
  const base = options.root?.path.replace(/\/+$/, '') ?? '';
  const query: Record<string, string> = { runId: ref.runId, taskId: ref.taskId, path: ref.path };
  if (options.side === 'empty') query.side = 'empty';
  return vscode.Uri.from({ scheme: Scheme.Staged, path: `${base}/${relative}`, query: JSON.stringify(query) });
}

export function fromStagedUri(uri: vscode.Uri): { readonly ref: StagedRef; readonly side: StagedSide } | undefined {
  if (uri.scheme !== (Scheme.Staged as string)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(uri.query);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { runId, taskId, path, side } = value as Record<string, unknown>;
  if (typeof runId !== 'string' || typeof taskId !== 'string' || typeof path !== 'string' || path === '') return undefined;
  return { ref: { runId, taskId, path }, side: side === 'empty' ? 'empty' : 'proposed' };
}
