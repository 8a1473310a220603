/**
 * How many times a bench worker runs each measured configuration (`worker.ts`), and how it sums
 * them. A scenario of 1 agent makes 3 model turns, about 40 ms of CPU: measured once, a timer, a
 * collection or another process on the machine moves its figure by a third either way. So every
 * configuration runs, round after round in a rotating order, until it has made at least
 * `MIN_MEASURED_TURNS` turns, and its figures are the sums over its rounds: CPU per turn is all its
 * CPU over all its turns, efficiency all its bounds over all its walls. Scenarios with that many
 * turns in one run (16 agents and more, the realistic streams) run once, as before.
 */

import { definedFields } from '../src/core/definedFields';

/** The fewest model turns a configuration's figures are measured over. */
export const MIN_MEASURED_TURNS = 48;

/** Rounds that give a scenario of `turnsPerRun` turns at least `MIN_MEASURED_TURNS`. */
export function roundsFor(turnsPerRun: number): number {
  if (!Number.isInteger(turnsPerRun) || turnsPerRun < 1) throw new Error(`a run makes at least one turn, not ${turnsPerRun}`);
  return Math.ceil(MIN_MEASURED_TURNS / turnsPerRun);
}

/** One measured run of one configuration. */
export interface RunSample {
  /** CPU of the process over the run's measured window, ms. */
  readonly cpuMs: number;
  /** CPU of the JavaScript thread over that window, ms, where the system tells it. */
  readonly mainThreadMs?: number;
  readonly turns: number;
  /** The run's wall time (the engine's from its events, a floor's from its own clock), ms. */
  readonly wallMs: number;
  /** The measured window's wall time, ms (the meter's; the share of a core is CPU over it). */
  readonly meterWallMs: number;
  /** The lower bound on the run's wall time from its scripts, ms. */
  readonly boundMs: number;
  readonly peakRssMb: number;
}

/** A configuration's figures over its rounds. */
export interface PooledRuns {
  readonly rounds: number;
  readonly turns: number;
  readonly cpuMs: number;
  readonly cpuMsPerTurn: number;
  readonly mainThreadMsPerTurn?: number;
  /** Mean wall time of one run, ms. */
  readonly wallMs: number;
  /** All bounds over all walls. */
  readonly efficiency: number;
  readonly cpuShareOfCore: number;
  /** The highest peak of any round. */
  readonly peakRssMb: number;
}

export function poolRuns(samples: readonly RunSample[]): PooledRuns {
  if (samples.length === 0) throw new Error('no measured run to pool');
  const sum = (pick: (s: RunSample) => number): number => samples.reduce((total, s) => total + pick(s), 0);
  const turns = sum((s) => s.turns);
  const cpuMs = sum((s) => s.cpuMs);
  const main = samples.every((s) => s.mainThreadMs !== undefined) ? sum((s) => s.mainThreadMs ?? 0) / turns : undefined;
  return {
    rounds: samples.length,
    turns,
    cpuMs,
    cpuMsPerTurn: cpuMs / turns,
    ...definedFields({ mainThreadMsPerTurn: main }),
    wallMs: sum((s) => s.wallMs) / samples.length,
    efficiency: sum((s) => s.boundMs) / sum((s) => s.wallMs),
    cpuShareOfCore: cpuMs / sum((s) => s.meterWallMs),
    peakRssMb: Math.max(...samples.map((s) => s.peakRssMb)),
  };
}
