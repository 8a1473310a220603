/** One request/response pair: writes the answer, owns its timer, and records how it ended in the log. */
import type { ServerResponse } from 'node:http';
import type { JsonObject, LoggedRequest } from './script';
import { encodeFrame, type SseFrame } from './sse';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class Exchange {
  readonly entry: Mutable<LoggedRequest>;
  readonly requestId: string;
  readonly #res: ServerResponse;
  #timer: NodeJS.Timeout | undefined;
  #closedByServer = false;
  /** Headers every response of this exchange carries (the account's rate limits). */
  extraHeaders: Readonly<Record<string, string>> = {};

  constructor(entry: Mutable<LoggedRequest>, res: ServerResponse, onEnd: (exchange: Exchange) => void) {
    this.entry = entry;
    this.requestId = `req_fake_${entry.seq}`;
    this.#res = res;
    res.on('error', () => undefined);
    res.on('close', () => {
      this.#clearTimer();
      entry.endedAt = Date.now();
      if (!res.writableFinished && !this.#closedByServer) {
        entry.aborted = true;
      }
      onEnd(this);
    });
  }

  get open(): boolean {
    return !this.#res.destroyed && !this.#res.writableEnded;
  }

  json(status: number, body: JsonObject, headers: Readonly<Record<string, string>> = {}): void {
    if (!this.open) {
      return;
    }
    const payload = JSON.stringify(body);
    this.entry.status = status;
    this.#res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
      'request-id': this.requestId,
      ...this.extraHeaders,
      ...headers,
    });
    this.#res.end(payload);
  }

  /** Sends the SSE head at once, so the client has its headers before the first (possibly delayed) frame. */
  startStream(): void {
    if (!this.open) {
      return;
    }
    this.entry.status = 200;
    this.#res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': this.requestId,
      ...this.extraHeaders,
    });
    this.#res.flushHeaders();
  }

  /** Writes `frames`, waiting `delayMs` before each one (all at once when 0), then calls `then`. */
  writeFrames(frames: readonly SseFrame[], delayMs: number, then: () => void): void {
    if (delayMs <= 0) {
      if (this.open && frames.length > 0) {
        this.#res.write(frames.map(encodeFrame).join(''));
      }
      then();
      return;
    }
    let next = 0;
    const step = (): void => {
      if (next >= frames.length) {
        then();
        return;
      }
      this.later(delayMs, () => {
        if (this.open) {
          this.#res.write(encodeFrame(frames[next]));
        }
        next += 1;
        step();
      });
    };
    step();
  }

  endStream(): void {
    if (this.open) {
      this.#res.end();
    }
  }

  /** Runs `action` after `ms` (synchronously when 0) unless the exchange has ended by then. */
  later(ms: number, action: () => void): void {
    if (!this.open) {
      return;
    }
    if (ms <= 0) {
      action();
      return;
    }
    this.#clearTimer();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.open) {
        action();
      }
    }, ms);
  }

  /**
   * Drops the connection mid-response once what was written has been flushed (FIN, no final chunk): the
   * client sees a truncated body. Not counted as a client abort.
   */
  hangUp(): void {
    this.#closedByServer = true;
    this.#clearTimer();
    const socket = this.#res.socket;
    if (socket === null) {
      this.#res.destroy();
      return;
    }
    socket.end();
  }

  /** Destroys the connection at once (the server is closing): not counted as a client abort. */
  destroy(): void {
    this.#closedByServer = true;
    this.#clearTimer();
    this.#res.socket?.destroy();
    this.#res.destroy();
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
  }
}
