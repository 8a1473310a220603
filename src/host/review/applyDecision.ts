/**
 * What accepting one staged file does, decided from the staged entry and the file as it is now.
 * Pure: the caller reads the workspace (unsaved buffers included) and applies the decision.
 *
 * - unchanged since the agent read it (sha256 equals the base hash) -> apply the proposal;
 * - changed -> three-way merge; clean -> apply the merged text; conflicts -> apply nothing;
 * - anything the merge cannot reason about (the file is gone, a folder, binary, too large,
 *   unreadable, or edited when the agent deletes it) -> apply nothing and say why.
 * Nothing the user typed is ever overwritten.
 */
import type { StagedEntry } from '../../core/workspace/stagingTypes';
import { sha256 } from '../../core/workspace/staging';
import { threeWayMerge } from './merge';

/** The workspace file now. `text` from an unsaved editor buffer has `dirty: true`. */
export type CurrentFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'text'; readonly text: string; readonly dirty: boolean }
  | { readonly kind: 'folder' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'tooLarge'; readonly bytes: number; readonly limit: number }
  | { readonly kind: 'unreadable'; readonly message: string };

export type FileDecision =
  | { readonly kind: 'create'; readonly text: string }
  | { readonly kind: 'modify'; readonly text: string; readonly merged: boolean }
  | { readonly kind: 'delete' }
  /** The workspace already is what the agent proposed: recorded as applied, nothing to write. */
  | { readonly kind: 'noop'; readonly reason: string }
  /** Nothing is applied; `mergedText` (with conflict markers) when a merge was attempted. */
  | { readonly kind: 'conflict'; readonly message: string; readonly mergedText?: string };

const KEPT = 'Nothing was applied; the staged change is kept.';

function unusable(path: string, current: Exclude<CurrentFile, { kind: 'text' } | { kind: 'missing' }>): FileDecision {
  switch (current.kind) {
    case 'folder':
      return { kind: 'conflict', message: `${path} is now a folder, not a file. ${KEPT}` };
    case 'binary':
      return { kind: 'conflict', message: `${path} is now a binary file; Fanout applies and merges text only. ${KEPT}` };
    case 'tooLarge':
      return {
        kind: 'conflict',
        message: `${path} is now ${current.bytes} bytes, over the ${current.limit}-byte limit Fanout reviews (the same limit agents work under). ${KEPT}`,
      };
    case 'unreadable':
      return { kind: 'conflict', message: `${path} could not be read (${current.message}). ${KEPT}` };
  }
}

export function decideApply(entry: StagedEntry, current: CurrentFile, agentLabel: string): FileDecision {
  const { path, base, proposed } = entry;
  if (current.kind !== 'text' && current.kind !== 'missing') return unusable(path, current);

  if (proposed === null) {
    if (current.kind === 'missing') return { kind: 'noop', reason: `${path} is already deleted.` };
    if (base !== null && sha256(current.text) === base.hash) return { kind: 'delete' };
    const how = current.dirty ? 'has unsaved edits' : 'was changed after the agent read it';
    return {
      kind: 'conflict',
      message: `Agent ${agentLabel} deletes ${path}, but the file ${how}; Fanout does not delete your edits. Nothing was deleted; the staged change is kept — discard it, or delete the file yourself.`,
    };
  }

  if (current.kind === 'missing') {
    if (base === null) return { kind: 'create', text: proposed };
    return {
      kind: 'conflict',
      message: `${path} was deleted after agent ${agentLabel} read it, so its change has nothing to apply to. ${KEPT} Restore the file and accept again, or discard the change.`,
    };
  }

  if (current.text === proposed) return { kind: 'noop', reason: `${path} already has the proposed content.` };
  if (base !== null && sha256(current.text) === base.hash) return { kind: 'modify', text: proposed, merged: false };

  const result = threeWayMerge(base?.content ?? '', current.text, proposed, { yours: 'yours', base: 'base', agent: `agent (${agentLabel})` });
  if (result.kind === 'clean') return { kind: 'modify', text: result.text, merged: result.merged };
  const where = result.conflicts === 1 ? 'one place' : `${result.conflicts} places`;
  const yours = current.dirty ? 'Your unsaved edits' : 'Your edits';
  const created = base === null ? ` (${path} did not exist when the agent created it)` : '';
  return {
    kind: 'conflict',
    message: `${yours} to ${path} and agent ${agentLabel}'s change overlap in ${where}${created}. ${KEPT} The merge with conflict markers is open beside your file: resolve it there, copy what you want into ${path}, then discard the staged change.`,
    mergedText: result.text,
  };
}
