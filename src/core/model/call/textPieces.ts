/**
 * Streamed text and thinking, passed on in pieces of up to TEXT_FLUSH_MS of stream: a model streams a
 * few characters per delta, and one event (run-log line, state update, message to the view) per delta
 * would cost more than the text is worth. Nothing is held back longer than that, or past the end of
 * the request. A piece never mixes sources, and a block that follows earlier text (in this stream, or
 * before it) starts with a line break, so notes of different blocks and turns read as separate lines.
 */

/** Where a piece of streamed text comes from: the answer's text blocks or its thinking blocks. */
export type TextSource = 'text' | 'thinking';

/** Longest stretch of stream whose text deltas are joined into one piece. */
export const TEXT_FLUSH_MS = 250;

export class TextPieces {
  #text = '';
  #source: TextSource = 'text';
  #since = 0;
  #blockStarted = false;
  #spoke: boolean;

  /** `spoke`: text was shown before this stream (its first block then starts on a new line too). */
  constructor(
    private readonly deliver: (text: string, source: TextSource) => void,
    spoke: boolean,
  ) {
    this.#spoke = spoke;
  }

  /** A content block starts: its first text goes on a new line when anything was said before. */
  blockStart(): void {
    this.#blockStarted = true;
  }

  /** Any stream event at time `now` (ms): passes the pending piece on once it covers TEXT_FLUSH_MS. */
  tick(now: number): void {
    if (this.#text !== '' && now - this.#since >= TEXT_FLUSH_MS) this.flush();
  }

  add(delta: string, source: TextSource, now: number): void {
    if (delta === '') return;
    if (this.#text !== '' && this.#source !== source) this.flush();
    let piece = delta;
    if (this.#blockStarted) {
      this.#blockStarted = false;
      if (this.#spoke) piece = `\n${piece}`;
    }
    this.#spoke = true;
    if (this.#text === '') {
      this.#since = now;
      this.#source = source;
    }
    this.#text += piece;
  }

  flush(): void {
    if (this.#text === '') return;
    const text = this.#text;
    this.#text = '';
    this.deliver(text, this.#source);
  }
}
