/**
 * The agent loop: ask the model, run the tools it calls, feed the results back, until it calls
 * `finish`, ends its turn without a tool call, hits a budget, fails for good, or is cancelled.
 * `runAgent` never throws: every ending is an AgentResult (the scheduler turns it into agent.finished).
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentResult, AgentRunContext } from '../engineTypes';
import { cacheSavingsOf, costOf } from '../prices';
import { addUsage, type TokenUsage, ZERO_USAGE } from '../usage';
import { cancelledResult, requestTurn } from './attempts';
import { type AgentSpend, budgetStop } from './budget';
import { openingMessage } from './request';
import { describeError, bounded } from './text';
import { runToolCalls } from './toolCalls';

/** Longest summary taken from a final text answer (the finish tool's summary is taken as given). */
const MAX_TEXT_SUMMARY = 2000;

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

async function loop(ctx: AgentRunContext): Promise<AgentResult> {
  const messages: Anthropic.MessageParam[] = [openingMessage(ctx.task, ctx.taskContext)];
  let spend: AgentSpend = { turns: 0, usage: ZERO_USAGE, costUsd: 0, startedAt: ctx.now() };

  for (;;) {
    if (ctx.signal.aborted) {
      return cancelledResult(ctx.signal);
    }
    const stop = budgetStop(ctx, spend);
    if (stop !== undefined) {
      return stop;
    }
    const turn = spend.turns + 1;
    const response = await requestTurn(ctx, messages, turn);
    if (!response.ok) {
      return response.end;
    }
    const message = response.message;
    const usage = usageOf(message.usage);
    const costUsd = costOf(ctx.model, usage, ctx.prices);
    const cacheSavingsUsd = cacheSavingsOf(ctx.model, usage, ctx.prices);
    ctx.emit({ kind: 'agent.usage', taskId: ctx.task.id, model: ctx.model, turn, usage, costUsd, cacheSavingsUsd });
    ctx.runBudget.record(usage, costUsd);
    spend = {
      turns: turn,
      usage: addUsage(spend.usage, usage),
      costUsd: spend.costUsd === null || costUsd === null ? null : spend.costUsd + costUsd,
      startedAt: spend.startedAt,
    };

    const end = await continueAfter(ctx, message, messages);
    if (end !== undefined) {
      return end;
    }
  }
}

/** Handles one model answer: appends to `messages` and returns undefined to go on, or the agent's end. */
async function continueAfter(
  ctx: AgentRunContext,
  message: Anthropic.Message,
  messages: Anthropic.MessageParam[],
): Promise<AgentResult | undefined> {
  const assistant = assistantContent(message.content);
  const calls = message.content.filter((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use');
  const text = message.content
    .filter((block): block is Anthropic.TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('')
    .trim();

  if (message.stop_reason === 'refusal') {
    return { outcome: 'failed', reason: 'error', message: `The model declined to continue this task (refusal). ${bounded(text, 300)}`.trim() };
  }
  if (message.stop_reason === 'model_context_window_exceeded') {
    return {
      outcome: 'failed',
      reason: 'error',
      message: "The conversation outgrew the model's context window. Split the task into smaller tasks or choose a model with a larger window.",
    };
  }

  if (calls.length > 0) {
    // With max_tokens, a tool_use that is the last block was cut off mid-input.
    const lastBlock = message.content[message.content.length - 1];
    const truncated = message.stop_reason === 'max_tokens' && lastBlock?.type === 'tool_use' ? lastBlock : undefined;
    messages.push({ role: 'assistant', content: assistant });
    const round = await runToolCalls(ctx, calls, truncated);
    if (ctx.signal.aborted) {
      return cancelledResult(ctx.signal);
    }
    if (round.finished !== undefined) {
      return { outcome: 'done', reason: 'finished', summary: round.finished.summary };
    }
    messages.push({ role: 'user', content: round.results });
    return undefined;
  }

  if (message.stop_reason === 'max_tokens' || message.stop_reason === 'pause_turn') {
    if (assistant.length > 0) {
      messages.push({ role: 'assistant', content: assistant });
    }
    if (message.stop_reason === 'max_tokens') {
      appendUserText(
        messages,
        `Your reply was cut off at the output limit (${ctx.maxOutputTokens} tokens). Continue from where it stopped, in smaller steps, and call finish when you are done.`,
      );
    }
    return undefined;
  }

  // end_turn (or a stop sequence) without a tool call: the agent considers itself done.
  return text === '' ? { outcome: 'done', reason: 'finished' } : { outcome: 'done', reason: 'finished', summary: bounded(text, MAX_TEXT_SUMMARY) };
}

function usageOf(usage: Anthropic.Usage): TokenUsage {
  return {
    input: usage.input_tokens,
    output: usage.output_tokens,
    cacheWrite: usage.cache_creation_input_tokens ?? 0,
    cacheRead: usage.cache_read_input_tokens ?? 0,
  };
}

/** The assistant's answer as request content: only the block kinds an agent turn produces, no empty text. */
function assistantContent(content: readonly Anthropic.ContentBlock[]): Anthropic.ContentBlockParam[] {
  const blocks: Anthropic.ContentBlockParam[] = [];
  for (const block of content) {
    switch (block.type) {
      case 'text':
        if (block.text !== '') {
          blocks.push({ type: 'text', text: block.text });
        }
        break;
      case 'tool_use':
        blocks.push({ type: 'tool_use', id: block.id, name: block.name, input: isObject(block.input) ? block.input : {} });
        break;
      case 'thinking':
        blocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
        break;
      case 'redacted_thinking':
        blocks.push({ type: 'redacted_thinking', data: block.data });
        break;
      default:
        // Server-tool blocks never occur: agents get no server tools.
        break;
    }
  }
  return blocks;
}

/** Adds a text note as the next user turn, merged into the last message when that is already a user's. */
function appendUserText(messages: Anthropic.MessageParam[], text: string): void {
  const last = messages[messages.length - 1];
  if (last?.role === 'user') {
    const content: Anthropic.ContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
    content.push({ type: 'text', text });
    messages[messages.length - 1] = { role: 'user', content };
    return;
  }
  messages.push({ role: 'user', content: text });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
