/**
 * The output a check keeps, within a fixed number of bytes however much its process writes: the
 * first half of the cap as it came, and a rolling window of the last half, so both the first
 * compiler errors and the final test summary survive. What falls in between is replaced by one line
 * saying how many bytes were left out. Memory stays at the cap: the head is a list of chunks that
 * stops growing, the tail one ring buffer allocated when the head is full.
 */

export interface KeptOutput {
  /** UTF-8 text of the head, the left-out line when something was, and the tail. */
  readonly text: string;
  /** Every byte pushed, kept or not. */
  readonly totalBytes: number;
  readonly truncated: boolean;
}

export class OutputKeeper {
  private readonly headCap: number;
  private readonly tailCap: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private ring: Buffer | undefined;
  /** Where the oldest tail byte is in the ring, and how many tail bytes it holds. */
  private ringStart = 0;
  private ringLength = 0;
  private total = 0;

  constructor(maxBytes: number) {
    const cap = Number.isFinite(maxBytes) && maxBytes > 0 ? Math.floor(maxBytes) : 0;
    this.headCap = Math.floor(cap / 2);
    this.tailCap = cap - this.headCap;
  }

  get totalBytes(): number {
    return this.total;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headCap) {
      const taken = rest.subarray(0, this.headCap - this.headBytes);
      // A copy: the chunk's memory may be a slice of a larger pooled buffer.
      this.head.push(Buffer.from(taken));
      this.headBytes += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length > 0) this.pushTail(rest);
  }

  private pushTail(bytes: Buffer): void {
    const cap = this.tailCap;
    if (cap === 0) return;
    this.ring ??= Buffer.alloc(cap);
    if (bytes.length >= cap) {
      bytes.copy(this.ring, 0, bytes.length - cap);
      this.ringStart = 0;
      this.ringLength = cap;
      return;
    }
    const end = (this.ringStart + this.ringLength) % cap;
    const first = Math.min(bytes.length, cap - end);
    bytes.copy(this.ring, end, 0, first);
    if (first < bytes.length) bytes.copy(this.ring, 0, first);
    const length = this.ringLength + bytes.length;
    if (length > cap) {
      this.ringStart = (this.ringStart + length - cap) % cap;
      this.ringLength = cap;
    } else {
      this.ringLength = length;
    }
  }

  private tail(): Buffer {
    if (!this.ring || this.ringLength === 0) return Buffer.alloc(0);
    const cap = this.tailCap;
    const firstEnd = Math.min(cap, this.ringStart + this.ringLength);
    const first = this.ring.subarray(this.ringStart, firstEnd);
    const wrapped = this.ring.subarray(0, this.ringLength - first.length);
    return Buffer.concat([first, wrapped]);
  }

  /** The kept output, decoded (a character cut at either seam becomes U+FFFD). */
  result(): KeptOutput {
    const head = Buffer.concat(this.head);
    const tail = this.tail();
    const leftOut = this.total - head.length - tail.length;
    if (leftOut <= 0) return { text: Buffer.concat([head, tail]).toString('utf8'), totalBytes: this.total, truncated: false };
    const newline = head.length > 0 && head[head.length - 1] !== 0x0a ? '\n' : '';
    const seam = Buffer.from(`${newline}… ${leftOut} bytes of output left out …\n`, 'utf8');
    return { text: Buffer.concat([head, seam, tail]).toString('utf8'), totalBytes: this.total, truncated: true };
  }
}
