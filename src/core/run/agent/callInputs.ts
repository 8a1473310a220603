/**
 * Tool inputs that are not run as sent, and what the conversation keeps of them.
 *
 * - An input that is not valid JSON (see `model/call/toolInputs.ts`) is answered with a tool error
 *   asking for the call again; the history holds `{"INVALID_JSON": "<its start>"}` in its place (the
 *   API wants an object there; the wrapper is what the tool-streaming docs suggest for sending bad
 *   JSON back).
 * - An input over MAX_TOOL_INPUT_CHARS is not run: no tool takes that much (a file is at most
 *   DEFAULT_MAX_FILE_BYTES, so the largest call that can succeed, an edit replacing a whole file,
 *   carries about twice that).
 * - Either way, and for any refused call whose input is over KEEP_REFUSED_INPUT_CHARS, the history
 *   keeps only the start of each long string of the input. Otherwise megabytes the model sent once
 *   would be sent again with every later request of the agent.
 *
 * Shortening an input is allowed where it is done: the assistant turn goes into the history with
 * the stand-in before any later request is sent, so the API never sees the turn change. A thinking
 * block is bound to what came before its own message (system, tools, earlier messages), not to the
 * tool calls after it in the same message.
 * https://platform.claude.com/docs/en/build-with-claude/preserved-thinking/prefix-checks
 * https://platform.claude.com/docs/en/agents-and-tools/tool-use/fine-grained-tool-streaming (handling invalid JSON)
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { InvalidToolInput } from '../../model/call/toolInputs';
import { DEFAULT_MAX_FILE_BYTES } from '../../workspace/staging';

/** Characters of text (keys and strings) past which a tool input is not run. */
export const MAX_TOOL_INPUT_CHARS = 2 * DEFAULT_MAX_FILE_BYTES + 64 * 1024;
/** A refused call's input over this many characters is shortened in the history. */
export const KEEP_REFUSED_INPUT_CHARS = 64 * 1024;
/** Characters kept of each long string of a shortened input. */
export const KEPT_STRING_CHARS = 2_000;

export type ToolInputObject = Record<string, unknown>;

/** Characters of text in `value` (keys and strings), counted up to `stopAt` (a deep or huge input is not walked to its end). */
export function inputChars(value: unknown, stopAt: number): number {
  let total = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0 && total <= stopAt) {
    const item = pending.pop();
    if (typeof item === 'string') total += item.length;
    else if (Array.isArray(item)) for (const inner of item as unknown[]) pending.push(inner);
    else if (typeof item === 'object' && item !== null) {
      for (const [key, inner] of Object.entries(item)) {
        total += key.length;
        pending.push(inner);
      }
    } else total += String(item).length;
  }
  return total;
}

function cut(text: string): string {
  if (text.length <= KEPT_STRING_CHARS) return text;
  return `${text.slice(0, KEPT_STRING_CHARS)}… [${(text.length - KEPT_STRING_CHARS).toLocaleString('en-US')} more characters not kept in the conversation]`;
}

/** A copy of `value` with every string longer than KEPT_STRING_CHARS cut to its start and a note. */
function shortenValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cut(value);
  if (depth > 20) return '[nested too deep; not kept in the conversation]';
  if (Array.isArray(value)) return value.map((item: unknown) => shortenValue(item, depth + 1));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [cut(key), shortenValue(inner, depth + 1)]));
  return value;
}

export function shortenedInput(input: ToolInputObject): ToolInputObject {
  return shortenValue(input, 0) as ToolInputObject;
}

/** What the history holds in place of an input that was not valid JSON. */
export function invalidInputStandIn(invalid: InvalidToolInput): ToolInputObject {
  const more = invalid.chars - invalid.excerpt.length;
  return { INVALID_JSON: more > 0 ? `${invalid.excerpt}… [${more.toLocaleString('en-US')} more characters not kept in the conversation]` : invalid.excerpt };
}

export function invalidInputResult(call: Anthropic.ToolUseBlock, invalid: InvalidToolInput): Anthropic.ToolResultBlockParam {
  return {
    type: 'tool_result',
    tool_use_id: call.id,
    is_error: true,
    content:
      `The input of this ${call.name} call was not valid JSON (${invalid.error}), so it was not run. ` +
      `Call ${call.name} again with its input as one valid JSON object that matches the tool's schema (strings quoted, quotes and backslashes inside them escaped).`,
  };
}

export function oversizeInputResult(call: Anthropic.ToolUseBlock, chars: number): Anthropic.ToolResultBlockParam {
  return {
    type: 'tool_result',
    tool_use_id: call.id,
    is_error: true,
    content:
      `The input of this ${call.name} call holds more than ${megabytes(MAX_TOOL_INPUT_CHARS)} MB of text (${megabytes(chars)} MB or more), more than any tool takes ` +
      `(a file is at most ${megabytes(DEFAULT_MAX_FILE_BYTES)} MB), so it was not run and only its start is kept in the conversation. ` +
      'Send smaller inputs: write a large file in parts (a first write, then edits), or split it into several files.',
  };
}

/** The line added to a refused call's result when its input is shortened in the history. */
export function shortenedNote(chars: number): string {
  return `\n(Its input, ${chars.toLocaleString('en-US')} characters, is not kept in the conversation: only the start of each long string is.)`;
}

function megabytes(chars: number): string {
  return (chars / (1024 * 1024)).toFixed(1);
}
