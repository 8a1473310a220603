/**
 * Compaction on demand (beta `compact-2026-09-04`): what a compaction request may carry, and where the
 * compaction block it returns may come back. Error codes are SDK 1.14's (`error.details.error_code`,
 * which the SDK turns into `CompactionBlockMisplacedError` and its siblings); their wording is the SDK's
 * description of each code, since the API's own text is not published.
 * https://platform.claude.com/docs/en/build-with-claude/compaction-on-demand
 */
import { hashText, type ThinkingBinding } from './binding';
import { invalid, isObject, isSet, type RequestRejection } from './rejection';
import { forcesTool, type RequestView } from './requestView';

export const COMPACTION_BETA = 'compact-2026-09-04';

const CODES = {
  compaction_block_ambiguous: '`messages` holds more than one `compaction` block with content. Send only the block the conversation returned last.',
  compaction_block_misplaced:
    'The `compaction` block is not the first block of the conversation. Send it first in `messages`, in place of the messages it summarizes.',
  compaction_signature_invalid: "The `compaction` block's `signature` does not verify.",
  compaction_content_mismatch: "The `compaction` block's `content` differs from the text its `signature` recorded.",
  compaction_incomplete_turn: 'The compaction request ends on an `assistant` turn that is not finished: its tool call has no result.',
  compaction_nothing_to_summarize: '`messages` holds no `user` or `assistant` content to summarize or adopt.',
} as const;

function coded(where: string, code: keyof typeof CODES): RequestRejection {
  return invalid(`${where}: ${code}: ${CODES[code]}`, code);
}

/**
 * A request with `compaction`: the beta header, a model that compacts, and none of the fields the docs
 * reject on it (`context_management`, `output_config.format`, a forced `tool_choice`, `stop_sequences`,
 * a final assistant turn ending in a tool call without its result).
 */
export function checkCompactionRequest(view: RequestView): RequestRejection | null {
  const { body } = view;
  const compaction = body.compaction;
  if (!isSet(compaction)) return null;
  if (!view.betas.has(COMPACTION_BETA)) return invalid(`compaction: requires the \`${COMPACTION_BETA}\` value in the \`anthropic-beta\` header.`);
  if (!isObject(compaction) || compaction.type !== 'summarize') return invalid(`compaction.type: Input should be 'summarize'`);
  if (!view.spec.compaction) return invalid('compaction: compaction is not supported for this model.');
  if (isSet(body.context_management)) return invalid('compaction: `compaction` cannot be combined with `context_management`.');
  if (isObject(body.output_config) && isSet(body.output_config.format))
    return invalid('compaction: `output_config.format` is not supported on a compaction request.');
  if (forcesTool(body)) return invalid('compaction: `tool_choice` type "tool" and "any" are not supported on a compaction request.');
  if (Array.isArray(body.stop_sequences) && body.stop_sequences.length > 0)
    return invalid('compaction: `stop_sequences` is not supported on a compaction request.');
  const last = view.messages[view.messages.length - 1];
  if (last.role === 'assistant' && last.blocks[last.blocks.length - 1]?.type === 'tool_use')
    return coded(`messages.${last.index}`, 'compaction_incomplete_turn');
  if (view.messages.every((message) => message.blocks.every((block) => block.type === 'compaction')))
    return coded('messages', 'compaction_nothing_to_summarize');
  return null;
}

/**
 * A compaction block sent back: with the beta header, alone (one per request), first in the first
 * message, and with the content its signature recorded. A block whose content is null is a failed
 * compaction the API treats as a no-op.
 */
export function checkCompactionBlocks(view: RequestView, binding: ThinkingBinding): RequestRejection | null {
  const found = view.messages.flatMap((message) =>
    message.blocks.flatMap((block, position) => (block.type === 'compaction' && isSet(block.content) ? [{ block, message: message.index, position }] : [])),
  );
  if (found.length === 0) return null;
  const first = found[0];
  const where = (placed: (typeof found)[number]): string => `messages.${placed.message}.content.${placed.position}`;
  if (!view.betas.has(COMPACTION_BETA))
    return invalid(`${where(first)}: compaction blocks require the \`${COMPACTION_BETA}\` value in the \`anthropic-beta\` header.`);
  if (found.length > 1) return coded(where(found[1]), 'compaction_block_ambiguous');
  if (first.message !== 0 || first.position !== 0) return coded(where(first), 'compaction_block_misplaced');
  const content = first.block.content;
  if (typeof content !== 'string' || content.length === 0) return invalid(`${where(first)}.content: compaction content must be a non-empty string`);
  const signature = first.block.signature;
  const recorded = typeof signature === 'string' ? binding.readCompaction(signature) : null;
  if (recorded === null) return coded(where(first), 'compaction_signature_invalid');
  if (recorded !== hashText(content)) return coded(where(first), 'compaction_content_mismatch');
  return null;
}
