/**
 * What every scripted turn of the demo shares: how a request is recognised (its system prompt's first
 * line, the task id in its system text, the tools it offers, how many assistant turns it already has,
 * its last user message) and how an answer is shaped (streamed in a bounded number of frames, with the
 * usage the prompt cache would report).
 */
import { createHash } from 'node:crypto';
import { systemText } from '../fakeApi/requestText';
import type { BlockSpec, JsonObject, JsonValue, LoggedRequest, MessageTurn, UsageSpec } from '../fakeApi/script';

export { systemText };

/** Characters per delta frame; a turn with more content streams bigger pieces so it stays under MAX_FRAMES. */
const DELTA_CHARS = 12;
const MAX_FRAMES = 60;
/** Characters of a request's text the demo looks at; the engine's own requests stay far below it. */
const MAX_TEXT_CHARS = 400_000;

/** Bigger delta pieces for long turns (a whole file in write_file) so every turn streams in a few seconds at most. */
export function paced(turn: MessageTurn): MessageTurn {
  const chars = turn.content.reduce((sum, block) => sum + blockChars(block), 0);
  return { ...turn, deltaChars: Math.max(DELTA_CHARS, Math.ceil(chars / MAX_FRAMES)) };
}

function blockChars(block: BlockSpec): number {
  if (block.type === 'text') return block.text.length;
  if (block.type === 'thinking') return block.thinking.length;
  return JSON.stringify(block.input).length;
}

/**
 * Usage as the prompt cache would report it: the shared prefix (tools and the first system block) is
 * written by the first request that sends it and read by every later one.
 */
export function cachedUsage(request: LoggedRequest, cache: Set<string>): UsageSpec {
  const body = request.body ?? {};
  const prefix = JSON.stringify([body.tools ?? null, firstSystemText(body.system ?? null)]);
  const total = Math.ceil(request.bodyBytes / 4);
  const cached = Math.min(total, Math.ceil(Buffer.byteLength(prefix) / 4));
  const key = createHash('sha256').update(prefix).digest('hex');
  const hit = cache.has(key);
  cache.add(key);
  return hit
    ? { input_tokens: total - cached, cache_read_input_tokens: cached, cache_creation_input_tokens: 0 }
    : { input_tokens: total - cached, cache_read_input_tokens: 0, cache_creation_input_tokens: cached };
}

/** The text of the system prompt's first block (or the whole prompt when it is a string). */
export function firstSystemText(system: JsonValue): string {
  if (typeof system === 'string') return system;
  const first = Array.isArray(system) ? system[0] : undefined;
  return isObject(first) && typeof first.text === 'string' ? first.text : '';
}

/** The router's, the planner's, the split's and the synthesis's requests: recognised by the first line of their system prompt. */
export function systemStartsWith(request: LoggedRequest, marker: string): boolean {
  return firstSystemText(request.body?.system ?? null).startsWith(marker);
}

/** An agent's requests: its task brief (in the system prompt, never in the conversation) names its id. */
export function isAgentOfTask(request: LoggedRequest, taskId: string): boolean {
  return systemText(request).includes(`Task id: ${taskId}\n`);
}

export function offersTool(request: LoggedRequest, name: string): boolean {
  const tools = request.body?.tools;
  return Array.isArray(tools) && tools.some((tool) => isObject(tool) && tool.name === name);
}

export function assistantTurns(body: JsonObject | null): number {
  const messages = body?.messages;
  if (!Array.isArray(messages)) return 0;
  return messages.filter((m) => isObject(m) && m.role === 'assistant').length;
}

/** The text of the conversation's last user message (its text blocks joined), bounded; '' when there is none. */
export function lastUserText(request: LoggedRequest): string {
  const messages = request.body?.messages;
  if (!Array.isArray(messages)) return '';
  const last = [...messages].reverse().find((m) => isObject(m) && m.role === 'user');
  if (!isObject(last)) return '';
  const content = last.content;
  if (typeof content === 'string') return content.slice(0, MAX_TEXT_CHARS);
  if (!Array.isArray(content)) return '';
  const texts = content.map((block) => (isObject(block) && block.type === 'text' && typeof block.text === 'string' ? block.text : ''));
  return texts.join('\n').slice(0, MAX_TEXT_CHARS);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}
