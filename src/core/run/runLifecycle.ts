/**
 * A run's life as a small state machine, and who waits on it. `running`: agents queued or at work.
 * `ended`: `run.finished` emitted, the log closing. `interrupted`: stopped without `run.finished` (the
 * window closes); nothing more is emitted. A retry moves an ended run back to `running`. `done`
 * resolves at the first end, `settled()` at the next one; both once the log is closed.
 */
import type { RunEventBody } from './events';
import { markInterrupted, type AgentState, type RunState } from './runState';
import type { RunStop } from './runStop';

type RunPhase =
  | { readonly kind: 'running' }
  | { readonly kind: 'ended'; readonly final: RunState; readonly logged: Promise<void> }
  | { readonly kind: 'interrupted'; readonly logged: Promise<void> };

export class RunLifecycle {
  /** Resolves when the run first ends (or is interrupted), its log closed. Never rejects. */
  readonly done: Promise<RunState>;
  readonly #firstEnd: (state: RunState) => void;
  #phase: RunPhase = { kind: 'running' };
  /** `settled()` calls made while running: resolved at the next end. */
  #waiting: ((state: RunState) => void)[] = [];

  constructor() {
    let firstEnd: (state: RunState) => void = () => undefined;
    this.done = new Promise<RunState>((resolve) => (firstEnd = resolve));
    this.#firstEnd = firstEnd;
  }

  get kind(): RunPhase['kind'] {
    return this.#phase.kind;
  }

  /** The closing of the log of an ended or interrupted run; undefined while it runs. */
  closing(): Promise<void> | undefined {
    const phase = this.#phase;
    return phase.kind === 'running' ? undefined : phase.logged;
  }

  /** The state at the next end; an interrupted run's is `current()` marked interrupted. */
  settled(current: () => RunState): Promise<RunState> {
    const phase = this.#phase;
    if (phase.kind === 'ended') return phase.logged.then(() => phase.final);
    if (phase.kind === 'interrupted') return phase.logged.then(() => markInterrupted(current()));
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** A retry reopened an ended run: the next end settles it. */
  reopen(): void {
    this.#phase = { kind: 'running' };
  }

  /** The run ended in `final` (`run.finished` emitted): the waiting calls resolve once its log is closed. */
  end(final: RunState, logged: Promise<void>): void {
    this.#phase = { kind: 'ended', final, logged };
    const settle = this.release();
    void logged.then(() => settle(final));
  }

  /** The run was interrupted: from now on it emits nothing. Its waiting calls are `release()`d once its agents are stopped. */
  interrupt(logged: Promise<void>): void {
    this.#phase = { kind: 'interrupted', logged };
  }

  /** Takes the `settled()` calls waiting now: the returned function resolves them, and `done` at the first end. */
  release(): (final: RunState) => void {
    const waiting = this.#waiting;
    this.#waiting = [];
    return (final) => {
      this.#firstEnd(final);
      for (const resolve of waiting) resolve(final);
    };
  }
}

/**
 * The run's `run.finished`: done when every agent is; a stop's outcome and message when it aborted
 * the run or left agents unfinished; else failed, naming the agents that did not finish.
 */
export function runFinished(agents: readonly AgentState[], stop: RunStop | undefined): RunEventBody {
  const allDone = agents.every((a) => a.status === 'done');
  if (stop !== undefined && (stop.aborts || !allDone)) return { kind: 'run.finished', outcome: stop.outcome, message: stop.message };
  if (allDone) return { kind: 'run.finished', outcome: 'done' };
  const unfinished = agents.filter((a) => a.status !== 'done').map((a) => `${a.taskId} (${a.status})`);
  return { kind: 'run.finished', outcome: 'failed', message: `Not every agent finished: ${unfinished.join(', ')}.` };
}
