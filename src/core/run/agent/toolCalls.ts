/**
 * Runs the tool calls of one assistant message, in order, and builds the tool_result blocks that go
 * back to the model: one per tool_use, in the same order (the API wants them all, first in the next
 * message). A tool that fails or throws becomes an error result the model can act on; only a cancel
 * stops the agent. Read, search and listing results share one allowance per round, so a turn that
 * reads many large files at once cannot push the conversation past the model's window. A call whose
 * input was cut off, was not valid JSON or is larger than any tool takes is answered without running
 * (`callInputs.ts`), and the round says which inputs the history keeps only in part.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentRunContext } from '../contextTypes';
import type { ToolOutcome } from '../../workspace/tools/toolTypes';
import type { InvalidToolInput } from '../../model/call/toolInputs';
import {
  inputChars,
  invalidInputResult,
  invalidInputStandIn,
  KEEP_REFUSED_INPUT_CHARS,
  MAX_TOOL_INPUT_CHARS,
  oversizeInputResult,
  shortenedInput,
  shortenedNote,
  type ToolInputObject,
} from './callInputs';
import { READ_TOOLS, type ReadBudget } from './context';
import { describeError, firstLine } from './text';
import { definedFields } from '../../definedFields';

export interface ToolRound {
  readonly results: Anthropic.ToolResultBlockParam[];
  /** Set when a call to `finish` succeeded: the agent is done with this summary. */
  readonly finished?: { readonly summary: string };
  /** What the history holds in place of an input, by tool_use id: for the calls whose input it does not keep whole. */
  readonly keptInputs: ReadonlyMap<string, ToolInputObject>;
}

/** Calls of the answer that are answered without running. */
export interface UnrunCalls {
  /** The last tool_use when max_tokens cut it off, with the output cap it hit. */
  readonly truncated?: { readonly block: Anthropic.ToolUseBlock; readonly maxTokens: number };
  /** Calls whose input was not valid JSON, by tool_use id. */
  readonly invalid?: ReadonlyMap<string, InvalidToolInput>;
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

export async function runToolCalls(ctx: AgentRunContext, calls: readonly Anthropic.ToolUseBlock[], unrun: UnrunCalls, reads: ReadBudget): Promise<ToolRound> {
  const results: Anthropic.ToolResultBlockParam[] = [];
  const keptInputs = new Map<string, ToolInputObject>();
  let finished: { readonly summary: string } | undefined;

  for (const call of calls) {
    if (ctx.signal.aborted) {
      break;
    }
    const answered = answerWithoutRunning(call, unrun);
    if (answered !== undefined) {
      emitCall(ctx, call);
      emitResult(ctx, call, false, answered.summary);
      const kept = answered.kept ?? keptOfRefused(call);
      if (kept !== undefined) keptInputs.set(call.id, kept);
      results.push(answered.kept === undefined && kept !== undefined ? withShortenedNote(answered.result, call) : answered.result);
      continue;
    }
    emitCall(ctx, call);
    const outcome = await executeWithin(ctx, call, reads);
    emitResult(ctx, call, !outcome.isError, firstLine(outcome.content));
    const result: Anthropic.ToolResultBlockParam = {
      type: 'tool_result',
      tool_use_id: call.id,
      content: outcome.content,
      ...(outcome.isError ? { is_error: true } : {}),
    };
    const kept = outcome.isError ? keptOfRefused(call) : undefined;
    if (kept !== undefined) keptInputs.set(call.id, kept);
    results.push(kept !== undefined ? withShortenedNote(result, call) : result);
    if (outcome.finished !== undefined && !outcome.isError) {
      finished = outcome.finished;
    }
  }
  return finished === undefined ? { results, keptInputs } : { results, finished, keptInputs };
}

interface Unrun {
  readonly result: Anthropic.ToolResultBlockParam;
  /** The agent card's line. */
  readonly summary: string;
  /** What the history holds in place of the input (absent: the input as sent). */
  readonly kept?: ToolInputObject;
}

/** The answer to a call that is not run (cut off, not valid JSON, larger than any tool takes); undefined for a call to run. */
function answerWithoutRunning(call: Anthropic.ToolUseBlock, unrun: UnrunCalls): Unrun | undefined {
  if (call === unrun.truncated?.block) {
    return { result: truncatedCallResult(call, unrun.truncated.maxTokens), summary: 'not run: input cut off by the output limit' };
  }
  const invalid = unrun.invalid?.get(call.id);
  if (invalid !== undefined) {
    return { result: invalidInputResult(call, invalid), summary: 'not run: input was not valid JSON', kept: invalidInputStandIn(invalid) };
  }
  const chars = inputChars(call.input, MAX_TOOL_INPUT_CHARS);
  if (chars > MAX_TOOL_INPUT_CHARS) {
    return { result: oversizeInputResult(call, chars), summary: 'not run: input larger than any tool takes', kept: shortenedInput(inputObject(call)) };
  }
  return undefined;
}

/** What the history keeps of a refused call's input: only the start of its long strings when it is large, else all of it (undefined). */
function keptOfRefused(call: Anthropic.ToolUseBlock): ToolInputObject | undefined {
  return inputChars(call.input, KEEP_REFUSED_INPUT_CHARS) > KEEP_REFUSED_INPUT_CHARS ? shortenedInput(inputObject(call)) : undefined;
}

/** The result with a line saying its call's input is kept only in part. */
function withShortenedNote(result: Anthropic.ToolResultBlockParam, call: Anthropic.ToolUseBlock): Anthropic.ToolResultBlockParam {
  return {
    ...result,
    content: `${typeof result.content === 'string' ? result.content : ''}${shortenedNote(inputChars(call.input, Number.POSITIVE_INFINITY))}`,
  };
}

function inputObject(call: Anthropic.ToolUseBlock): ToolInputObject {
  const input = call.input;
  return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as ToolInputObject) : {};
}

function emitResult(ctx: AgentRunContext, call: Anthropic.ToolUseBlock, ok: boolean, summary: string): void {
  ctx.emit({ kind: 'agent.toolResult', taskId: ctx.task.id, toolUseId: call.id, tool: call.name, ok, summary });
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
    ...definedFields({ path: described.path }),
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
