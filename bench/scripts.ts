/**
 * Builds the fake Messages API script for a scenario and computes each agent's scripted duration.
 *
 * A turn's duration is its frame count × the delay the fake waits before every frame. The frame count
 * is not guessed: it comes from `renderMessage`, the very function the fake streams with, called with
 * the same settings (`deltaChars`, `pings`) the server is started with.
 */
import type { JsonRoute, MessageTurn } from '../src/fakeApi/script';
import type { ScriptFile } from '../test/fake/scriptFile';
import { renderMessage } from '../src/fakeApi/sse';
import type { Phase } from '../src/core/plan';

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

/** Contract / implement agent: read an existing file, write its own file, finish. */
export function writerScript(taskId: string, phase: 'contract' | 'implement', owned: string, eventDelayMs?: number): AgentScript {
  const ident = taskId.replace(/[^a-zA-Z0-9]/g, '_');
  return {
    taskId,
    phase,
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
export function validatorScript(taskId: string, reads: string, eventDelayMs?: number): AgentScript {
  return {
    taskId,
    phase: 'validate',
    turns: [toolTurn('read_file', { path: reads }, eventDelayMs), toolTurn('finish', { summary: `Checked ${reads}; no findings.` }, eventDelayMs)],
  };
}

/** Frames the fake streams for this turn, from its own renderer (requestBytes and ids do not change the count). */
export function framesOf(turn: MessageTurn, settings: StreamSettings): number {
  return renderMessage(turn, {
    messageId: 'msg_count',
    model: 'claude-count',
    requestBytes: 0,
    toolIdPrefix: 'toolu_count',
    deltaChars: turn.deltaChars ?? settings.deltaChars,
    pings: settings.pings,
  }).frames.length;
}

/** Scripted wall time of one turn: every frame waits the delay first (exchange.writeFrames). */
export function turnDurationMs(turn: MessageTurn, settings: StreamSettings): number {
  return framesOf(turn, settings) * (turn.eventDelayMs ?? settings.eventDelayMs);
}

export function scriptedDurationMs(script: AgentScript, settings: StreamSettings): number {
  return script.turns.reduce((sum, turn) => sum + turnDurationMs(turn, settings), 0);
}

/** The script file for `serve.ts`: one route per agent, matched by its task id line. */
export function buildScriptFile(agents: readonly AgentScript[], settings: StreamSettings): ScriptFile {
  const routes: JsonRoute[] = agents.map((agent) => ({ name: agent.taskId, match: matchFor(agent.taskId), turns: [...agent.turns] }));
  return { routes, eventDelayMs: settings.eventDelayMs, deltaChars: settings.deltaChars, pings: settings.pings };
}
