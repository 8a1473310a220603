/** Builds the Message JSON and the SSE frames that stream it, in the order the real API sends them. */
import type { BlockSpec, JsonObject, MessageSpec, StopReason, UsageSpec } from './script';

export interface SseFrame {
  readonly event: string;
  readonly data: JsonObject;
}

export interface RenderContext {
  readonly messageId: string;
  /** Used when the spec names no model. */
  readonly model: string;
  readonly requestBytes: number;
  /** Prefix for generated tool_use ids; the block index is appended. */
  readonly toolIdPrefix: string;
  readonly deltaChars: number;
  /** Put a `ping` frame right after `message_start`. */
  readonly pings: boolean;
}

export interface RenderedMessage {
  readonly message: JsonObject;
  readonly frames: readonly SseFrame[];
}

export function encodeFrame(frame: SseFrame): string {
  return `event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`;
}

export function estimateTokens(bytes: number): number {
  return Math.ceil(bytes / 4);
}

export function errorBody(type: string, message: string, requestId: string): JsonObject {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

export function renderMessage(spec: MessageSpec, context: RenderContext): RenderedMessage {
  const blocks = spec.content.map((block, index) => renderBlock(block, `${context.toolIdPrefix}_${index}`));
  const usage = renderUsage(spec.usage, context.requestBytes, spec.content);
  const message: JsonObject = {
    id: context.messageId,
    type: 'message',
    role: 'assistant',
    model: spec.model ?? context.model,
    content: blocks,
    stop_reason: spec.stopReason ?? defaultStopReason(spec.content),
    stop_sequence: null,
    stop_details: null,
    container: null,
    usage,
  };
  return { message, frames: streamFrames(message, usage, spec.content, blocks, context) };
}

function defaultStopReason(content: readonly BlockSpec[]): StopReason {
  return content.some((block) => block.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function renderBlock(block: BlockSpec, generatedId: string): JsonObject {
  if (block.type === 'text') {
    return { type: 'text', text: block.text, citations: null };
  }
  return { type: 'tool_use', id: block.id ?? generatedId, name: block.name, input: block.input, caller: { type: 'direct' } };
}

function outputBytes(content: readonly BlockSpec[]): number {
  let bytes = 0;
  for (const block of content) {
    bytes += Buffer.byteLength(block.type === 'text' ? block.text : JSON.stringify(block.input));
  }
  return bytes;
}

function renderUsage(spec: UsageSpec | undefined, requestBytes: number, content: readonly BlockSpec[]): JsonObject {
  return {
    input_tokens: spec?.input_tokens ?? estimateTokens(requestBytes),
    output_tokens: spec?.output_tokens ?? Math.max(1, estimateTokens(outputBytes(content))),
    cache_creation_input_tokens: spec?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: spec?.cache_read_input_tokens ?? 0,
    cache_creation: null,
    server_tool_use: null,
    service_tier: 'standard',
  };
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

function streamFrames(
  message: JsonObject,
  usage: JsonObject,
  content: readonly BlockSpec[],
  blocks: readonly JsonObject[],
  context: RenderContext,
): SseFrame[] {
  const frames: SseFrame[] = [
    {
      event: 'message_start',
      data: { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } },
    },
  ];
  if (context.pings) {
    frames.push({ event: 'ping', data: { type: 'ping' } });
  }
  content.forEach((block, index) => {
    const start = block.type === 'text' ? { ...blocks[index], text: '' } : { ...blocks[index], input: {} };
    frames.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: start } });
    const deltas =
      block.type === 'text'
        ? chunk(block.text, context.deltaChars).map((piece): JsonObject => ({ type: 'text_delta', text: piece }))
        : chunk(JSON.stringify(block.input), context.deltaChars).map((piece): JsonObject => ({ type: 'input_json_delta', partial_json: piece }));
    for (const delta of deltas) {
      frames.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } });
    }
    frames.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  frames.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: null },
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
