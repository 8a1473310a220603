/**
 * The agent loop: ask the model, run the tools it calls, feed the results back, until it calls
 * `finish`, ends its turn without a tool call, hits a budget, fails for good, or is cancelled.
 * `runAgent` never throws: every ending is an AgentResult (the scheduler turns it into agent.finished).
 *
 * Every request is shaped by the model table (thinking, effort, output cap) and checked against the
 * model's window first: a conversation past COMPACT_AT of the window is compacted, one that cannot be
 * and would not fit ends the agent. The conversation itself only grows (see `history.ts`).
 *
 * With a transcript (a run with a folder), each finished turn is saved before the next request
 * (`transcript.ts`); a resumed attempt (`ctx.resume`) starts from the saved conversation and its counters.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentResult, AgentRunContext } from '../engineTypes';
import type { ResolvedModel } from '../../model/modelSpec';
import { streamMessage } from '../../model/call/streamMessage';
import type { InvalidToolInput } from '../../model/call/toolInputs';
import { cacheSavingsOf, costOf } from '../../model/prices';
import { addUsage, type TokenUsage, usageOfAnswer, ZERO_USAGE } from '../../model/usage';
import { cancelledResult, requestTurn, type AttemptsResult } from './attempts';
import { type AgentSpend, budgetStop } from './budget';
import { AFTER_COMPACTION_NOTE, compact, COMPACTION_HEADERS } from './compaction';
import { compactionThreshold, ContextMeter, messageListBytes, readAllowance, ReadBudget } from './context';
import { refusalEnd, windowExceededEnd, windowFullEnd } from './endings';
import { answerText, assistantContent, Conversation } from './history';
import { AgentTextLog, capSummary } from './logCaps';
import { openingMessage, TurnRequests, type TurnRequest } from './request';
import { bounded, describeError } from './text';
import { runToolCalls } from './toolCalls';

/** Longest summary taken from a final text answer (the finish tool's summary is taken as given). */
const MAX_TEXT_SUMMARY = 2000;

/** The user turn after an answer the API paused (`pause_turn`): the current models take no assistant prefill. */
export const CONTINUE_AFTER_PAUSE = 'Continue.';

export async function runAgent(ctx: AgentRunContext): Promise<AgentResult> {
  try {
    return await loop(ctx);
  } catch (error) {
    if (ctx.signal.aborted) {
      return cancelledResult(ctx.signal);
    }
    return { outcome: 'failed', reason: 'error', message: `The agent stopped on an internal error: ${describeError(error)}` };
  }
}

/** What the loop carries from turn to turn besides the conversation. */
interface LoopState {
  spend: AgentSpend;
  /** Output cap wanted for the next request; raised when an answer was cut off before it produced anything. */
  maxTokens: number;
  /** Why compaction did not work, once it failed: the loop does not ask again. */
  compactionProblem: string | undefined;
  /** The agent has shown text (its next text block starts on a new line). */
  spoke: boolean;
}

/** One answer and what it took: the request's estimated input, the output cap it had, the model asked. */
interface Answer {
  readonly message: Anthropic.Message;
  /** Its tool calls whose input was not valid JSON, by tool_use id. */
  readonly invalidToolInputs?: ReadonlyMap<string, InvalidToolInput>;
  readonly inputTokens: number;
  readonly maxTokens: number;
  readonly model: ResolvedModel;
}

/** What one agent's loop works with besides its context: the conversation, its measure, its requests. */
interface Loop {
  readonly ctx: AgentRunContext;
  readonly state: LoopState;
  readonly conversation: Conversation;
  readonly meter: ContextMeter;
  readonly requests: TurnRequests;
  /** The agent's streamed text on its way to `agent.text` events, bounded (see `logCaps.ts`). */
  readonly textLog: AgentTextLog;
}

