/**
 * Checks the scripted turn durations against what the fake server actually did (its request log:
 * `receivedAt` when the body was read, `endedAt` when the response ended), and splits each agent's
 * active time into server streaming and everything else (engine, SDK, HTTP).
 */
import type { RunState } from '../src/core/run/runState';
import type { LoggedRequest } from '../src/fakeApi/script';
import { framesOf, type AgentScript, type StreamSettings } from './scripts';
import { answerPlanOf } from './shape';

export type TurnCheck = {
  readonly turn: number;
  readonly frames: number;
  readonly scriptedMs: number;
  /** endedAt - receivedAt in the server log. */
  readonly serverMs: number;
  readonly diffMs: number;
};

export type FrameCheck = {
  /** Model requests of the measured scenario found in the server log. */
  readonly requests: number;
  /**
   * Requests whose route/turn could not be tied to a script turn, that did not end 200, or whose
   * answer the fake shaped differently from the scripted durations (another thinking plan).
   */
  readonly unexpected: number;
  readonly framesTotal: number;
  /** Mean and max of (server time - frames × delay) per turn. */
  readonly meanDiffMsPerTurn: number;
  readonly maxDiffMsPerTurn: number;
  /** Mean extra time per frame: the fake's timer lateness. */
  readonly meanDiffMsPerFrame: number;
  /** The first agent's turns, one by one. */
  readonly sampleAgent: { readonly taskId: string; readonly turns: readonly TurnCheck[] };
};

export type AgentGaps = {
  /** Mean over agents of (active time - server streaming time): engine + SDK + HTTP + tools. */
  readonly meanOverheadMsPerAgent: number;
  /** Mean of agent.started -> first request read by the server. */
  readonly meanFirstRequestMs: number;
  /** Mean of a response's end -> the next request of the same agent read by the server (tool run, request build, HTTP). */
  readonly meanBetweenTurnsMs: number;
  /** Mean of the last response's end -> agent.finished. */
  readonly meanFinishMs: number;
};

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** The log's requests per task (route names are task ids), in arrival order, for the given scripts only. */
export function requestsByTask(log: readonly LoggedRequest[], scripts: readonly AgentScript[]): Map<string, LoggedRequest[]> {
  const byTask = new Map<string, LoggedRequest[]>(scripts.map((s) => [s.taskId, []]));
  for (const request of log) {
    if (request.route !== null) byTask.get(request.route)?.push(request);
  }
  return byTask;
}

const serverMsOf = (request: LoggedRequest): number => (request.endedAt ?? request.receivedAt) - request.receivedAt;

export function checkFrames(log: readonly LoggedRequest[], scripts: readonly AgentScript[], settings: StreamSettings): FrameCheck {
  const byTask = requestsByTask(log, scripts);
  const checks: TurnCheck[] = [];
  let unexpected = 0;
  let sample: TurnCheck[] = [];
  for (const script of scripts) {
    const own: TurnCheck[] = [];
    for (const request of byTask.get(script.taskId) ?? []) {
      const turn = request.turnIndex === null ? undefined : script.turns[request.turnIndex];
      if (turn === undefined || request.status !== 200 || request.aborted || request.outcome !== 'message') {
        unexpected += 1;
        continue;
      }
      // The frames the fake sent for this very request (its body decides the thinking), against the script's count.
      const frames = framesOf(turn, settings, script.answer);
      if (request.body === null || framesOf(turn, settings, answerPlanOf(request.body)) !== frames) {
        unexpected += 1;
        continue;
      }
      const scriptedMs = frames * (turn.eventDelayMs ?? settings.eventDelayMs);
      const serverMs = serverMsOf(request);
      own.push({ turn: (request.turnIndex ?? 0) + 1, frames, scriptedMs, serverMs, diffMs: serverMs - scriptedMs });
    }
    if (script === scripts[0]) sample = own;
    checks.push(...own);
  }
  const framesTotal = checks.reduce((a, c) => a + c.frames, 0);
  const diffTotal = checks.reduce((a, c) => a + c.diffMs, 0);
  return {
    requests: checks.length,
    unexpected,
    framesTotal,
    meanDiffMsPerTurn: mean(checks.map((c) => c.diffMs)),
    maxDiffMsPerTurn: checks.length === 0 ? 0 : Math.max(...checks.map((c) => c.diffMs)),
    meanDiffMsPerFrame: framesTotal === 0 ? 0 : diffTotal / framesTotal,
    sampleAgent: { taskId: scripts[0]?.taskId ?? '', turns: sample },
  };
}

/** Server streaming time per task (sum over its requests), for a bound from measured durations. */
export function serverDurations(log: readonly LoggedRequest[], scripts: readonly AgentScript[]): Map<string, number> {
  const byTask = requestsByTask(log, scripts);
  return new Map([...byTask].map(([id, requests]) => [id, requests.reduce((a, r) => a + serverMsOf(r), 0)]));
}

export function agentGaps(state: RunState, log: readonly LoggedRequest[], scripts: readonly AgentScript[]): AgentGaps {
  const byTask = requestsByTask(log, scripts);
  const overhead: number[] = [];
  const first: number[] = [];
  const between: number[] = [];
  const finish: number[] = [];
  for (const script of scripts) {
    const agent = state.agents[script.taskId];
    const requests = byTask.get(script.taskId) ?? [];
    if (agent?.startedAt === undefined || agent.endedAt === undefined || requests.length === 0) continue;
    overhead.push(agent.activeMs - requests.reduce((a, r) => a + serverMsOf(r), 0));
    first.push(requests[0].receivedAt - agent.startedAt);
    for (let i = 1; i < requests.length; i += 1) between.push(requests[i].receivedAt - (requests[i - 1].endedAt ?? requests[i - 1].receivedAt));
    const last = requests[requests.length - 1];
    finish.push(agent.endedAt - (last.endedAt ?? last.receivedAt));
  }
  return {
    meanOverheadMsPerAgent: mean(overhead),
    meanFirstRequestMs: mean(first),
    meanBetweenTurnsMs: mean(between),
    meanFinishMs: mean(finish),
  };
}
