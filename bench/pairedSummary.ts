/**
 * The arithmetic of `bench/pairs.ts`: rounds in which every configuration ran once, side by side in
 * one process, summarised as medians per configuration and paired ratios against a reference.
 */
import { definedFields } from '../src/core/definedFields';
import { medianOf, round } from './stats';

/** What one configuration cost in one round, per model turn. */
export interface RoundCost {
  /** CPU of the whole process (every thread) per turn, ms. */
  readonly cpuMsPerTurn: number;
  /** CPU of the JavaScript thread alone per turn, ms; undefined where the system does not tell it. */
  readonly mainMsPerTurn?: number;
  /** Wall time of the whole run, ms. */
  readonly wallMs: number;
}

/** One round: each configuration's cost, by name. */
export type Round = Readonly<Record<string, RoundCost>>;

export interface PairedRatio {
  /** The configuration measured. */
  readonly name: string;
  /** What it is compared with. */
  readonly against: string;
  /** Median over the rounds of (name's CPU per turn ÷ against's, in the same round). */
  readonly median: number;
  /** Every round's ratio, in round order. */
  readonly rounds: readonly number[];
  /** Sum of name's CPU per turn over the rounds ÷ against's. */
  readonly ofSums: number;
  /** The same median on the JavaScript thread's CPU; undefined where it was not measured. */
  readonly mainMedian?: number;
}

export interface PairedSummary {
  /** Median CPU per turn (ms) of each configuration, of its JavaScript thread where measured, and its median wall time. */
  readonly medians: Readonly<Record<string, { readonly cpuMsPerTurn: number; readonly mainMsPerTurn?: number; readonly wallMs: number }>>;
  readonly ratios: readonly PairedRatio[];
}

/** Paired ratios of each of `compared` against `against`, and every configuration's medians. */
export function summarisePairs(rounds: readonly Round[], compared: readonly { name: string; against: string }[]): PairedSummary {
  if (rounds.length === 0) throw new Error('no rounds to summarise');
  const names = Object.keys(rounds[0] as Round);
  const costOf = (r: Round, name: string): RoundCost => {
    const cost = r[name];
    if (cost === undefined) throw new Error(`a round has no "${name}"`);
    return cost;
  };
  const mains = (name: string): number[] | undefined => {
    const values = rounds.map((r) => costOf(r, name).mainMsPerTurn);
    return values.every((v): v is number => v !== undefined) ? values : undefined;
  };
  const medians: Record<string, { cpuMsPerTurn: number; mainMsPerTurn?: number; wallMs: number }> = {};
  for (const name of names) {
    const main = mains(name);
    medians[name] = {
      cpuMsPerTurn: round(medianOf(rounds.map((r) => costOf(r, name).cpuMsPerTurn)), 3),
      ...definedFields({ mainMsPerTurn: main === undefined ? undefined : round(medianOf(main), 3) }),
      wallMs: round(medianOf(rounds.map((r) => costOf(r, name).wallMs)), 1),
    };
  }
  const ratios = compared.map(({ name, against }): PairedRatio => {
    const each = rounds.map((r) => costOf(r, name).cpuMsPerTurn / costOf(r, against).cpuMsPerTurn);
    const sum = (n: string) => rounds.reduce((total, r) => total + costOf(r, n).cpuMsPerTurn, 0);
    const mainOf = mains(name);
    const mainAgainst = mains(against);
    const main = mainOf !== undefined && mainAgainst !== undefined ? medianOf(mainOf.map((m, i) => m / (mainAgainst[i] as number))) : undefined;
    return {
      name,
      against,
      median: round(medianOf(each), 3),
      rounds: each.map((x) => round(x, 3)),
      ofSums: round(sum(name) / sum(against), 3),
      ...definedFields({ mainMedian: main === undefined ? undefined : round(main, 3) }),
    };
  });
  return { medians, ratios };
}
