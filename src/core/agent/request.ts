/**
 * Builds an agent's model requests. The prefix every agent of a run shares (tool definitions, then the
 * shared system block) is byte-identical and ends in a cache breakpoint, so agents 2..N read it from the
 * prompt cache; everything about the task comes after it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentRunContext } from '../engineTypes';
import type { Plan, TaskSpec } from '../plan';

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

/** The request for the next turn of `messages` (the conversation so far, ending with a user message). */
export function buildRequest(ctx: AgentRunContext, messages: readonly Anthropic.MessageParam[]): Anthropic.MessageStreamParams {
  return {
    model: ctx.model,
    max_tokens: ctx.maxOutputTokens,
    system: systemBlocks(ctx.sharedSystem, ctx.task, ctx.plan),
    tools: ctx.toolbox.definitions(ctx.task.phase),
    messages: withConversationBreakpoint(messages),
  };
}

/**
 * A copy of `messages` with a cache breakpoint on the last block of the last user message, so each turn
 * reads the conversation so far from the cache and writes only what is new. The stored conversation is
 * left untouched (the API allows at most four breakpoints; this one moves with the conversation).
 */
export function withConversationBreakpoint(messages: readonly Anthropic.MessageParam[]): Anthropic.MessageParam[] {
  const copy = [...messages];
  const lastIndex = copy.length - 1;
  const last = copy[lastIndex];
  if (last === undefined || last.role !== 'user') {
    return copy;
  }
  const content: Anthropic.ContentBlockParam[] =
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
