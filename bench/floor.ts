/**
 * The SDK floor: the same conversations as a scenario, sent with the same real SDK client, request
 * shapes (model, thinking, effort and output cap from the model table, tools, system blocks, cache
 * breakpoints) and concurrency, but with no engine around them: no events, reducer, run log, tools,
 * staging or path checks. Its CPU per turn is what the SDK and Node's fetch cost by themselves, so
 * `engine CPU per turn / floor` is what the engine adds, and its efficiency is the best the engine
 * could reach against this fake on this machine.
 *
 * It keeps the rules the API enforces for the model, as any client must: thinking blocks go back
 * verbatim (signature included), no empty or whitespace-only text block, every tool call answered.
 *
 * With `toolWork` it is the tools floor: the same, plus the file work the tool calls ask for, done the
 * plainest way (`write_file` writes its content under a scratch folder, `read_file` reads what an
 * earlier agent wrote there or else the workspace's file) and answered with what it read or wrote. The engine's cost above that floor is what its
 * safety and visibility add (path policy, staging with blobs, events, run state, run log, transcripts).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { definedFields } from '../src/core/definedFields';
import { createModelClient } from '../src/core/model/modelClient';
import { effectiveDependencies } from '../src/core/plan/dag';
import { openingMessage, systemBlocks, withConversationBreakpoint } from '../src/core/run/agent/request';
import type { Plan, TaskSpec } from '../src/core/plan/plan';
import { buildSharedSystem } from '../src/core/run/prompts';
import { toolDefinitions } from '../src/core/workspace/tools/definitions';
import { startMeter, type EventLoopDelay } from './measure';
import { requestFieldsFor } from './shape';

export type FloorResult = {
  /** From the first request to the last answer, by the floor's own clock. */
  readonly wallMs: number;
  /** The meter's window (its share of a core is CPU over this). */
  readonly measuredWallMs: number;
  /** Sum of every conversation's own wall time (the engine's serial-equivalent time). */
  readonly serialMs: number;
  readonly turns: number;
  readonly cpuMs: number;
  readonly cpuMsPerTurn: number;
  readonly cpuShareOfCore: number;
  readonly peakRssMb: number;
  readonly threadCpuMs: Readonly<Record<string, number>>;
  /** CPU ms of the JavaScript thread over the window (see `Measurement.mainThreadMs`). */
  readonly mainThreadMs?: number;
  readonly eventLoop?: EventLoopDelay;
  readonly involuntaryContextSwitches: number;
};

export interface FloorOptions {
  readonly model: string;
  readonly maxConcurrency: number;
  /** Watch the event-loop delay at this resolution (see `startMeter`). */
  readonly eventLoopResolutionMs?: number;
  /** Do the file work the tool calls ask for (the tools floor); without it, answers are canned. */
  readonly toolWork?: ToolWork;
}

/** Where the tools floor reads (the scenario's workspace) and writes (a scratch folder of its own). */
export interface ToolWork {
  readonly root: string;
  readonly scratch: string;
}

function stringField(input: unknown, key: string): string | undefined {
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A tool call's answer: canned, or (with `work`) the plain file read or write it asks for. */
export async function floorToolAnswer(call: Pick<Anthropic.ToolUseBlock, 'name' | 'input'>, work: ToolWork | undefined): Promise<string> {
  const path = stringField(call.input, 'path');
  if (work !== undefined && path !== undefined && call.name === 'read_file') {
    // What an earlier agent wrote, else the workspace's file (as the staging view reads).
    return await readFile(join(work.scratch, path), 'utf8').catch(() => readFile(join(work.root, path), 'utf8'));
  }
  const content = stringField(call.input, 'content');
  if (work !== undefined && path !== undefined && content !== undefined && call.name === 'write_file') {
    const target = join(work.scratch, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    return `Wrote ${content.length} characters to ${path}.`;
  }
  return `Result of ${call.name}: ${JSON.stringify(call.input).slice(0, 120)}`;
}

/** The answer as request content, as the API wants it back. */
function replayable(content: readonly Anthropic.ContentBlock[]): Anthropic.ContentBlockParam[] {
  const blocks: Anthropic.ContentBlockParam[] = [];
  for (const block of content) {
    if (block.type === 'thinking') blocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    else if (block.type === 'redacted_thinking') blocks.push({ type: 'redacted_thinking', data: block.data });
    else if (block.type === 'text' && block.text.trim() !== '') blocks.push({ type: 'text', text: block.text });
    else if (block.type === 'tool_use') blocks.push({ type: 'tool_use', id: block.id, name: block.name, input: block.input });
  }
  return blocks;
}

async function converse(
  client: Anthropic,
  plan: Plan,
  shared: string,
  task: TaskSpec,
  model: string,
  work: ToolWork | undefined,
): Promise<{ turns: number; ms: number }> {
  const started = Date.now();
  const tools = toolDefinitions(task.phase);
  const system = systemBlocks(shared, task, plan);
  const fields = requestFieldsFor(model, task.phase);
  const messages: Anthropic.MessageParam[] = [openingMessage(task)];
  for (let turns = 1; ; turns += 1) {
    const stream = client.messages.stream({ model, system, tools, ...fields, messages: withConversationBreakpoint(messages) }, { maxRetries: 0 });
    const message = await stream.finalMessage();
    const calls = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    if (calls.length === 0 || calls.some((c) => c.name === 'finish')) return { turns, ms: Date.now() - started };
    messages.push({ role: 'assistant', content: replayable(message.content) });
    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const call of calls) results.push({ type: 'tool_result', tool_use_id: call.id, content: await floorToolAnswer(call, work) });
    messages.push({ role: 'user', content: results });
  }
}

/** Runs every task's conversation, honouring the plan's effective dependencies and the cap. */
export async function runSdkFloor(plan: Plan, baseURL: string, options: FloorOptions): Promise<FloorResult> {
  // The client is made before the window, as the engine's is (`prepareEngine`): a run is given one.
  const client = createModelClient({ apiKey: 'bench', baseURL });
  // Measured exactly like the engine run, which also builds its shared system block and order inside.
  const meter = startMeter({ eventLoopResolutionMs: options.eventLoopResolutionMs });
  const t0 = Date.now();
  const shared = buildSharedSystem(plan, undefined);
  const deps = effectiveDependencies(plan);
  const done = new Set<string>();
  const started = new Set<string>();
  let turns = 0;
  let serialMs = 0;
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const pump = (): void => {
      if (done.size === plan.tasks.length) return resolve();
      for (const task of plan.tasks) {
        if (running >= options.maxConcurrency) break;
        if (started.has(task.id) || !(deps.get(task.id) ?? []).every((d) => done.has(d))) continue;
        started.add(task.id);
        running += 1;
        converse(client, plan, shared, task, options.model, options.toolWork).then((conversation) => {
          turns += conversation.turns;
          serialMs += conversation.ms;
          running -= 1;
          done.add(task.id);
          pump();
        }, reject);
      }
    };
    pump();
  });
  const wallMs = Date.now() - t0;
  const measured = meter.stop();
  return {
    wallMs,
    serialMs,
    turns,
    cpuMs: measured.cpuMs,
    cpuMsPerTurn: measured.cpuMs / Math.max(1, turns),
    cpuShareOfCore: measured.cpuShareOfCore,
    measuredWallMs: measured.wallMs,
    peakRssMb: measured.peakRssMb,
    threadCpuMs: measured.threadCpuMs,
    ...definedFields({ mainThreadMs: measured.mainThreadMs }),
    eventLoop: measured.eventLoop,
    involuntaryContextSwitches: measured.involuntaryContextSwitches,
  };
}
