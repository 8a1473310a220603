/**
 * Geometry of Fanout's run timeline: one row per agent, positioned in percent of the run's wall
 * time, so the bars stay proportional at any sidebar width. Pure, for the tests.
 */
import type { AgentState, AgentStatus } from '../../src/core/run/runState';
import { formatOffset } from '../format';
import { END_REASON_LABEL, STATUS_LABEL } from './labels';
import { definedFields } from '../../src/core/definedFields';

/** A horizontal span in percent of the run's wall time. */
export interface Segment {
  readonly left: number;
  readonly width: number;
}

export interface TimelineRow {
  readonly taskId: string;
  readonly status: AgentStatus;
  /** Waiting for a model slot or a dependency: drawn lighter. */
  readonly queued?: Segment;
  /** The current (or last) attempt, from start to end or to the run's clock. */
  readonly active?: Segment;
  /** Offsets from the run's start, in ms. */
  readonly startMs?: number;
  readonly endMs?: number;
  readonly queuedMs?: number;
  /** True once the attempt on the bar has ended (done, failed, cancelled). */
  readonly ended: boolean;
  readonly retries: number;
  /** The text alternative: "types: 0.0s–4.2s, done", with why it ended (refusal, full window), retries, compactions and a fallback. */
  readonly label: string;
}

export interface Tick {
  readonly left: number;
  readonly label: string;
}

function clampPct(v: number): number {
  return Math.min(100, Math.max(0, v));
}

function segment(from: number, to: number, runStart: number, span: number): Segment {
  const left = clampPct(((from - runStart) / span) * 100);
  const right = clampPct(((to - runStart) / span) * 100);
  return { left: round(left), width: round(Math.max(0, right - left)) };
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** One row per agent, in the order given, scaled to `runStart..runEnd` (the run's wall time). */
export function timelineRows(agents: readonly AgentState[], runStart: number, runEnd: number): readonly TimelineRow[] {
  const span = Math.max(1, runEnd - runStart);
  return agents.map((a) => {
    // A manual retry queues the agent again: its previous attempt's start is then out of date.
    const started = a.startedAt !== undefined && (a.queuedAt === undefined || a.startedAt >= a.queuedAt) ? a.startedAt : undefined;
    const end = a.endedAt ?? runEnd;
    const waitEnd = started ?? end;
    const queued = a.queuedAt !== undefined && a.queuedAt < waitEnd ? segment(a.queuedAt, waitEnd, runStart, span) : undefined;
    const active = started !== undefined ? segment(started, Math.max(started, end), runStart, span) : undefined;
    const startMs = started !== undefined ? started - runStart : undefined;
    const endMs = started !== undefined ? Math.max(started, end) - runStart : undefined;
    const queuedMs = a.queuedAt !== undefined ? a.queuedAt - runStart : undefined;
    const status = STATUS_LABEL[a.status].toLowerCase();
    let when: string;
    if (startMs !== undefined && endMs !== undefined) when = `${formatOffset(startMs)}–${formatOffset(endMs)}`;
    else if (queuedMs !== undefined) when = `waiting since ${formatOffset(queuedMs)}`;
    else when = 'not started';
    const retries = a.retries > 0 ? `, ${a.retries} ${a.retries === 1 ? 'retry' : 'retries'}` : '';
    const compactions = a.compactions ?? 0;
    const notes =
      (a.reason === 'refusal' || a.reason === 'context-window' ? `: ${END_REASON_LABEL[a.reason].toLowerCase()}` : '') +
      retries +
      (compactions > 0 ? `, compacted ${compactions === 1 ? 'once' : `${compactions} times`}` : '') +
      (a.fallback ? `, turn ${a.fallback.turn} answered by ${a.fallback.to}` : '');
    return {
      taskId: a.taskId,
      status: a.status,
      ended: started !== undefined && a.endedAt !== undefined,
      retries: a.retries,
      label: `${a.taskId}: ${when}, ${status}${notes}`,
      ...(queued ? { queued } : {}),
      ...(active ? { active } : {}),
      ...definedFields({ startMs, endMs, queuedMs }),
    };
  });
}

const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/** Axis ticks at a round step, at most `max` of them plus 0. */
export function axisTicks(spanMs: number, max = 4): readonly Tick[] {
  const span = Math.max(1, spanMs);
  const stepS = STEPS_S.find((s) => span / 1000 / s <= max) ?? Math.ceil(span / 1000 / max / 3600) * 3600;
  const ticks: Tick[] = [];
  for (let t = 0; t * 1000 <= span; t += stepS) {
    ticks.push({ left: round(((t * 1000) / span) * 100), label: tickLabel(t) });
  }
  return ticks;
}

function tickLabel(s: number): string {
  if (s < 60) return `${s}s`;
  if (s < 3600) return s % 60 === 0 ? `${s / 60}m` : `${Math.floor(s / 60)}m${s % 60}s`;
  return s % 3600 === 0 ? `${s / 3600}h` : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}
