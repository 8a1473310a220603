/**
 * The loop's side of compaction: whether the conversation may be compacted now, and what follows a
 * summary (the conversation, the saved transcript and the window measure start over from it). The
 * request and its answer are `compaction.ts`.
 */
import type { AgentResult } from '../contextTypes';
import type { ResolvedModel } from '../../model/modelSpec';
import { AFTER_COMPACTION_NOTE, compact } from './compaction';
import type { Conversation } from './history';
import { type Loop, type LoopState, record } from './loopTurn';
import type { TurnRequest } from './request';

export function mayCompact(model: ResolvedModel, state: LoopState, conversation: Conversation): boolean {
  // Right after a compaction there is nothing new to summarize.
  const fresh = conversation.compacted && conversation.length === 1;
  return model.spec.compaction && state.compactionProblem === undefined && !fresh;
}

/**
 * Compacts the conversation `request` was built from; returns the agent's end when the request ended it,
 * or undefined to go on (with the conversation compacted, or with `compactionProblem` set).
 */
export async function compactConversation(agent: Loop, request: TurnRequest, tokensBefore: number, turn: number): Promise<AgentResult | undefined> {
  const { ctx, state, conversation, meter } = agent;
  const result = await compact(ctx, request.params, turn);
  if (result.kind === 'ended') return result.end;
  record(ctx, state, ctx.model.id, result.usage, turn);
  if (result.kind === 'unavailable') {
    state.compactionProblem = result.why;
    return undefined;
  }
  conversation.replaceByCompaction(result.block, AFTER_COMPACTION_NOTE);
  ctx.transcript?.reset(turn, conversation.messages);
  meter.reset();
  const next = agent.requests.build(conversation.messages, { model: ctx.model, maxTokens: state.maxTokens });
  const tokensAfter = meter.estimate(ctx.model.spec, next.bytes, conversation.messages);
  ctx.emit({ kind: 'agent.compacted', taskId: ctx.task.id, turn, tokensBefore, tokensAfter });
  return undefined;
}
