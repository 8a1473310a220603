/**
 * Redraws a block of lines in place at the bottom of a terminal: cursor up over the last block,
 * clear to the end of the screen, write the log lines that came meanwhile (they scroll above), then
 * the block again. Redraws are throttled (at most one per `intervalMs`, ~10 Hz) and repeat every
 * `tickMs` while nothing happens, so elapsed time keeps moving. The clock is injected for tests.
 */
import { plainText } from './liveProgress';

/** A terminal stream: stderr on a TTY. */
export interface TerminalStream {
  write(chunk: string): unknown;
  readonly columns?: number;
  readonly rows?: number;
}

export interface LiveClock {
  now(): number;
  /** Calls `fn` once after `ms`; the pending call must not keep the process alive. */
  after(ms: number, fn: () => void): { cancel(): void };
}

export const realClock: LiveClock = {
  now: () => Date.now(),
  after: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
  readonly now: number;
}

const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

/** Cursor up N lines, to column 1; then clear to the end of the screen. */
export const cursorUp = (lines: number): string => `\x1b[${lines}A\r`;
export const CLEAR_DOWN = '\x1b[J';

export class LiveWriter {
  readonly #stream: TerminalStream;
  readonly #clock: LiveClock;
  readonly #frame: (size: TerminalSize) => readonly string[];
  readonly #intervalMs: number;
  readonly #tickMs: number;
  /** Lines of the block on screen now. */
  #drawn = 0;
  #lastDraw = Number.NEGATIVE_INFINITY;
  #pending: { readonly at: number; readonly cancel: () => void } | undefined;
  #logs: string[] = [];
  #finished = false;

  constructor(
    stream: TerminalStream,
    clock: LiveClock,
    frame: (size: TerminalSize) => readonly string[],
    options: { readonly intervalMs?: number; readonly tickMs?: number } = {},
  ) {
    this.#stream = stream;
    this.#clock = clock;
    this.#frame = frame;
    this.#intervalMs = options.intervalMs ?? 100;
    this.#tickMs = options.tickMs ?? 1000;
  }

  /** Something changed: redraw now, or as soon as the throttle allows. */
  update(): void {
    if (this.#finished) return;
    this.#drawAt(Math.max(this.#clock.now(), this.#lastDraw + this.#intervalMs));
  }

  /** A line to keep: it is printed above the block at the next redraw and scrolls with the terminal. */
  log(line: string): void {
    if (this.#finished) return;
    this.#logs.push(...line.split('\n').map(plainText));
    this.update();
  }

  /** Draws the final block and stops: nothing is written after this. */
  finish(): void {
    if (this.#finished) return;
    this.#cancelPending();
    this.#draw();
    this.#finished = true;
    // The tick the last draw set up.
    this.#cancelPending();
  }

  #cancelPending(): void {
    this.#pending?.cancel();
    this.#pending = undefined;
  }

  #drawAt(at: number): void {
    if (this.#pending !== undefined) {
      if (this.#pending.at <= at) return;
      this.#cancelPending();
    }
    const delay = at - this.#clock.now();
    if (delay <= 0) {
      this.#draw();
      return;
    }
    const timer = this.#clock.after(delay, () => {
      this.#pending = undefined;
      this.#draw();
    });
    this.#pending = { at, cancel: () => timer.cancel() };
  }

  #draw(): void {
    if (this.#finished) return;
    const now = this.#clock.now();
    const size = { columns: this.#stream.columns || DEFAULT_COLUMNS, rows: this.#stream.rows || DEFAULT_ROWS, now };
    const lines = this.#frame(size);
    let out = this.#drawn > 0 ? cursorUp(this.#drawn) + CLEAR_DOWN : '';
    for (const line of this.#logs) out += `${line}\n`;
    for (const line of lines) out += `${line}\n`;
    this.#logs = [];
    this.#drawn = lines.length;
    this.#lastDraw = now;
    this.#stream.write(out);
    // Elapsed time moves on even when no event comes.
    this.#drawAt(now + this.#tickMs);
  }
}
