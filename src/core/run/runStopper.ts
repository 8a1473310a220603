/**
 * A run's one stop path (`halt`) and what feeds it: a cancel (`Run.cancel` or the caller's signal),
 * the run's wall time and its token or cost budget (`haltingBudget`). It owns the run's signal, the
 * one every agent's signal is a child of. A cancel and the wall time abort it at once; a spent token
 * or cost budget leaves it alone, so the turns in flight finish (their tokens are paid for), and the
 * run starts no other turn or agent. An interruption aborts it without a stop of its own.
 */
import type { Budgets } from './engineTypes';
import type { RunBudget } from './limitTypes';
import { createRunBudget, type SpentBefore } from './runBudget';
import { cancelStop, limitStop, type RunStop } from './runStop';

export class RunStopper {
  /** The run's signal: aborts for a cancel (the caller's signal included), the wall time and an interruption. */
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  /** Told on the next microtask after a stop is taken (the run ends its pending agents then). */
  readonly #stopped: () => void;
  #stop: RunStop | undefined;
  #wallTimer: NodeJS.Timeout | undefined;

  constructor(caller: AbortSignal | undefined, stopped: () => void) {
    this.#stopped = stopped;
    const signal = caller !== undefined ? AbortSignal.any([caller, this.#controller.signal]) : this.#controller.signal;
    // The caller's own signal is a cancel too.
    signal.addEventListener('abort', () => this.halt(cancelStop(signal.reason)), { once: true });
    this.signal = signal;
  }

  /** The stop taken so far; undefined while the run goes on. */
  get stop(): RunStop | undefined {
    return this.#stop;
  }

  /**
   * The one stop path. The first stop wins, except that a stop that aborts (a cancel, the wall time)
   * takes over from a spent budget that let the running turns finish.
   */
  halt(stop: RunStop): void {
    const current = this.#stop;
    if (current !== undefined && (current.aborts || !stop.aborts)) return;
    this.#stop = stop;
    clearTimeout(this.#wallTimer);
    if (stop.aborts) this.#controller.abort(stop);
    queueMicrotask(() => this.#stopped());
  }

  /** Starts the run's wall clock with what is left of its wall time (a resumed run counts its time so far). */
  startWallClock(budgets: Budgets, elapsedMs: number): void {
    const wallMs = budgets.maxWallMsPerRun;
    if (wallMs <= 0) return;
    this.#wallTimer = setTimeout(() => this.halt(limitStop('wall', budgets)), Math.max(0, wallMs - elapsedMs));
    this.#wallTimer.unref?.();
  }

  /** Aborts the agents at once for an interruption: the run does not end, so this is no stop of its own. */
  interrupt(reason: Error): void {
    clearTimeout(this.#wallTimer);
    this.#controller.abort(reason);
  }
}

/**
 * The run's spend, shared by its agents (and what it spent before an interruption): a turn that
 * reaches a limit halts the run.
 */
export function haltingBudget(budgets: Budgets, now: () => number, before: SpentBefore | undefined, halt: (stop: RunStop) => void): RunBudget {
  const tracker = createRunBudget(budgets, now, before);
  return {
    record: (usage, costUsd) => {
      tracker.record(usage, costUsd);
      const limit = tracker.limitReached();
      if (limit !== undefined) halt(limitStop(limit, budgets));
    },
    exceeded: () => tracker.exceeded(),
  };
}
