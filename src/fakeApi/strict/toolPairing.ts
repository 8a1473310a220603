/**
 * Every `tool_use` is answered by `tool_result` blocks at the start of the very next user turn, and
 * every `tool_result` answers a `tool_use` of the turn just before it. Consecutive messages of one role
 * count as one turn (the API merges them), but errors name the message and block as sent.
 *
 * "Tool result blocks must immediately follow their corresponding tool use blocks in the message
 * history … the tool_result blocks must come FIRST in the content array."
 * https://platform.claude.com/docs/en/agents-and-tools/tool-use/handle-tool-calls
 * Messages as the API words them (third-party reports):
 * https://github.com/github/copilot-cli/issues/102, https://github.com/apify/tester-mcp-client/issues/12,
 * https://github.com/anthropics/claude-code/issues/21317 (ids unique across the whole request)
 */
import type { JsonObject } from '../script';
import { invalid, type RequestRejection } from './rejection';
import type { MessageView, Role } from './requestView';

interface PlacedBlock {
  readonly block: JsonObject;
  readonly message: number;
  readonly position: number;
}

export interface Turn {
  readonly role: Role;
  /** Index of its first message. */
  readonly first: number;
  readonly blocks: readonly PlacedBlock[];
}

/** Merges consecutive messages of one role, as the API does. */
export function turnsOf(messages: readonly MessageView[]): Turn[] {
  const turns: Array<{ role: Role; first: number; blocks: PlacedBlock[] }> = [];
  for (const message of messages) {
    const placed = message.blocks.map((block, position) => ({ block, message: message.index, position }));
    const last = turns[turns.length - 1];
    if (last?.role === message.role) last.blocks.push(...placed);
    else turns.push({ role: message.role, first: message.index, blocks: placed });
  }
  return turns;
}

export function checkToolPairing(messages: readonly MessageView[]): RequestRejection | null {
  const turns = turnsOf(messages);
  const seen = new Set<string>();
  for (const [index, turn] of turns.entries()) {
    if (turn.role === 'user') {
      const previous = index > 0 ? turns[index - 1] : undefined;
      const offered = new Set(previous === undefined ? [] : toolUses(previous).map((use) => use.block.id as string));
      for (const result of turn.blocks.filter((placed) => placed.block.type === 'tool_result')) {
        const id = result.block.tool_use_id as string;
        if (!offered.has(id)) {
          return invalid(
            `messages.${result.message}.content.${result.position}: unexpected tool_use_id found in tool_result blocks: ${id}. Each tool_result block must have a corresponding tool_use block in the previous message.`,
          );
        }
      }
      continue;
    }
    const uses = toolUses(turn);
    for (const use of uses) {
      const id = use.block.id as string;
      if (seen.has(id)) return invalid(`messages.${use.message}.content.${use.position}: \`tool_use\` ids must be unique`);
      seen.add(id);
    }
    const next = turns[index + 1];
    if (uses.length === 0 || next === undefined) continue;
    const answered = new Set(
      next.role === 'user' ? next.blocks.filter((placed) => placed.block.type === 'tool_result').map((placed) => placed.block.tool_use_id as string) : [],
    );
    const missing = uses.filter((use) => !answered.has(use.block.id as string));
    if (missing.length > 0) {
      return invalid(
        `messages.${missing[0].message}: tool_use ids were found without tool_result blocks immediately after: ${missing.map((use) => use.block.id as string).join(', ')}. Each tool_use block must have a corresponding tool_result block in the next message.`,
      );
    }
    const leading = next.blocks.findIndex((placed) => placed.block.type !== 'tool_result');
    const leadingResults = leading === -1 ? next.blocks.length : leading;
    if (leadingResults < uses.length) {
      return invalid(
        `messages.${next.first}: Did not find ${uses.length} tool_result block(s) at the beginning of this message. Messages following tool_use blocks must begin with a matching number of tool_result blocks.`,
      );
    }
  }
  return null;
}

function toolUses(turn: Turn): PlacedBlock[] {
  return turn.blocks.filter((placed) => placed.block.type === 'tool_use');
}
