/**
 * An agent's conversation on disk, so an interrupted run can continue it (`resumeRun`): the run log
 * holds what happened, not what was said. One file per agent, `<runDir>/agents/<taskId>.jsonl`, one
 * JSON line per step of the conversation:
 *
 * - `start`: the opening message, written when an attempt starts (the file is rewritten: an earlier
 *   attempt's conversation is gone);
 * - `turn`: the messages one finished turn added (the assistant's content verbatim, thinking blocks
 *   and their signatures included, and the user message with the tool results), appended after the
 *   turn's tool calls ran and before the next request;
 * - `reset`: a compaction replaced the conversation; the file is rewritten with this one line.
 *
 * So the file holds exactly the conversation the next request sends, never more. A line is appended
 * whole or not at all as far as a reader cares: a last line a crash cut short is ignored (that turn is
 * asked again) and cut off before the next append. A write that fails turns the writer off, so the
 * file never has a gap: a resume then continues from the last turn it holds.
 *
 * A writer keeps its file open for appending from its first line until `close()` (the agent ended):
 * one write per turn instead of an open, a write and a close. A `start` whose file does not exist yet
 * (the usual case) creates it and writes the opening in place: until that line is whole a reader
 * finds no opening, exactly as when there is no file. A file that exists holds another attempt's
 * conversation and is replaced whole, like a `reset`.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { HistoryMessage } from './history';
import { errorCode } from '../../workspace/errorCode';

export const AGENTS_DIR = 'agents';

const messageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(z.record(z.string(), z.unknown())).min(1)]),
});
const lineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('start'), attempt: z.number().int(), messages: z.array(messageSchema).length(1) }),
  z.object({ kind: z.literal('turn'), attempt: z.number().int(), turn: z.number().int(), messages: z.array(messageSchema).min(1) }),
  z.object({ kind: z.literal('reset'), attempt: z.number().int(), turn: z.number().int(), messages: z.array(messageSchema).min(1) }),
]);
type TranscriptLine = z.infer<typeof lineSchema>;

/** A conversation read back: what the next request sends, and whether it starts with a compaction block. */
export interface SavedConversation {
  readonly attempt: number;
  readonly messages: readonly HistoryMessage[];
  readonly compacted: boolean;
  /** Bytes of the file that hold whole lines (a torn tail starts here). */
  readonly wholeBytes: number;
}

export function transcriptPath(runDir: string, taskId: string): string {
  return join(runDir, AGENTS_DIR, `${taskId}.jsonl`);
}

function parseLine(text: string): TranscriptLine | undefined {
  try {
    const parsed = lineSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The conversation in a transcript's text; undefined when it holds no opening. Reading stops at the
 * first line that is not whole (a torn tail; anything after it would not follow on from it).
 */
export function parseTranscript(text: string): SavedConversation | undefined {
  let messages: HistoryMessage[] | undefined;
  let attempt = 0;
  let compacted = false;
  let offset = 0;
  let wholeBytes = 0;
  for (;;) {
    const end = text.indexOf('\n', offset);
    if (end === -1) break;
    const line = parseLine(text.slice(offset, end));
    if (line === undefined || (line.kind === 'turn' && (messages === undefined || line.attempt !== attempt))) break;
    // The schema checked the outline; blocks are kept as written, to go back to the API verbatim.
    const lineMessages = line.messages as HistoryMessage[];
    if (line.kind === 'turn') messages?.push(...lineMessages);
    else {
      messages = [...lineMessages];
      attempt = line.attempt;
      compacted = line.kind === 'reset';
    }
    offset = end + 1;
    wholeBytes = Buffer.byteLength(text.slice(0, offset));
  }
  return messages === undefined ? undefined : { attempt, messages, compacted, wholeBytes };
}

/** The conversation saved at `path`; undefined when there is none. */
export function readTranscript(path: string): SavedConversation | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return parseTranscript(text);
}

/**
 * Writes one agent's transcript. Every method returns once its line is in the file or the writer gave
 * up, and never throws. The writes are synchronous appends of one line to a file in the run's own
 * folder (never the workspace): a single short system call, where an asynchronous append costs a
 * round trip through libuv's thread pool that takes more CPU than the write itself. Lines keep their
 * order without a queue.
 */
export class TranscriptWriter {
  readonly #path: string;
  readonly #attempt: number;
  #broken = false;
  /** The file open for appending, once a line went through it; closed by `close()` or before a rewrite. */
  #fd: number | undefined;

  constructor(path: string, attempt: number) {
    this.#path = path;
    this.#attempt = attempt;
  }

  /** A writer that continues a saved conversation: a torn tail is cut off first, so the next line does not glue onto it. */
  static continuing(path: string, saved: SavedConversation): TranscriptWriter {
    const writer = new TranscriptWriter(path, saved.attempt);
    try {
      mkdirSync(dirname(path), { recursive: true });
      truncateSync(path, saved.wholeBytes);
    } catch {
      writer.#broken = true;
    }
    return writer;
  }

  /** A new attempt: the file holds its opening only. */
  start(opening: HistoryMessage): void {
    const line = lineText({ kind: 'start', attempt: this.#attempt, messages: [opening] });
    this.#write(() => {
      this.#closeFile();
      const created = this.#create();
      if (created === undefined) {
        this.#replace(line);
        return;
      }
      this.#fd = created;
      appendFileSync(created, line);
    });
  }

  /** The messages a finished turn added. */
  turn(turn: number, messages: readonly HistoryMessage[]): void {
    this.#write(() => {
      this.#fd ??= openSync(this.#path, 'a');
      appendFileSync(this.#fd, lineText({ kind: 'turn', attempt: this.#attempt, turn, messages }));
    });
  }

  /** The conversation a compaction left. */
  reset(turn: number, messages: readonly HistoryMessage[]): void {
    const line = lineText({ kind: 'reset', attempt: this.#attempt, turn, messages: [...messages] });
    this.#write(() => {
      this.#closeFile();
      this.#replace(line);
    });
  }

  /** Closes the file (the agent ended); the writer may open it again. */
  close(): void {
    this.#closeFile();
  }

  /** The file created and open for appending; undefined when it exists already. Creates its folder when that is missing. */
  #create(): number | undefined {
    try {
      return createNew(this.#path);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    mkdirSync(dirname(this.#path), { recursive: true });
    return createNew(this.#path);
  }

  /** Replaces the file by one line, through a temp file, so a crash leaves the old file or the new one. */
  #replace(line: string): void {
    const temp = `${this.#path}.tmp`;
    mkdirSync(dirname(this.#path), { recursive: true });
    writeFileSync(temp, line);
    renameSync(temp, this.#path);
  }

  #closeFile(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // Nothing to do: a failed close loses no written line.
    }
  }

  #write(work: () => void): void {
    if (this.#broken) return;
    try {
      work();
    } catch {
      this.#broken = true;
      this.#closeFile();
    }
  }
}

/** `path` created and open for appending; undefined when it exists already. */
function createNew(path: string): number | undefined {
  try {
    return openSync(path, 'ax');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return undefined;
    throw error;
  }
}

/** One line as written: the key order is the file format (kind, attempt, turn, messages). */
function lineText(line: {
  readonly kind: TranscriptLine['kind'];
  readonly attempt: number;
  readonly turn?: number;
  readonly messages: readonly HistoryMessage[];
}): string {
  return `${JSON.stringify(line)}\n`;
}
