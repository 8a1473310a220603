/**
 * Compaction on demand: when an agent's conversation fills too much of its model's window, one
 * request asks the API to summarize it (`compaction: {type:'summarize'}` under the beta header; same
 * model, system, tools, thinking and max_tokens as a turn). The answer is one signed `compaction`
 * block, which then stands in for the whole conversation: the next requests start with it, verbatim,
 * and carry the beta header too.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentResult, AgentRunContext } from '../contextTypes';
import { streamBetaMessage } from '../../model/call/streamMessage';
import { addUsage, usageOfAnswer, type TokenUsage } from '../../model/usage';
import { requestTurn } from './attempts';
import type { CompactionBlockParam } from './history';

export const COMPACTION_BETA = 'compact-2026-09-04';

/** Headers for every request that carries a compaction block. */
export const COMPACTION_HEADERS: Readonly<Record<string, string>> = { 'anthropic-beta': COMPACTION_BETA };

/** What follows the compaction block in the new first message. */
export const AFTER_COMPACTION_NOTE =
  'The conversation so far was compacted into the summary above to stay within the context window. ' +
  'Continue the task from where it stopped (read again any file you need exactly); call finish when you are done.';

export type CompactionResult =
  | { readonly kind: 'compacted'; readonly block: CompactionBlockParam; readonly usage: TokenUsage; readonly model: string }
  /** The API answered without a usable summary; the conversation stays as it is. */
  | { readonly kind: 'unavailable'; readonly usage: TokenUsage; readonly model: string; readonly why: string }
  | { readonly kind: 'ended'; readonly end: AgentResult };

/** The compaction request for a turn's request. */
export function compactionRequest(params: Anthropic.MessageStreamParams): Anthropic.Beta.Messages.MessageCreateParamsStreaming {
  const { output_config: outputConfig, ...rest } = params;
  return {
    ...rest,
    ...(outputConfig !== undefined && outputConfig !== null ? { output_config: outputConfig } : {}),
    stream: true,
    compaction: { type: 'summarize' },
    betas: [COMPACTION_BETA],
  };
}

/** Asks for the summary of the conversation in `params`, with the engine's retries. */
export async function compact(ctx: AgentRunContext, params: Anthropic.MessageStreamParams, turn: number): Promise<CompactionResult> {
  const request = compactionRequest(params);
  const answer = await requestTurn(
    ctx,
    { send: (settings) => streamBetaMessage({ ...settings, client: ctx.run.client, params: request }), model: params.model },
    turn,
  );
  if (!answer.ok) return { kind: 'ended', end: answer.end };
  const message = answer.message;
  const usage = compactionUsage(message.usage);
  const block = message.content.find((candidate): candidate is Anthropic.Beta.BetaCompactionBlock => candidate.type === 'compaction');
  if (block === undefined || block.content === null || block.content.trim() === '') {
    const why = block === undefined ? `the answer had no compaction block (stop_reason ${message.stop_reason ?? 'none'})` : 'the summary came back empty';
    return { kind: 'unavailable', usage, model: message.model, why };
  }
  return { kind: 'compacted', block: toParam(block), usage, model: message.model };
}

/** The block exactly as returned (every field the API sent, signature included), as request content. */
function toParam(block: Anthropic.Beta.BetaCompactionBlock): CompactionBlockParam {
  const { tool_changes: toolChanges, ...rest } = block;
  // Tool changes come back as response blocks, which have the shape of the request blocks.
  return toolChanges === undefined ? { ...rest } : { ...rest, tool_changes: toolChanges };
}

/** The request's tokens: the top-level counts plus the compaction iterations, which the API counts apart. */
function compactionUsage(usage: Anthropic.Beta.BetaUsage): TokenUsage {
  let total = usageOfAnswer(usage);
  for (const iteration of usage.iterations ?? []) {
    if (iteration.type === 'compaction') total = addUsage(total, usageOfAnswer(iteration));
  }
  return total;
}
