/** The shape of `system` and of the blocks inside `messages`: roles, required fields and non-empty text. */
import type { JsonObject, JsonValue } from '../script';
import { invalid, isObject, isSet, type RequestRejection } from './rejection';
import type { RequestView } from './requestView';

/** Which role may carry each block type Fanout's conversations use (the API's message schema). */
const ROLE_OF: Readonly<Record<string, 'user' | 'assistant'>> = {
  tool_use: 'assistant',
  thinking: 'assistant',
  redacted_thinking: 'assistant',
  tool_result: 'user',
};

const TOOL_USE_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * Empty and whitespace-only text blocks are rejected, in messages, in tool results and in `system`.
 * Observed API messages (third-party reports, no official page):
 *   `messages.N.content.M: text content blocks must be non-empty`
 *   `messages: text content blocks must contain non-whitespace text`
 *   `system: text content blocks must contain non-whitespace text`
 * https://github.com/github/copilot-cli/issues/102 and the reports listed in Fanout's model fact sheet
 */
function textProblem(text: JsonValue | undefined, where: string, field: string): RequestRejection | null {
  if (typeof text !== 'string') return invalid(`${where}.text: Field required`);
  if (text.length === 0) return invalid(`${where}: text content blocks must be non-empty`);
  if (text.trim().length === 0) return invalid(`${field}: text content blocks must contain non-whitespace text`);
  return null;
}

export function checkSystem(view: RequestView): RequestRejection | null {
  const system = view.body.system;
  if (!isSet(system)) return null;
  if (typeof system === 'string') {
    if (system.length === 0) return invalid('system: text content blocks must be non-empty');
    if (system.trim().length === 0) return invalid('system: text content blocks must contain non-whitespace text');
    return null;
  }
  if (!Array.isArray(system)) return invalid('system: Input should be a valid string or a valid list');
  for (const [index, block] of system.entries()) {
    if (!isObject(block) || block.type !== 'text') return invalid(`system.${index}.type: Input should be 'text'`);
    const text = block.text;
    if (typeof text !== 'string') return invalid(`system.${index}.text: Field required`);
    if (text.length === 0) return invalid('system: text content blocks must be non-empty');
    if (text.trim().length === 0) return invalid('system: text content blocks must contain non-whitespace text');
  }
  return null;
}

/** Required fields of the block types the fake reads, and the role each belongs to. */
function blockProblem(block: JsonObject, where: string, role: 'user' | 'assistant'): RequestRejection | null {
  const type = block.type as string;
  const owner = ROLE_OF[type];
  if (owner !== undefined && owner !== role) return invalid(`${where}: \`${type}\` blocks are only allowed in \`${owner}\` messages`);
  switch (type) {
    case 'text':
      return textProblem(block.text, where, 'messages');
    case 'tool_use':
      if (typeof block.id !== 'string') return invalid(`${where}.id: Field required`);
      // Observed API message (third-party report: https://github.com/anomalyco/opencode/issues/1279).
      if (!TOOL_USE_ID.test(block.id)) return invalid(`${where}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'`);
      if (typeof block.name !== 'string') return invalid(`${where}.name: Field required`);
      if (!isObject(block.input)) return invalid(`${where}.input: Input should be a valid dictionary`);
      return null;
    case 'tool_result':
      if (typeof block.tool_use_id !== 'string') return invalid(`${where}.tool_use_id: Field required`);
      return toolResultContentProblem(block.content, where);
    case 'thinking':
      if (typeof block.thinking !== 'string') return invalid(`${where}.thinking: Field required`);
      if (typeof block.signature !== 'string') return invalid(`${where}.signature: Field required`);
      return null;
    case 'redacted_thinking':
      return typeof block.data === 'string' ? null : invalid(`${where}.data: Field required`);
    default:
      return null;
  }
}

function toolResultContentProblem(content: JsonValue | undefined, where: string): RequestRejection | null {
  if (!isSet(content) || typeof content === 'string') return null;
  if (!Array.isArray(content)) return invalid(`${where}.content: Input should be a valid string or a valid list`);
  for (const [index, inner] of content.entries()) {
    if (!isObject(inner)) return invalid(`${where}.content.${index}: Input should be a valid dictionary`);
    if (inner.type === 'text') {
      const problem = textProblem(inner.text, `${where}.content.${index}`, 'messages');
      if (problem !== null) return problem;
    }
  }
  return null;
}

export function checkBlocks(view: RequestView): RequestRejection | null {
  for (const message of view.messages) {
    for (const [position, block] of message.blocks.entries()) {
      const problem = blockProblem(block, `messages.${message.index}.content.${position}`, message.role);
      if (problem !== null) return problem;
    }
  }
  return null;
}

/**
 * The conversation starts with a user turn, or with a compaction block sent back as the first block
 * (its own assistant message is allowed). Consecutive turns of one role are merged by the API, not
 * rejected.
 * https://platform.claude.com/docs/en/build-with-claude/compaction-on-demand
 */
export function checkFirstMessage(view: RequestView): RequestRejection | null {
  const first = view.messages[0];
  if (first.role === 'user' || first.blocks[0]?.type === 'compaction') return null;
  return invalid('messages: first message must use the "user" role');
}
