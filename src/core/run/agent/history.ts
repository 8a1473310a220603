/**
 * An agent's conversation. It only grows: thinking blocks are bound to the conversation before them
 * (system, tools and every earlier message), so nothing already sent is edited or dropped. The one
 * exception is compaction, which replaces the whole conversation by the API's signed summary.
 *
 * The rules the API enforces and this module keeps: thinking and redacted_thinking blocks go back
 * exactly as returned (signature included); text blocks are never empty or whitespace-only; the
 * conversation always ends with a user turn (the current models refuse an assistant prefill); every
 * tool_use is answered by tool_result blocks at the start of the very next message.
 */
import type Anthropic from '@anthropic-ai/sdk';

/** A compaction block as the API returned it, to be sent back verbatim. */
export type CompactionBlockParam = Anthropic.Beta.BetaCompactionBlockParam;

/**
 * History messages may carry a compaction block (a beta block type) besides the usual ones, so they
 * are typed with the beta API's (wider) message type.
 */
export type HistoryMessage = Anthropic.Beta.BetaMessageParam;

export class Conversation {
  readonly #messages: HistoryMessage[];
  /** Whether the conversation starts with a compaction block (later requests need the beta header). */
  #compacted = false;

  constructor(opening: Anthropic.MessageParam | HistoryMessage) {
    this.#messages = [opening];
  }

  /** A conversation saved earlier (`transcript.ts`), continued as it was. */
  static restore(messages: readonly HistoryMessage[], compacted: boolean): Conversation {
    const [first, ...rest] = messages;
    if (first === undefined) throw new Error('A saved conversation needs its opening message.');
    const conversation = new Conversation(first);
    conversation.#messages.push(...rest);
    conversation.#compacted = compacted;
    return conversation;
  }

  get messages(): readonly HistoryMessage[] {
    return this.#messages;
  }

  get length(): number {
    return this.#messages.length;
  }

  get compacted(): boolean {
    return this.#compacted;
  }

  /** The assistant's answer; `content` must hold at least one usable block (see `assistantContent`). */
  appendAssistant(content: readonly Anthropic.ContentBlockParam[]): void {
    if (content.length === 0) throw new Error('An assistant turn needs at least one block.');
    this.#messages.push({ role: 'assistant', content: [...content] });
  }

  /** A new user turn. It never merges into an earlier message (a message with tool results stays as sent). */
  appendUser(content: string | readonly Anthropic.ContentBlockParam[]): void {
    if (typeof content !== 'string' && content.length === 0) throw new Error('A user turn needs at least one block.');
    this.#messages.push({ role: 'user', content: typeof content === 'string' ? content : [...content] });
  }

  /**
   * Replaces everything by one user message whose first block is the compaction block, verbatim,
   * followed by `note` (what to do next).
   */
  replaceByCompaction(block: CompactionBlockParam, note: string): void {
    this.#messages.splice(0, this.#messages.length, { role: 'user', content: [block, { type: 'text', text: note }] });
    this.#compacted = true;
  }
}

/** Whether a text is worth a text block: the API rejects empty and whitespace-only ones. */
export function hasVisibleText(text: string): boolean {
  return text.trim() !== '';
}

/**
 * The assistant's answer as request content. Thinking blocks keep their text and signature exactly; a
 * thinking block without a signature (cut off by max_tokens before it was signed) cannot be sent
 * back and is left out, like empty and whitespace-only text. `keptInputs` replaces the input of the
 * tool calls whose input the conversation does not keep whole (see `callInputs.ts`); it is applied
 * before the turn is first sent back, never afterwards.
 */
export function assistantContent(
  content: readonly Anthropic.ContentBlock[],
  keptInputs: ReadonlyMap<string, Record<string, unknown>> = new Map(),
): Anthropic.ContentBlockParam[] {
  const blocks: Anthropic.ContentBlockParam[] = [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        if (hasVisibleText(block.text)) blocks.push({ type: 'text', text: block.text });
        break;
      case 'tool_use':
        blocks.push({ type: 'tool_use', id: block.id, name: block.name, input: keptInputs.get(block.id) ?? (isObject(block.input) ? block.input : {}) });
        break;
      case 'thinking':
        if (block.signature !== '') blocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      case 'redacted_thinking':
        if (block.data !== '') blocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      default:
        // Server-tool blocks never occur: agents get no server tools.
        break;
    }
  }
  return blocks;
}

/** The answer's text blocks joined (thinking excluded), trimmed. */
export function answerText(content: readonly Anthropic.ContentBlock[]): string {
  return content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('')
    .trim();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
