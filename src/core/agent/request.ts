/**
 * Builds an agent's model requests. The prefix every agent of a run shares (tool definitions, then the
 * shared system block) is byte-identical and ends in a cache breakpoint, so agents 2..N read it from the
 * prompt cache; everything about the task comes after it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentRunContext } from '../engineTypes';
import { shapeRequest } from '../models/requestShape';
import type { ResolvedModel } from '../models/modelSpec';
import type { Plan, TaskSpec } from '../plan';
import type { HistoryMessage } from './history';

const EPHEMERAL = { type: 'ephemeral' } as const;

const PHASE_GUIDANCE: Readonly<Record<TaskSpec['phase'], string>> = {
  contract:
    'Contract phase: you write the shared types and interfaces the other tasks build on. Keep them exact and complete; implementers will code against them as written.',
  implement:
    'Implement phase: other agents work on other files at the same time. Write only the files you own; build against the contract and the files of the tasks you depend on.',
  validate:
    'Validate phase: you own no files. Read the combined staged result, check it against the request and the plan, report every problem you find as a finding, then call finish.',
};

/** The task-specific system block: everything that differs between agents of a run. */
export function taskBrief(task: TaskSpec, plan: Plan): string {
  const list = (items: readonly string[]): string => (items.length === 0 ? '(none)' : items.map((item) => `- ${item}`).join('\n'));
  const deps = task.dependsOn.map((id) => {
    const dep = plan.tasks.find((candidate) => candidate.id === id);
    return dep === undefined ? id : `${id} (${dep.title})`;
  });
  return [
    '# Your task',
    `Task id: ${task.id}`,
    `Title: ${task.title}`,
    `Role: ${task.role}`,
    `Phase: ${task.phase}`,
    PHASE_GUIDANCE[task.phase],
    '',
    'Files you own (you may create, modify or delete only these paths or globs):',
    list(task.owns),
    '',
    'Worth reading first:',
    list(task.reads),
    '',
    'Tasks you depend on (their staged changes are visible to you):',
    list(deps),
    '',
    '## Instructions',
    task.instructions,
  ].join('\n');
}

/** System blocks: the shared block (with the cache breakpoint), then the task's own block. */
export function systemBlocks(sharedSystem: string, task: TaskSpec, plan: Plan): Anthropic.TextBlockParam[] {
  const blocks: Anthropic.TextBlockParam[] = [];
  // An empty text block is rejected by the API; with no shared context the tools alone are the prefix.
  if (sharedSystem !== '') {
    blocks.push({ type: 'text', text: sharedSystem, cache_control: EPHEMERAL });
  }
  blocks.push({ type: 'text', text: taskBrief(task, plan) });
  return blocks;
}

/** The conversation's opening user message, with the task's own context (owned files, dependency summaries). */
export function openingMessage(task: TaskSpec, taskContext = ''): Anthropic.MessageParam {
  const action =
    task.phase === 'validate'
      ? 'Review the staged changes and report findings'
      : 'Make the changes it asks for, writing only files you own';
  const ask = `Do task "${task.id}" (${task.title}) as described in the system prompt. ${action}. When you are done, call the finish tool with a short summary of what you did.`;
  return { role: 'user', content: taskContext.trim() === '' ? ask : `${taskContext.trim()}\n\n${ask}` };
}

export interface TurnRequestOptions {
  /** The model that answers (the task's, or the fallback after a refusal), resolved against the table. */
  readonly model: ResolvedModel;
  /** The output cap wanted; capped at the model's maximum. */
  readonly maxTokens: number;
}

/**
 * The request for the next turn of `messages` (the conversation so far, ending with a user message).
 * Thinking, effort and the output cap come from the model table (`shapeRequest`): on the current
 * models that is adaptive thinking with the `summarized` display, so the notes the model writes
 * between tool calls come back as text. Nothing else varies between turns: system and tools are
 * byte-identical for the whole conversation, which the thinking blocks in it are bound to.
 */
export function buildRequest(
  ctx: AgentRunContext,
  messages: readonly HistoryMessage[],
  options: TurnRequestOptions,
): Anthropic.MessageStreamParams {
  const shaped = shapeRequest(options.model, {
    role: ctx.task.phase === 'validate' ? 'validator' : 'agent',
    effort: ctx.effort,
    maxTokens: options.maxTokens,
  });
  return {
    model: options.model.id,
    system: systemBlocks(ctx.sharedSystem, ctx.task, ctx.plan),
    tools: ctx.toolbox.definitions(ctx.task.phase),
    ...shaped.fields,
    // The history may start with a compaction block, a beta block type the regular request type does
    // not list; the API takes it under the compaction beta header, which such requests carry.
    messages: withConversationBreakpoint(messages) as Anthropic.MessageParam[],
  };
}

/**
 * A copy of `messages` with a cache breakpoint on the last block of the last user message, so each turn
 * reads the conversation so far from the cache and writes only what is new. The stored conversation is
 * left untouched (the API allows at most four breakpoints; this one moves with the conversation).
 */
export function withConversationBreakpoint(messages: readonly Anthropic.MessageParam[]): Anthropic.MessageParam[];
export function withConversationBreakpoint(messages: readonly HistoryMessage[]): HistoryMessage[];
export function withConversationBreakpoint(messages: readonly HistoryMessage[]): HistoryMessage[] {
  const copy = [...messages];
  const lastIndex = copy.length - 1;
  const last = copy[lastIndex];
  if (last === undefined || last.role !== 'user') {
    return copy;
  }
  const content: Anthropic.Beta.BetaContentBlockParam[] =
    typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
  const tailIndex = content.length - 1;
  const tail = content[tailIndex];
  if (tail?.type === 'text') {
    content[tailIndex] = { ...tail, cache_control: EPHEMERAL };
  } else if (tail?.type === 'tool_result') {
    content[tailIndex] = { ...tail, cache_control: EPHEMERAL };
  } else {
    return copy;
  }
  copy[lastIndex] = { role: 'user', content };
  return copy;
}
