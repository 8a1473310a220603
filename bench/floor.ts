/**
 * The SDK floor: the same conversations as a scenario, sent with the same real SDK client, request
 * shapes (tools, system blocks, cache breakpoints) and concurrency, but with no engine around them: no
 * events, reducer, run log, tools, staging or path checks. Its CPU per turn is what the SDK and
 * Node's fetch cost by themselves, so `engine CPU per turn - floor` is the engine's own share, and its
 * efficiency is the best the engine could reach against this fake on this machine.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { createModelClient } from '../src/core/modelClient';
import { effectiveDependencies } from '../src/core/dag';
import { openingMessage, systemBlocks, withConversationBreakpoint } from '../src/core/agent/request';
import type { Plan, TaskSpec } from '../src/core/plan';
import { buildSharedSystem } from '../src/core/prompts';
import { toolDefinitions } from '../src/core/tools/definitions';
import { startMeter } from './measure';

export type FloorResult = {
  readonly wallMs: number;
  readonly turns: number;
  readonly cpuMs: number;
  readonly cpuMsPerTurn: number;
  readonly threadCpuMs: Readonly<Record<string, number>>;
};

const MAX_TOKENS = 8192;

async function converse(client: Anthropic, plan: Plan, shared: string, task: TaskSpec): Promise<number> {
  const tools = toolDefinitions(task.phase);
  const messages: Anthropic.MessageParam[] = [openingMessage(task)];
  for (let turns = 1; ; turns += 1) {
    const stream = client.messages.stream(
      { model: 'claude-bench', max_tokens: MAX_TOKENS, system: systemBlocks(shared, task, plan), tools, messages: withConversationBreakpoint(messages) },
      { maxRetries: 0 },
    );
    const message = await stream.finalMessage();
    const calls = message.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
    if (calls.length === 0 || calls.some((c) => c.name === 'finish')) return turns;
    messages.push({ role: 'assistant', content: calls.map((c) => ({ type: 'tool_use', id: c.id, name: c.name, input: c.input })) });
    messages.push({
      role: 'user',
      content: calls.map((c) => ({ type: 'tool_result', tool_use_id: c.id, content: `Result of ${c.name}: ${JSON.stringify(c.input).slice(0, 120)}` })),
    });
  }
}

/** Runs every task's conversation, honouring the plan's effective dependencies and the cap. */
export async function runSdkFloor(plan: Plan, baseURL: string, maxConcurrency: number): Promise<FloorResult> {
  const client = createModelClient({ apiKey: 'bench', baseURL });
  const shared = buildSharedSystem(plan, undefined);
  const deps = effectiveDependencies(plan);
  const done = new Set<string>();
  const started = new Set<string>();
  let turns = 0;
  const t0 = Date.now();
  // Measured exactly like the engine run.
  const meter = startMeter();
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const pump = (): void => {
      if (done.size === plan.tasks.length) return resolve();
      for (const task of plan.tasks) {
        if (running >= maxConcurrency) break;
        if (started.has(task.id) || !(deps.get(task.id) ?? []).every((d) => done.has(d))) continue;
        started.add(task.id);
        running += 1;
        converse(client, plan, shared, task).then((n) => {
          turns += n;
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
  return { wallMs, turns, cpuMs: measured.cpuMs, cpuMsPerTurn: measured.cpuMs / Math.max(1, turns), threadCpuMs: measured.threadCpuMs };
}
