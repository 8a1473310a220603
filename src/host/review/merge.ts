/**
 * Three-way merge of a staged change with edits the user made after the agent read the file:
 * base (what the agent saw), yours (the workspace now, unsaved buffer included) and the agent's
 * proposal, merged line by line with node-diff3.
 *
 * Line endings: all three sides are compared with `\n`, and the result is written back with the
 * user's line ending (CRLF when their file uses it) and their byte-order mark, so a merge never
 * turns a whole file into a change. Conflicts come back as text with diff3-style markers
 * (`<<<<<<< yours`, `||||||| base`, `=======`, `>>>>>>> agent …`) that VS Code's merge-conflict
 * support understands. Pure: no VS Code, no I/O.
 */
import { diff3Merge } from 'node-diff3';

export interface MergeLabels {
  readonly yours: string;
  readonly base: string;
  readonly agent: string;
}

export const DEFAULT_MERGE_LABELS: MergeLabels = { yours: 'yours', base: 'base', agent: 'agent' };

export type MergeResult =
  /** `merged` is false when the user's side had no real change (only line endings or a BOM). */
  | { readonly kind: 'clean'; readonly text: string; readonly merged: boolean }
  | { readonly kind: 'conflict'; readonly text: string; readonly conflicts: number };

const BOM = '\uFEFF';

/** The line ending a text mostly uses; `\n` when it has none. */
export function lineEndingOf(text: string): '\n' | '\r\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** Text as the merge compares it: no BOM, `\n` line endings. */
export function normalizeText(text: string): string {
  return (text.startsWith(BOM) ? text.slice(1) : text).replace(/\r\n/g, '\n');
}

/** Lines with their `\n` kept, so joining them gives the text back exactly. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Ends a block with a newline so a marker after it starts its own line. */
function asBlock(lines: readonly string[]): string {
  const text = lines.join('');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

export function threeWayMerge(base: string, yours: string, agent: string, labels: MergeLabels = DEFAULT_MERGE_LABELS): MergeResult {
  const eol = lineEndingOf(yours.includes('\n') ? yours : agent);
  const bom = yours.startsWith(BOM) ? BOM : '';
  const restore = (text: string) => bom + (eol === '\n' ? text : text.replace(/\n/g, eol));
  const o = normalizeText(base);
  const a = normalizeText(yours);
  const b = normalizeText(agent);
  if (a === o || a === b) return { kind: 'clean', text: restore(b), merged: a !== o };
  if (b === o) return { kind: 'clean', text: restore(a), merged: true };

  const regions = diff3Merge(splitLines(a), splitLines(o), splitLines(b), { excludeFalseConflicts: true });
  let text = '';
  let conflicts = 0;
  for (const region of regions) {
    if (region.ok) {
      text += region.ok.join('');
    } else if (region.conflict) {
      conflicts += 1;
      text = asBlock([text]);
      text += `<<<<<<< ${labels.yours}\n${asBlock(region.conflict.a)}`;
      text += `||||||| ${labels.base}\n${asBlock(region.conflict.o)}`;
      text += `=======\n${asBlock(region.conflict.b)}`;
      text += `>>>>>>> ${labels.agent}\n`;
    }
  }
  return conflicts === 0 ? { kind: 'clean', text: restore(text), merged: true } : { kind: 'conflict', text: restore(text), conflicts };
}
