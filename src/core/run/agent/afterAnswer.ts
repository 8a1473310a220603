/**
 * What the loop does with one model answer: run its tool calls and record the turn, go on after a
 * pause or an output limit, or end the agent (finished, or the window filled).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentResult, AgentRunContext } from '../contextTypes';
import { cancelledResult } from './attempts';
import { messageListBytes, readAllowance, ReadBudget } from './context';
import { windowExceededEnd } from './endings';
import { answerText, assistantContent, type Conversation } from './history';
import { capSummary } from './logCaps';
import type { Answer, Loop, LoopState } from './loopTurn';
import { bounded } from './text';
import { runToolCalls } from './toolCalls';

/** Longest summary taken from a final text answer (the finish tool's summary is taken as given). */
const MAX_TEXT_SUMMARY = 2000;

/** The user turn after an answer the API paused (`pause_turn`): the current models take no assistant prefill. */
export const CONTINUE_AFTER_PAUSE = 'Continue.';

/** Handles one model answer: appends to the conversation and returns undefined to go on, or the agent's end. */
export async function continueAfter(agent: Loop, answer: Answer): Promise<AgentResult | undefined> {
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
