/**
 * The text an agent card shows: the last TEXT_TAIL_CHARS characters an agent streamed, kept as one
 * string and split by source (answer text or summarized thinking). Both come from one trim, so the
 * pieces joined are always the tail.
 */

/** Characters of streamed text kept per agent. */
export const TEXT_TAIL_CHARS = 600;

/** A piece of an agent's text tail and where it came from: the answer's text, or summarized thinking. */
export interface TailPiece {
  readonly text: string;
  /** `thinking`: summarized thinking, which on the current models holds the notes written between tool calls. */
  readonly source?: 'thinking';
}

export interface TextTail {
  readonly textTail: string;
  readonly tailPieces: readonly TailPiece[];
}

/** Adds `text` (merged into the last piece of the same source) and drops the oldest characters past TEXT_TAIL_CHARS. */
export function appendToTail(pieces: readonly TailPiece[], text: string, source: 'thinking' | undefined): TextTail {
  const last = pieces[pieces.length - 1];
  const next: TailPiece[] =
    last !== undefined && last.source === source
      ? [...pieces.slice(0, -1), { ...last, text: last.text + text }]
      : [...pieces, source === undefined ? { text } : { text, source }];
  let excess = next.reduce((sum, piece) => sum + piece.text.length, 0) - TEXT_TAIL_CHARS;
  while (excess > 0 && next.length > 0) {
    const first = next[0];
    if (first.text.length <= excess) {
      excess -= first.text.length;
      next.shift();
    } else {
      next[0] = { ...first, text: first.text.slice(excess) };
      excess = 0;
    }
  }
  return { textTail: next.map((piece) => piece.text).join(''), tailPieces: next };
}
