/**
 * Thinking blocks sent back in the history: verbatim, bound to the model and the conversation prefix,
 * and kept on the final assistant turn of a tool loop.
 * https://platform.claude.com/docs/en/build-with-claude/thinking
 * https://platform.claude.com/docs/en/build-with-claude/thinking-troubleshooting
 * https://platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5 (blocks a model cannot read are dropped)
 */
import { thinkingPlanFor } from '../thinkingPlan';
import { hashText, prefixHash, type ThinkingBinding } from './binding';
import { invalid, isObject, type RequestRejection } from './rejection';
import type { RequestView } from './requestView';

const BINDING_BETA = 'thinking-binding-controls-2026-08-01';

/** Thinking is bound to the model family the table resolves an id to (dated ids share their family's blocks). */
export function bindingModel(view: Pick<RequestView, 'spec'>): string {
  return view.spec.id;
}

function dropsOnMismatch(view: RequestView): boolean {
  const thinking = view.body.thinking;
  return isObject(thinking) && isObject(thinking.block_binding) && thinking.block_binding.prefix_mismatch_behavior === 'drop_block';
}

/**
 * Each thinking block's signature must verify over its text; a block signed for another model is
 * dropped (the request succeeds); a block whose conversation prefix changed is refused with the
 * documented message, or dropped with every later one under `prefix_mismatch_behavior: "drop_block"`.
 * After a compaction block the prefix is not compared ("server-side compaction … never trigger the
 * prefix check"), but the signature still is.
 */
export function checkThinkingSignatures(view: RequestView, binding: ThinkingBinding): RequestRejection | null {
  const compacted = view.messages[0].blocks[0]?.type === 'compaction';
  const prefixes = new Map<number, string>();
  let dropping = false;
  for (const message of view.messages) {
    if (message.role !== 'assistant') continue;
    for (const [position, block] of message.blocks.entries()) {
      const where = `messages.${message.index}.content.${position}`;
      if (block.type === 'redacted_thinking') {
        // This server never issues redacted thinking, so no such block can be its own.
        return invalid(`${where}: Invalid \`data\` in \`redacted_thinking\` block`);
      }
      if (block.type !== 'thinking' || dropping) continue;
      const seal = binding.readThinking(block.signature as string);
      if (seal === null) return invalid(`${where}: Invalid \`signature\` in \`thinking\` block`);
      if (seal.model !== bindingModel(view)) continue;
      if (seal.textHash !== hashText(block.thinking as string)) return invalid(`${where}: Invalid \`signature\` in \`thinking\` block`);
      if (compacted) continue;
      let prefix = prefixes.get(message.index);
      if (prefix === undefined) {
        prefix = prefixHash(view.body, message.index);
        prefixes.set(message.index, prefix);
      }
      if (seal.prefix === prefix) continue;
      if (dropsOnMismatch(view)) {
        dropping = true;
        continue;
      }
      const beta = view.betas.has(BINDING_BETA) ? '' : ` That setting requires the \`${BINDING_BETA}\` value in the \`anthropic-beta\` header.`;
      return invalid(
        `${where}: Invalid \`signature\` in \`thinking\` block. The block is bound to a different conversation. Remove the block, or set \`thinking.block_binding.prefix_mismatch_behavior\` to "drop_block".${beta}`,
      );
    }
  }
  return null;
}

/**
 * With thinking on, the final assistant turn of a tool loop must start with the thinking block that
 * came with its tool calls. Checked on the last assistant message only, which is where the API
 * requires it; the fake knows which tool calls came with thinking because it issued them.
 * https://platform.claude.com/docs/en/build-with-claude/thinking (preserving thinking blocks in tool use)
 */
export function checkDroppedThinking(view: RequestView, binding: ThinkingBinding): RequestRejection | null {
  if (!thinkingPlanFor(view.body, view.spec).on) return null;
  const last = [...view.messages].reverse().find((message) => message.role === 'assistant');
  if (last === undefined) return null;
  const thinkingCalls = last.blocks.some((block) => block.type === 'tool_use' && binding.issuedWithThinking(block.id as string));
  const first = last.blocks[0]?.type;
  if (!thinkingCalls || first === 'thinking' || first === 'redacted_thinking') return null;
  return invalid(
    `messages.${last.index}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${typeof first === 'string' ? first : JSON.stringify(first ?? null)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`,
  );
}
