/**
 * Builds an agent's model requests. The prefix every agent of a run shares (tool definitions, then the
 * shared system block) is byte-identical and ends in a cache breakpoint, so agents 2..N read it from the
 * prompt cache; everything about the task comes after it.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentRunContext } from '../contextTypes';
import { shapeRequest } from '../../model/requestShape';
import type { ResolvedModel } from '../../model/modelSpec';
import type { Plan, TaskSpec } from '../../plan/plan';
import { messageListBytes } from './context';
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
  const action = task.phase === 'validate' ? 'Review the staged changes and report findings' : 'Make the changes it asks for, writing only files you own';
  const ask = `Do task "${task.id}" (${task.title}) as described in the system prompt. ${action}. When you are done, call the finish tool with a short summary of what you did.`;
  return { role: 'user', content: taskContext.trim() === '' ? ask : `${taskContext.trim()}\n\n${ask}` };
}

export interface TurnRequestOptions {
  /** The model that answers (the task's, or the fallback after a refusal), resolved against the table. */
  readonly model: ResolvedModel;
  /** The output cap wanted; capped at the model's maximum. */
  readonly maxTokens: number;
}

/** A turn's request and the size of the body the SDK sends for it. */
export interface TurnRequest {
  readonly params: Anthropic.MessageStreamParams;
  /** Bytes of `JSON.stringify({ ...params, stream: true })`, measured without serialising the whole body again. */
  readonly bytes: number;
}

/** What a turn's request holds besides the messages, and its size with an empty message list. */
interface RequestHead {
  readonly fields: Omit<Anthropic.MessageStreamParams, 'messages'>;
  readonly bytes: number;
}

/**
 * An agent's turn requests. Thinking, effort and the output cap come from the model table
 * (`shapeRequest`): on the current models that is adaptive thinking with the `summarized` display, so
 * the notes the model writes between tool calls come back as text. Nothing but the messages varies
 * between turns: system and tools are byte-identical for the whole conversation, which the thinking
 * blocks in it are bound to. So that part (the "head") is built, and measured, once per model and
 * output cap, not once per turn.
 */
export class TurnRequests {
  readonly #heads = new Map<string, RequestHead>();

  constructor(private readonly ctx: AgentRunContext) {}

  /** The request for the next turn of `messages` (the conversation so far, ending with a user message). */
  build(messages: readonly HistoryMessage[], options: TurnRequestOptions): TurnRequest {
    const head = this.#head(options);
    const sent = withConversationBreakpoint(messages);
    return {
      // The history may start with a compaction block, a beta block type the regular request type does
      // not list; the API takes it under the compaction beta header, which such requests carry.
      params: { ...head.fields, messages: sent as Anthropic.MessageParam[] },
      // The head was measured with `"messages":[]`; the list's own brackets are in it already.
      bytes: head.bytes - 2 + sentListBytes(messages, sent),
    };
  }

  #head(options: TurnRequestOptions): RequestHead {
    const key = `${options.model.id}\n${options.maxTokens}`;
    let head = this.#heads.get(key);
    if (head === undefined) {
      const ctx = this.ctx;
      const shaped = shapeRequest(options.model, {
        role: ctx.task.phase === 'validate' ? 'validator' : 'agent',
        effort: ctx.effort,
        maxTokens: options.maxTokens,
      });
      const fields = {
        model: options.model.id,
        system: systemBlocks(ctx.run.sharedSystem, ctx.task, ctx.plan),
        tools: ctx.run.toolbox.definitions(ctx.task.phase),
        ...shaped.fields,
      };
      // Same key order as the sent body: the fields, then messages, then the SDK's `stream`.
      head = { fields, bytes: Buffer.byteLength(JSON.stringify({ ...fields, messages: [], stream: true })) };
      this.#heads.set(key, head);
    }
    return head;
  }
}

/** `,"cache_control":{"type":"ephemeral"}`: what the breakpoint adds to the JSON of the block it marks. */
const BREAKPOINT_BYTES = Buffer.byteLength(`,"cache_control":${JSON.stringify(EPHEMERAL)}`);
/** What turning string content into one text block adds around the string's JSON. */
const TEXT_BLOCK_BYTES = Buffer.byteLength('[{"type":"text","text":}]');

/**
 * Bytes of the sent message list: the conversation's messages (each measured once, see
 * `messageListBytes`) plus what the breakpoint adds to the last one. That is computed, not measured:
 * the last message is the newest, often the largest (a round of tool results), and serialising its
 * marked copy as well would measure it twice each turn.
 */
function sentListBytes(messages: readonly HistoryMessage[], sent: readonly HistoryMessage[]): number {
  const last = messages[messages.length - 1];
  if (last === undefined || last === sent[sent.length - 1]) return messageListBytes(sent);
  const added = breakpointBytes(last);
  return added === undefined ? messageListBytes(sent) : messageListBytes(messages) + added;
}

/** What `withConversationBreakpoint` adds to `last`'s JSON; undefined for a shape the conversation never builds. */
function breakpointBytes(last: HistoryMessage): number | undefined {
  const keys = Object.keys(last);
  if (last.role !== 'user' || keys.length !== 2 || keys[0] !== 'role' || keys[1] !== 'content') return undefined;
  const content = last.content;
  if (typeof content === 'string') return TEXT_BLOCK_BYTES + BREAKPOINT_BYTES;
  const tail = content.at(-1);
  return tail === undefined || 'cache_control' in tail ? undefined : BREAKPOINT_BYTES;
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
  if (last?.role !== 'user') {
    return copy;
  }
  const content: Anthropic.Beta.BetaContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content];
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
