/**
 * One model turn of an agent's loop: what the loop carries from turn to turn, the check before a turn,
 * the request with the engine's retries and the accounting of its answer (`answerTurn`). The loop itself
 * (`agentLoop.ts`), the fallback retry (`fallback.ts`) and compaction (`loopCompaction.ts`) share them.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentResult, AgentRunContext } from '../contextTypes';
import type { ResolvedModel } from '../../model/modelSpec';
import { streamMessage } from '../../model/call/streamMessage';
import type { InvalidToolInput } from '../../model/call/toolInputs';
import { cacheSavingsOf, costOf } from '../../model/prices';
import { addUsage, usageOfAnswer, type TokenUsage } from '../../model/usage';
import { cancelledResult, requestTurn, type AttemptsResult } from './attempts';
import { type AgentSpend, budgetStop } from './budget';
import { COMPACTION_HEADERS } from './compaction';
import type { ContextMeter } from './context';
import type { Conversation } from './history';
import type { AgentTextLog } from './logCaps';
import type { TurnRequest, TurnRequests } from './request';

/** What the loop carries from turn to turn besides the conversation. */
export interface LoopState {
  spend: AgentSpend;
  /** Output cap wanted for the next request; raised when an answer was cut off before it produced anything. */
  maxTokens: number;
  /** Why compaction did not work, once it failed: the loop does not ask again. */
  compactionProblem: string | undefined;
  /** The agent has shown text (its next text block starts on a new line). */
  spoke: boolean;
}

/** One answer and what it took: the request's estimated input, the output cap it had, the model asked. */
export interface Answer {
  readonly message: Anthropic.Message;
  /** Its tool calls whose input was not valid JSON, by tool_use id. */
  readonly invalidToolInputs?: ReadonlyMap<string, InvalidToolInput>;
  readonly inputTokens: number;
  readonly maxTokens: number;
  readonly model: ResolvedModel;
}

/** What one agent's loop works with besides its context: the conversation, its measure, its requests. */
export interface Loop {
  readonly ctx: AgentRunContext;
  readonly state: LoopState;
  readonly conversation: Conversation;
  readonly meter: ContextMeter;
  readonly requests: TurnRequests;
  /** The agent's streamed text on its way to `agent.text` events, bounded (see `logCaps.ts`). */
  readonly textLog: AgentTextLog;
}

export function stopBeforeTurn(ctx: AgentRunContext, state: LoopState): AgentResult | undefined {
  if (ctx.signal.aborted) return cancelledResult(ctx.signal);
  return budgetStop(ctx, state.spend);
}

/** One turn asked and counted: the answer with what it took (its usage recorded and measured), or the agent's end. */
export async function answerTurn(
  agent: Loop,
  model: ResolvedModel,
  request: TurnRequest,
  turn: number,
  inputTokens: number,
): Promise<{ readonly ok: true; readonly answer: Answer } | { readonly ok: false; readonly end: AgentResult }> {
  const asked = await ask(agent, model, request, turn, inputTokens);
  if (!asked.ok) return asked;
  const usage = record(agent.ctx, agent.state, model.id, usageOfAnswer(asked.message.usage), turn);
  agent.meter.answered(usage, agent.conversation.length);
  return { ok: true, answer: { ...asked, inputTokens, maxTokens: request.params.max_tokens, model } };
}

/** One regular turn with the engine's retries; streamed text and thinking go out as `agent.text`. */
function ask(agent: Loop, model: ResolvedModel, request: TurnRequest, turn: number, inputTokens: number): Promise<AttemptsResult<Anthropic.Message>> {
  const { ctx, state } = agent;
  const headers = agent.conversation.compacted ? COMPACTION_HEADERS : undefined;
  const onText = (text: string): void => {
    state.spoke = true;
    agent.textLog.add(text, 'text');
  };
  const onThinking = (text: string): void => {
    state.spoke = true;
    agent.textLog.add(text, 'thinking');
  };
  return requestTurn(
    ctx,
    {
      send: (settings) => streamMessage({ ...settings, client: ctx.run.client, params: request.params, headers, onText, onThinking, afterText: state.spoke }),
      model: model.id,
      inputTokens,
    },
    turn,
  );
}

/** Counts an answered request: usage event, run budget, the agent's spend. */
export function record(ctx: AgentRunContext, state: LoopState, model: string, usage: TokenUsage, turn: number): TokenUsage {
  const { prices, runBudget } = ctx.run;
  const costUsd = costOf(model, usage, prices);
  const cacheSavingsUsd = cacheSavingsOf(model, usage, prices);
  ctx.emit({ kind: 'agent.usage', taskId: ctx.task.id, model, turn, usage, costUsd, cacheSavingsUsd });
  runBudget.record(usage, costUsd);
  const spend = state.spend;
  state.spend = {
    turns: turn,
    usage: addUsage(spend.usage, usage),
    costUsd: spend.costUsd === null || costUsd === null ? null : spend.costUsd + costUsd,
    startedAt: spend.startedAt,
  };
  return usage;
}
