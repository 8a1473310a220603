/**
 * Keeping an agent's requests inside its model's context window. Before every request the loop
 * estimates the request's input tokens; past COMPACT_AT of the window it compacts the conversation
 * (when the model can), and a request that would not fit at all is never sent. Tool rounds are
 * bounded too: the results of one round's reads may take only a slice of the window.
 *
 * Estimates err on the large side. Two are taken and the larger wins: the request's bytes at the
 * model's tokenizer factor (always available; `TurnRequests` measures them), and the last answer's
 * usage (the API's own count of the conversation up to then) plus the bytes added since.
 */
import type { ModelSpec } from '../../model/modelSpec';
import { estimateTokensOfBytes } from '../../model/requestShape';
import type { TokenUsage } from '../../model/usage';
import type { HistoryMessage } from './history';

/** Share of the window past which the conversation is compacted before the next request. */
export const COMPACT_AT = 0.6;

/** One tool round's read, search and listing results together: at most this many tokens… */
export const MAX_READ_TOKENS_PER_ROUND = 120_000;
/** …and never more than this share of the window. */
export const MAX_READ_SHARE_PER_ROUND = 0.15;

/** Tools whose results only bring text in (their size is what the read cap bounds). */
export const READ_TOOLS: ReadonlySet<string> = new Set(['read_file', 'search_text', 'list_files']);

/** JSON bytes of each message already measured: a message is never changed once it is in a conversation. */
const measured = new WeakMap<object, number>();

/** Bytes of `JSON.stringify(message)`, measured once per message object. */
function messageBytes(message: HistoryMessage): number {
  let bytes = measured.get(message);
  if (bytes === undefined) {
    bytes = Buffer.byteLength(JSON.stringify(message));
    measured.set(message, bytes);
  }
  return bytes;
}

/**
 * Bytes of `JSON.stringify(messages)`: the brackets, each message and the commas between them. Only
 * messages not measured before are serialised (each turn: the newest, and the copy of the last one that
 * carries the moving cache breakpoint), so a turn does not serialise the whole conversation again.
 */
export function messageListBytes(messages: readonly HistoryMessage[]): number {
  let bytes = 2 + Math.max(0, messages.length - 1);
  for (const message of messages) bytes += messageBytes(message);
  return bytes;
}

/** What the API counted for the last answered request, and where that request's messages ended. */
interface Baseline {
  /** input + cache reads + cache writes + output of the answer. */
  readonly tokens: number;
  /** The answer's part of `tokens`. */
  readonly output: number;
  /** Messages the request held; the answer, when kept, is the message at this index. */
  readonly messageCount: number;
}

export class ContextMeter {
  #baseline: Baseline | undefined;

  /** Records an answer's usage for the request that held `messageCount` messages. */
  answered(usage: TokenUsage, messageCount: number): void {
    this.#baseline = { tokens: usage.input + usage.cacheRead + usage.cacheWrite + usage.output, output: usage.output, messageCount };
  }

  /**
   * The answer went into the conversation shortened (a tool input it does not keep whole): it counts
   * as the `keptBytes` it holds there, not as the output it took.
   */
  answerKeptShorter(spec: ModelSpec, keptBytes: number): void {
    const baseline = this.#baseline;
    if (baseline === undefined) return;
    const kept = Math.min(baseline.output, estimateTokensOfBytes(spec, keptBytes));
    this.#baseline = { ...baseline, tokens: baseline.tokens - baseline.output + kept, output: kept };
  }

  /** Forgets the baseline (the conversation was replaced by a compaction). */
  reset(): void {
    this.#baseline = undefined;
  }

  /** The input tokens of a request of `requestBytes` bytes holding `messages`, erring on the large side. */
  estimate(spec: ModelSpec, requestBytes: number, messages: readonly HistoryMessage[]): number {
    const fromBytes = estimateTokensOfBytes(spec, requestBytes);
    const baseline = this.#baseline;
    if (baseline === undefined || baseline.messageCount > messages.length) return fromBytes;
    // The answer itself is in the baseline already (as output tokens).
    const answerKept = messages[baseline.messageCount]?.role === 'assistant';
    const added = messages.slice(baseline.messageCount + (answerKept ? 1 : 0));
    const fromUsage = baseline.tokens + (added.length > 0 ? estimateTokensOfBytes(spec, messageListBytes(added)) : 0);
    return Math.max(fromBytes, fromUsage);
  }
}

/** Tokens past which the conversation is compacted. */
export function compactionThreshold(spec: ModelSpec): number {
  return Math.floor(spec.contextWindow * COMPACT_AT);
}

/**
 * Tokens the results of one tool round's reads may add: the per-round cap, and never more than the
 * room left in the window after the request just answered (`usedTokens`, its input and output).
 */
export function readAllowance(spec: ModelSpec, usedTokens: number): number {
  const cap = Math.min(MAX_READ_TOKENS_PER_ROUND, Math.floor(spec.contextWindow * MAX_READ_SHARE_PER_ROUND));
  // Keep a tenth of the window for the notes, the next answer and the estimate's own error.
  const room = Math.floor(spec.contextWindow * 0.9) - usedTokens;
  return Math.max(0, Math.min(cap, room));
}

/** Bytes of text that come to about `tokens` tokens on this model (for messages to the model). */
export function bytesOfTokens(spec: ModelSpec, tokens: number): number {
  return Math.floor((tokens * 4) / spec.tokenizerFactor);
}

/** Counts a round's read results against its allowance. */
export class ReadBudget {
  #left: number;

  constructor(
    private readonly spec: ModelSpec,
    readonly allowance: number,
  ) {
    this.#left = allowance;
  }

  /** Takes a result of `text` if it fits in what is left; false (nothing taken) when it does not. */
  take(text: string): boolean {
    const tokens = estimateTokensOfBytes(this.spec, Buffer.byteLength(text));
    if (tokens > this.#left) {
      this.#left = 0;
      return false;
    }
    this.#left -= tokens;
    return true;
  }

  /** Whether anything is left for another read this round. */
  get exhausted(): boolean {
    return this.#left <= 0;
  }

  /** The tool_result text for a read that did not fit. */
  refusal(tool: string): string {
    const kb = Math.max(1, Math.round(bytesOfTokens(this.spec, this.allowance) / 1024));
    return (
      `Not returned: the ${tool} results of this turn already reached the limit of about ${this.allowance} tokens (~${kb} KB) ` +
      "that one turn's reads may add to the conversation. Read fewer files at once, read large files in parts with start_line/end_line, " +
      'or narrow the search or listing pattern; then call it again.'
    );
  }
}
