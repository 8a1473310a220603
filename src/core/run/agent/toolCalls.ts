/**
 * Runs the tool calls of one assistant message, in order, and builds the tool_result blocks that go
 * back to the model: one per tool_use, in the same order (the API wants them all, first in the next
 * message). A tool that fails or throws becomes an error result the model can act on; only a cancel
 * stops the agent. Read, search and listing results share one allowance per round, so a turn that
 * reads many large files at once cannot push the conversation past the model's window.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentRunContext, ToolOutcome } from '../engineTypes';
import { READ_TOOLS, type ReadBudget } from './context';
import { describeError, firstLine } from './text';

export interface ToolRound {
  readonly results: Anthropic.ToolResultBlockParam[];
  /** Set when a call to `finish` succeeded: the agent is done with this summary. */
  readonly finished?: { readonly summary: string };
}

/** A tool_use block cut off by max_tokens: its input is incomplete, so it is answered, not run. */
export function truncatedCallResult(block: Anthropic.ToolUseBlock, maxOutputTokens: number): Anthropic.ToolResultBlockParam {
  return {
    type: 'tool_result',
    tool_use_id: block.id,
    is_error: true,
    content:
      `Your reply hit the output limit (${maxOutputTokens} tokens) while writing this ${block.name} call, so its input was incomplete and it was not run. ` +
      'Call it again with a smaller input (for a large file, write it in parts: a first write, then edits).',
  };
}

export async function runToolCalls(
  ctx: AgentRunContext,
  calls: readonly Anthropic.ToolUseBlock[],
  /** The last tool_use when max_tokens cut it off, with the output cap it hit. */
  truncated: { readonly block: Anthropic.ToolUseBlock; readonly maxTokens: number } | undefined,
  reads: ReadBudget,
): Promise<ToolRound> {
  const results: Anthropic.ToolResultBlockParam[] = [];
  let finished: { readonly summary: string } | undefined;

  for (const call of calls) {
    if (ctx.signal.aborted) {
      break;
    }
    if (call === truncated?.block) {
      const result = truncatedCallResult(call, truncated.maxTokens);
      emitCall(ctx, call);
      ctx.emit({
        kind: 'agent.toolResult',
        taskId: ctx.task.id,
        toolUseId: call.id,
        tool: call.name,
        ok: false,
        summary: 'not run: input cut off by the output limit',
      });
      results.push(result);
      continue;
    }
    emitCall(ctx, call);
    const outcome = await executeWithin(ctx, call, reads);
    ctx.emit({
      kind: 'agent.toolResult',
      taskId: ctx.task.id,
      toolUseId: call.id,
      tool: call.name,
      ok: !outcome.isError,
      summary: firstLine(outcome.content),
    });
    results.push({ type: 'tool_result', tool_use_id: call.id, content: outcome.content, ...(outcome.isError ? { is_error: true } : {}) });
    if (outcome.finished !== undefined && !outcome.isError) {
      finished = outcome.finished;
    }
  }
  return finished === undefined ? { results } : { results, finished };
}

function emitCall(ctx: AgentRunContext, call: Anthropic.ToolUseBlock): void {
  let described: { readonly summary: string; readonly path?: string };
  try {
    described = ctx.run.toolbox.describe(call.name, call.input);
  } catch {
    described = { summary: call.name };
  }
  ctx.emit({
    kind: 'agent.toolCall',
    taskId: ctx.task.id,
    toolUseId: call.id,
    tool: call.name,
    summary: described.summary,
    ...(described.path !== undefined ? { path: described.path } : {}),
  });
}

/** Runs a call; a read whose result does not fit in the round's allowance comes back as an error instead. */
async function executeWithin(ctx: AgentRunContext, call: Anthropic.ToolUseBlock, reads: ReadBudget): Promise<ToolOutcome> {
  if (!READ_TOOLS.has(call.name)) return execute(ctx, call);
  if (reads.exhausted) return { content: reads.refusal(call.name), isError: true };
  const outcome = await execute(ctx, call);
  return reads.take(outcome.content) ? outcome : { content: reads.refusal(call.name), isError: true };
}

/** The agent's context is its tools' context too: it goes to the toolbox whole. */
async function execute(ctx: AgentRunContext, call: Anthropic.ToolUseBlock): Promise<ToolOutcome> {
  try {
    return await ctx.run.toolbox.execute(call.name, call.input, ctx);
  } catch (error) {
    return { content: `The ${call.name} tool failed: ${describeError(error)}`, isError: true };
  }
}