async function loop(ctx: AgentRunContext): Promise<AgentResult> {
  const model = ctx.model;
  const resume = ctx.resume;
  const agent: Loop = {
    ctx,
    state: {
      // A resumed attempt continues its counters: its turns, tokens, cost and time at work before the interruption.
      spend:
        resume !== undefined
          ? { turns: resume.turns, usage: resume.usage, costUsd: resume.costUsd, startedAt: ctx.run.now() - resume.activeMs }
          : { turns: 0, usage: ZERO_USAGE, costUsd: 0, startedAt: ctx.run.now() },
      maxTokens: ctx.run.maxOutputTokens,
      compactionProblem: undefined,
      spoke: resume !== undefined && resume.turns > 0,
    },
    conversation:
      resume !== undefined
        ? Conversation.restore(resume.conversation.messages, resume.conversation.compacted)
        : new Conversation(openingMessage(ctx.task, ctx.taskContext)),
    meter: new ContextMeter(),
    requests: new TurnRequests(ctx),
    textLog: new AgentTextLog((text, source) =>
      ctx.emit(source === 'thinking' ? { kind: 'agent.text', taskId: ctx.task.id, text, source } : { kind: 'agent.text', taskId: ctx.task.id, text }),
    ),
  };
  const { state, conversation, meter } = agent;
  // The opening goes on disk while the first request is out (the writer puts the first turn after it):
  // only a finished turn must be saved before the next request, so a resume never asks it again.
  if (resume === undefined) void ctx.transcript?.start(conversation.messages[0]);

  for (;;) {
    const stop = stopBeforeTurn(ctx, state);
    if (stop !== undefined) return stop;
    const turn = state.spend.turns + 1;
    const request = agent.requests.build(conversation.messages, { model, maxTokens: state.maxTokens });
    const tokens = meter.estimate(model.spec, request.bytes, conversation.messages);

    // A conversation already past the window cannot be compacted either: the summary request holds it all.
    if (tokens > compactionThreshold(model.spec) && tokens <= model.spec.contextWindow && mayCompact(model, state, conversation)) {
      const end = await compactConversation(agent, request, tokens, turn);
      if (end !== undefined) return end;
      continue;
    }
    if (tokens > model.spec.contextWindow) {
      return windowFullEnd(model, tokens, state.compactionProblem);
    }

    const asked = await ask(agent, model, request, turn, tokens);
    if (!asked.ok) return asked.end;
    const usage = record(ctx, state, model.id, usageOfAnswer(asked.message.usage), turn);
    meter.answered(usage, conversation.length);
    let answer: Answer = { ...asked, inputTokens: tokens, maxTokens: request.params.max_tokens, model };

    if (answer.message.stop_reason === 'refusal') {
      const retried = await retryOnFallback(agent, answer, turn);
      if (retried.kind === 'end') return retried.end;
      answer = retried.answer;
    }

    const before = conversation.length;
    const end = await continueAfter(agent, answer);
    // The finished turn goes on disk before the next request, so a resume never asks it again. The
    // finishing turn only in a run with checks: a fix-up round continues the conversation from disk.
    const continues = end === undefined || (end.outcome === 'done' && ctx.run.checks !== undefined);
    if (conversation.length > before && continues) {
      await ctx.transcript?.turn(state.spend.turns, conversation.messages.slice(before));
    }
    if (end === undefined) continue;
    // A run with checks may continue a done agent in a fix-up round: its result carries the conversation.
    return end.outcome === 'done' && ctx.run.checks !== undefined
      ? { ...end, conversation: { messages: [...conversation.messages], compacted: conversation.compacted } }
      : end;
  }
}

