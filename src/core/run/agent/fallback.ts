/** A refused turn asked again of the fallback model (`fanout.fallbackModel`). */
import type { AgentResult } from '../contextTypes';
import { refusalEnd } from './endings';
import { type Answer, answerTurn, type Loop, stopBeforeTurn } from './loopTurn';

export type Retried = { readonly kind: 'answer'; readonly answer: Answer } | { readonly kind: 'end'; readonly end: AgentResult };

/**
 * A refused turn is asked once of the fallback model, with the same conversation (blocks the fallback
 * cannot read, such as another model's thinking, are dropped by the API) and a request shaped by the
 * fallback's own table entry. The next turn goes back to the task's model.
 */
export async function retryOnFallback(agent: Loop, refused: Answer, refusedTurn: number): Promise<Retried> {
  const { ctx, state, conversation, meter } = agent;
  const fallback = ctx.fallbackModel;
  if (fallback === undefined) return { kind: 'end', end: refusalEnd(refused.message, refused.model.id) };
  ctx.emit({ kind: 'agent.fallback', taskId: ctx.task.id, turn: refusedTurn, from: refused.model.id, to: fallback.id });
  const stop = stopBeforeTurn(ctx, state);
  if (stop !== undefined) return { kind: 'end', end: stop };
  const request = agent.requests.build(conversation.messages, { model: fallback, maxTokens: state.maxTokens });
  const tokens = meter.estimate(fallback.spec, request.bytes, conversation.messages);
  if (tokens > fallback.spec.contextWindow) {
    return { kind: 'end', end: refusalEnd(refused.message, refused.model.id) };
  }
  const turn = refusedTurn + 1;
  const answered = await answerTurn(agent, fallback, request, turn, tokens);
  if (!answered.ok) return { kind: 'end', end: answered.end };
  const { answer } = answered;
  if (answer.message.stop_reason === 'refusal') {
    return { kind: 'end', end: refusalEnd(answer.message, fallback.id, refused.model.id) };
  }
  return { kind: 'answer', answer };
}
