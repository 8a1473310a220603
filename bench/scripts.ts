/**
 * Builds the fake Messages API script for a scenario and computes each agent's scripted duration.
 *
 * A turn's duration is its frame count × the delay the fake waits before every frame. The frame count
 * is not guessed: the turn is shaped for the request the way the fake shapes it (`shapeContent` with
 * the answer plan of the scenario's model, see shape.ts: thinking blocks included) and rendered with
 * `renderMessage`, the very function the fake streams with, with the same settings (`deltaChars`,
 * `pings`) the server is started with.
 */
import type { JsonRoute, MessageTurn } from '../src/fakeApi/script';
import type { ScriptFile } from '../test/fake/scriptFile';
import { shapeContent } from '../src/fakeApi/answerShape';
import { renderMessage } from '../src/fakeApi/sse';
import type { ThinkingPlan } from '../src/fakeApi/thinkingPlan';
import { thinking, toolUse, text } from '../src/fakeApi/turns';
import type { Phase } from '../src/core/plan/plan';
import { answerPlanFor } from './shape';
import { narration, reasoning, writtenModule, type Step } from './prose';

/** Server-wide streaming settings; the script file carries them, so the server and this file agree. */
export interface StreamSettings {
  readonly eventDelayMs: number;
  readonly deltaChars: number;
  readonly pings: boolean;
}

/** One agent's scripted conversation. */
export interface AgentScript {
  readonly taskId: string;
  readonly phase: Phase;
  /** The model its requests name. */
  readonly model: string;
  /** How the fake shapes the answers to its requests (from the request fields the bench sends). */
  readonly answer: ThinkingPlan;
  /** The file it writes (none for validators). */
  readonly writes?: string;
  readonly turns: readonly MessageTurn[];
}

/** Workspace files every scenario starts with (small, text). */
export const WORKSPACE_FILES: Readonly<Record<string, string>> = {
  'README.md': '# Bench workspace\n\nA few small files for the Fanout benchmark.\n',
  'package.json': '{\n  "name": "bench-workspace",\n  "version": "1.0.0"\n}\n',
  'src/shared.ts': 'export interface Item {\n  readonly id: number;\n  readonly name: string;\n}\n\nexport const VERSION = 1;\n',
  'src/util.ts': 'export function clamp(x: number, lo: number, hi: number): number {\n  return Math.min(hi, Math.max(lo, x));\n}\n',
};

/**
 * Realistic streams: the current models send a token or two per delta, about 50 deltas a second per
 * stream (thinking, narration and tool input alike).
 */
export const REALISTIC_DELTA_CHARS = 6;
export const REALISTIC_EVENT_DELAY_MS = 20;

/** The route match for a task: its own "Task id: <id>" line, newline included, so impl-1 never matches impl-12. */
export function matchFor(taskId: string): string {
  return `Task id: ${taskId}\n`;
}

function toolTurn(name: string, input: Record<string, string>, eventDelayMs?: number): MessageTurn {
  return {
    kind: 'message',
    content: [{ type: 'tool_use', name, input }],
    ...(eventDelayMs !== undefined ? { eventDelayMs } : {}),
  };
}

const identOf = (taskId: string): string => taskId.replace(/[^a-zA-Z0-9]/g, '_');

/** Contract / implement agent: read an existing file, write its own file, finish. */
export function writerScript(taskId: string, phase: 'contract' | 'implement', owned: string, model: string, eventDelayMs?: number): AgentScript {
  const ident = identOf(taskId);
  return {
    taskId,
    phase,
    model,
    answer: answerPlanFor(model, phase),
    writes: owned,
    turns: [
      toolTurn('read_file', { path: 'src/shared.ts' }, eventDelayMs),
      toolTurn(
        'write_file',
        { path: owned, content: `import type { Item } from './shared';\n\nexport const ${ident} = (item: Item): string => item.name;\n` },
        eventDelayMs,
      ),
      toolTurn('finish', { summary: `Wrote ${owned}.` }, eventDelayMs),
    ],
  };
}

/** Validator: read one staged file, finish. */
export function validatorScript(taskId: string, reads: string, model: string, eventDelayMs?: number): AgentScript {
  return {
    taskId,
    phase: 'validate',
    model,
    answer: answerPlanFor(model, 'validate'),
    turns: [toolTurn('read_file', { path: reads }, eventDelayMs), toolTurn('finish', { summary: `Checked ${reads}; no findings.` }, eventDelayMs)],
  };
}

/**
 * An implement agent as the current models stream one: every turn thinks first (a summarized thinking
 * block), writes a line of narration before its tool call (sent as thinking on the models that move
 * it there), then the tool call, all in deltas of a token or two. Three turns: read the shared types,
 * write the owned module, finish; a few hundred frames each. `spread` (0..1) lengthens the thinking
 * by up to half, so agents that start together do not end every turn in the same instant, as real
 * ones do not.
 */
export function realisticWriterScript(taskId: string, owned: string, model: string, spread: number, eventDelayMs = REALISTIC_EVENT_DELAY_MS): AgentScript {
  const turn = (content: MessageTurn['content']): MessageTurn => ({ kind: 'message', content, eventDelayMs, deltaChars: REALISTIC_DELTA_CHARS });
  const think = (step: Step, chars: number) => thinking(reasoning(taskId, step, Math.round(chars * (1 + spread / 2))));
  return {
    taskId,
    phase: 'implement',
    model,
    answer: answerPlanFor(model, 'implement'),
    writes: owned,
    turns: [
      turn([think('read', 800), text(narration(taskId, 'read')), toolUse('read_file', { path: 'src/shared.ts' })]),
      turn([think('write', 600), text(narration(taskId, 'write')), toolUse('write_file', { path: owned, content: writtenModule(identOf(taskId), 1100) })]),
      turn([
        think('finish', 300),
        text(narration(taskId, 'finish')),
        toolUse('finish', { summary: `Wrote ${owned}: a formatter, a comparator and a small index over Item, typed against src/shared.ts.` }),
      ]),
    ],
  };
}

/** Frames the fake streams for this turn answering a request with this plan (requestBytes and ids do not change the count). */
export function framesOf(turn: MessageTurn, settings: StreamSettings, plan: ThinkingPlan): number {
  return renderMessage(
    { ...turn, content: shapeContent(turn.content, plan) },
    {
      messageId: 'msg_count',
      model: 'claude-count',
      requestBytes: 0,
      toolIdPrefix: 'toolu_count',
      deltaChars: turn.deltaChars ?? settings.deltaChars,
      pings: settings.pings,
    },
  ).frames.length;
}

/** Scripted wall time of one turn: every frame waits the delay first (exchange.writeFrames). */
export function turnDurationMs(turn: MessageTurn, settings: StreamSettings, plan: ThinkingPlan): number {
  return framesOf(turn, settings, plan) * (turn.eventDelayMs ?? settings.eventDelayMs);
}

export function scriptedDurationMs(script: AgentScript, settings: StreamSettings): number {
  return script.turns.reduce((sum, turn) => sum + turnDurationMs(turn, settings, script.answer), 0);
}

/** The script file for `serve.ts`: one route per agent, matched by its task id line. */
export function buildScriptFile(agents: readonly AgentScript[], settings: StreamSettings): ScriptFile {
  const routes: JsonRoute[] = agents.map((agent) => ({ name: agent.taskId, match: matchFor(agent.taskId), turns: [...agent.turns] }));
  return { routes, eventDelayMs: settings.eventDelayMs, deltaChars: settings.deltaChars, pings: settings.pings };
}