function stopBeforeTurn(ctx: AgentRunContext, state: LoopState): AgentResult | undefined {
  if (ctx.signal.aborted) return cancelledResult(ctx.signal);
  return budgetStop(ctx, state.spend);
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
function record(ctx: AgentRunContext, state: LoopState, model: string, usage: TokenUsage, turn: number): TokenUsage {
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

function mayCompact(model: ResolvedModel, state: LoopState, conversation: Conversation): boolean {
  // Right after a compaction there is nothing new to summarize.
  const fresh = conversation.compacted && conversation.length === 1;
  return model.spec.compaction && state.compactionProblem === undefined && !fresh;
}

async function compactConversation(agent: Loop, request: TurnRequest, tokensBefore: number, turn: number): Promise<AgentResult | undefined> {
  const { ctx, state, conversation, meter } = agent;
  const result = await compact(ctx, request.params, turn);
  if (result.kind === 'ended') return result.end;
  record(ctx, state, ctx.model.id, result.usage, turn);
  if (result.kind === 'unavailable') {
    state.compactionProblem = result.why;
    return undefined;
  }
  conversation.replaceByCompaction(result.block, AFTER_COMPACTION_NOTE);
  await ctx.transcript?.reset(turn, conversation.messages);
  meter.reset();
  const next = agent.requests.build(conversation.messages, { model: ctx.model, maxTokens: state.maxTokens });
  const tokensAfter = meter.estimate(ctx.model.spec, next.bytes, conversation.messages);
  ctx.emit({ kind: 'agent.compacted', taskId: ctx.task.id, turn, tokensBefore, tokensAfter });
  return undefined;
}

type Retried = { readonly kind: 'answer'; readonly answer: Answer } | { readonly kind: 'end'; readonly end: AgentResult };

/**
 * A refused turn is asked once of the fallback model, with the same conversation (blocks the fallback
 * cannot read, such as another model's thinking, are dropped by the API) and a request shaped by the
 * fallback's own table entry. The next turn goes back to the task's model.
 */
async function retryOnFallback(agent: Loop, refused: Answer, refusedTurn: number): Promise<Retried> {
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
  const asked = await ask(agent, fallback, request, turn, tokens);
  if (!asked.ok) return { kind: 'end', end: asked.end };
  const usage = record(ctx, state, fallback.id, usageOfAnswer(asked.message.usage), turn);
  meter.answered(usage, conversation.length);
  if (asked.message.stop_reason === 'refusal') {
    return { kind: 'end', end: refusalEnd(asked.message, fallback.id, refused.model.id) };
  }
  return { kind: 'answer', answer: { ...asked, inputTokens: tokens, maxTokens: request.params.max_tokens, model: fallback } };
}

/** Handles one model answer: appends to the conversation and returns undefined to go on, or the agent's end. */
async function continueAfter(agent: Loop, answer: Answer): Promise<AgentResult | undefined> {
  const { ctx, state, conversation, meter } = agent;
  const { message } = answer;
  const assistant = assistantContent(message.content);
  const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');

  if (message.stop_reason === 'model_context_window_exceeded') {
    return windowExceededEnd(answer.model);
  }

  if (calls.length > 0) {
    // With max_tokens, a tool_use that is the last block was cut off mid-input: it is answered, not run.
    const lastBlock = message.content[message.content.length - 1];
    const truncated = message.stop_reason === 'max_tokens' && lastBlock?.type === 'tool_use' ? { block: lastBlock, maxTokens: answer.maxTokens } : undefined;
    const usedTokens = answer.inputTokens + message.usage.output_tokens;
    const reads = new ReadBudget(ctx.model.spec, readAllowance(ctx.model.spec, usedTokens));
    const round = await runToolCalls(ctx, calls, { truncated, invalid: answer.invalidToolInputs }, reads);
    if (ctx.signal.aborted) {
      return cancelledResult(ctx.signal);
    }
    // The turn goes into the history once its calls ran (nothing was sent in between): inputs that were
    // refused for their size or form are kept only in part. A finishing turn too: a fix-up round continues it.
    if (round.keptInputs.size === 0) {
      conversation.appendAssistant(assistant);
    } else {
      conversation.appendAssistant(assistantContent(message.content, round.keptInputs));
      meter.answerKeptShorter(answer.model.spec, messageListBytes(conversation.messages.slice(-1)));
    }
    conversation.appendUser(round.results);
    if (round.finished !== undefined) {
      return { outcome: 'done', reason: 'finished', summary: capSummary(round.finished.summary) };
    }
    return undefined;
  }

  if (message.stop_reason === 'max_tokens') {
    return afterOutputLimit(ctx, state, conversation, answer, assistant);
  }

  if (message.stop_reason === 'pause_turn') {
    // The answer goes back as an assistant turn followed by a user turn asking to go on (an answer
    // ending the conversation would be a prefill). With nothing usable, the same request is sent again.
    if (hasAnswer(assistant)) {
      conversation.appendAssistant(assistant);
      conversation.appendUser(CONTINUE_AFTER_PAUSE);
    }
    return undefined;
  }

  // end_turn (or a stop sequence) without a tool call: the agent considers itself done.
  if (hasAnswer(assistant)) conversation.appendAssistant(assistant);
  const text = answerText(message.content);
  return text === '' ? { outcome: 'done', reason: 'finished' } : { outcome: 'done', reason: 'finished', summary: bounded(text, MAX_TEXT_SUMMARY) };
}

/**
 * Whether an answer has something to send back: text or a tool call. Thinking alone is not enough (an
 * answer cut off while thinking, or whose thinking came back empty under the `omitted` display): it
 * would make an assistant turn with nothing in it but reasoning the model redoes anyway.
 */
function hasAnswer(blocks: readonly Anthropic.ContentBlockParam[]): boolean {
  return blocks.some((block) => block.type === 'text' || block.type === 'tool_use');
}

/**
 * An answer cut off by max_tokens without a tool call. With some text, it goes back (its thinking
 * included, verbatim) and a separate user turn asks to go on. With nothing usable (only thinking, or
 * a thinking block cut before it was signed), nothing is appended and the same request goes again
 * with a larger output cap, up to the model's maximum.
 */
function afterOutputLimit(
  ctx: AgentRunContext,
  state: LoopState,
  conversation: Conversation,
  answer: Answer,
  assistant: readonly Anthropic.ContentBlockParam[],
): AgentResult | undefined {
  if (hasAnswer(assistant)) {
    conversation.appendAssistant(assistant);
    conversation.appendUser(
      `Your reply was cut off at the output limit (${answer.maxTokens} tokens). Continue from where it stopped, in smaller steps, and call finish when you are done.`,
    );
    return undefined;
  }
  const ceiling = answer.model.spec.maxOutputTokens;
  if (answer.maxTokens >= ceiling) {
    return {
      outcome: 'failed',
      reason: 'error',
      message: `${answer.model.id} used its whole output limit (${ceiling} tokens) without producing an answer or a tool call. Split the task into smaller tasks. Files it already staged are kept.`,
    };
  }
  state.maxTokens = Math.min(ceiling, Math.max(answer.maxTokens * 2, ctx.run.maxOutputTokens));
  return undefined;
}
