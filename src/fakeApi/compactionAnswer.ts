/**
 * The fake's own answer to a compaction request: a summary of the conversation, signed so that a later
 * request can send it back first in `messages` in place of what it summarizes.
 * https://platform.claude.com/docs/en/build-with-claude/compaction-on-demand
 */
import { matchTextOf } from './routing';
import type { JsonObject } from './script';
import type { CompactionBlockSpec } from './sse';
import type { ThinkingBinding } from './strict/binding';

/** Characters of conversation text the summary quotes. */
const QUOTED_CHARS = 400;

export function compactionSummary(body: JsonObject): string {
  const count = Array.isArray(body.messages) ? body.messages.length : 0;
  const text = matchTextOf({ messages: body.messages ?? null });
  return `Summary of ${count} message${count === 1 ? '' : 's'}: ${text.slice(0, QUOTED_CHARS)}`;
}

export function compactionBlock(body: JsonObject, binding: ThinkingBinding): CompactionBlockSpec {
  const content = compactionSummary(body);
  return { type: 'compaction', content, signature: binding.signCompaction(content) };
}
