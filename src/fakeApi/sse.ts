/** Builds the Message JSON and the SSE frames that stream it, in the order the real API sends them. */
import type { BlockSpec, JsonObject, MessageSpec, StopReason, UsageSpec } from './script';

export interface SseFrame {
  readonly event: string;
  readonly data: JsonObject;
}

/** The block a compaction request returns (beta `compact-2026-09-04`); only the fake itself produces it. */
export interface CompactionBlockSpec {
  type: 'compaction';
  content: string;
  signature: string;
}

export type RenderBlock = BlockSpec | CompactionBlockSpec;

/** A scripted message after the fake shaped it for the request, or the fake's own compaction answer. */
export interface RenderSpec extends Omit<MessageSpec, 'content' | 'stopReason'> {
  content: readonly RenderBlock[];
  stopReason?: StopReason | 'compaction';
}

export interface RenderContext {
  readonly messageId: string;
  /** Used when the spec names no model. */
  readonly model: string;
  readonly requestBytes: number;
  /** `usage.input_tokens` when the spec gives none; defaults to ceil(requestBytes / 4). */
  readonly inputTokens?: number;
  /** Prefix for generated tool_use ids; the block index is appended. */
  readonly toolIdPrefix: string;
  readonly deltaChars: number;
  /** Put a `ping` frame right after `message_start`. */
  readonly pings: boolean;
  /** The signature of a thinking block with this text; '' when not given (frame counting only). */
  readonly signThinking?: (thinking: string) => string;
}

export interface RenderedMessage {
  readonly message: JsonObject;
  readonly frames: readonly SseFrame[];
}

/** SDK 1.14 `RefusalStopDetails`: sent with a refusal, null otherwise. */
const DEFAULT_REFUSAL_EXPLANATION = 'This request was declined because it could enable harm under the usage policy.';

export function encodeFrame(frame: SseFrame): string {
  return `event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}

export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / 4);
}

/** The API's error JSON; `details` carries an `error_code` the SDK maps to its own error classes. */
export function errorBody(type: string, message: string, requestId: string, details?: JsonObject): JsonObject {
  return { type: 'error', error: details === undefined ? { type, message } : { type, message, details }, request_id: requestId };
}

export function renderMessage(spec: RenderSpec, context: RenderContext): RenderedMessage {
  const blocks = spec.content.map((block, index) => renderBlock(block, `${context.toolIdPrefix}_${index}`, context));
  const usage = renderUsage(spec.usage, context.inputTokens ?? estimateTokens(context.requestBytes), spec.content);
  const stopReason = spec.stopReason ?? defaultStopReason(spec.content);
  const message: JsonObject = {
    id: context.messageId,
    type: 'message',
    role: 'assistant',
    model: spec.model ?? context.model,
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: stopDetails(spec, stopReason),
    container: null,
    usage,
  };
  return { message, frames: streamFrames(message, usage, spec.content, blocks, context) };
}

function defaultStopReason(content: readonly RenderBlock[]): StopReason {
  return content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function stopDetails(spec: RenderSpec, stopReason: string): JsonObject | null {
  if (stopReason !== 'refusal') return null;
  const details = spec.stopDetails;
  return {
    type: 'refusal',
    category: details?.category === undefined ? 'cyber' : details.category,
    explanation: details?.explanation === undefined ? DEFAULT_REFUSAL_EXPLANATION : details.explanation,
  };
}

function renderBlock(block: RenderBlock, generatedId: string, context: RenderContext): JsonObject {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text, citations: null };
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: context.signThinking?.(block.thinking) ?? '' };
    case 'compaction':
      return { type: 'compaction', content: block.content, signature: block.signature, encrypted_content: null };
    case 'tool_use':
      return { type: 'tool_use', id: block.id ?? generatedId, name: block.name, input: block.input, caller: { type: 'direct' } };
  }
}

function blockText(block: RenderBlock): string {
  switch (block.type) {
    case 'text':
      return block.text;
    case 'thinking':
      return block.thinking;
    case 'compaction':
      return block.content;
    case 'tool_use':
      return block.rawInput ?? JSON.stringify(block.input);
  }
}

function outputBytes(content: readonly RenderBlock[]): number {
  return content.reduce((bytes, block) => bytes + Buffer.byteLength(blockText(block)), 0);
}

function renderUsage(spec: UsageSpec | undefined, inputTokens: number, content: readonly RenderBlock[]): JsonObject {
  const usage: JsonObject = {
    input_tokens: spec?.input_tokens ?? inputTokens,
    output_tokens: spec?.output_tokens ?? Math.max(1, estimateTokens(outputBytes(content))),
    cache_creation_input_tokens: spec?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: spec?.cache_read_input_tokens ?? 0,
    cache_creation: null,
    server_tool_use: null,
    service_tier: 'standard',
  };
  // A compaction answer reports its work as one compaction iteration (compaction-on-demand docs).
  if (content.length === 1 && content[0].type === 'compaction') {
    usage.iterations = [
      {
        type: 'compaction',
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: null,
      },
    ];
  }
  return usage;
}

/** Splits by code points so a delta never cuts a surrogate pair. */
export function chunk(value: string, size: number): string[] {
  const points = Array.from(value);
  const pieces: string[] = [];
  const step = Math.max(1, Math.floor(size));
  for (let start = 0; start < points.length; start += step) {
    pieces.push(points.slice(start, start + step).join(''));
  }
  return pieces;
}

/**
 * A block's start frame and deltas. Thinking starts empty, streams `thinking_delta`s (none for an
 * empty, `omitted` block) and one `signature_delta`; a compaction block arrives whole in its start frame.
 */
function blockFrames(block: RenderBlock, rendered: JsonObject, index: number, deltaChars: number): SseFrame[] {
  const start = (content_block: JsonObject): SseFrame => ({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block } });
  const delta = (value: JsonObject): SseFrame => ({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: value } });
  switch (block.type) {
    case 'text':
      return [start({ ...rendered, text: '' }), ...chunk(block.text, deltaChars).map((piece) => delta({ type: 'text_delta', text: piece }))];
    case 'tool_use':
      return [
        start({ ...rendered, input: {} }),
        ...chunk(block.rawInput ?? JSON.stringify(block.input), deltaChars).map((piece) => delta({ type: 'input_json_delta', partial_json: piece })),
      ];
    case 'thinking':
      return [
        start({ type: 'thinking', thinking: '', signature: '' }),
        ...chunk(block.thinking, deltaChars).map((piece) => delta({ type: 'thinking_delta', thinking: piece })),
        delta({ type: 'signature_delta', signature: rendered.signature ?? '' }),
      ];
    case 'compaction':
      return [start(rendered)];
  }
}

function streamFrames(
  message: JsonObject,
  usage: JsonObject,
  content: readonly RenderBlock[],
  blocks: readonly JsonObject[],
  context: RenderContext,
): SseFrame[] {
  const frames: SseFrame[] = [
    {
      event: 'message_start',
      data: { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_details: null, usage: { ...usage, output_tokens: 1 } } },
    },
  ];
  if (context.pings) {
    frames.push({ event: 'ping', data: { type: 'ping' } });
  }
  content.forEach((block, index) => {
    frames.push(...blockFrames(block, blocks[index], index, context.deltaChars));
    frames.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  frames.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: message.stop_details },
      usage: {
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        server_tool_use: null,
      },
    },
  });
  frames.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return frames;
}
