/**
 * What a run does once every agent has ended: the next check pass (a failing one sends fix-ups back
 * to their agents, after which the run's agents end again and this is asked again), then, checks
 * done, a read-only fan-out's synthesis, then the end. At most one pass or one synthesis at a time.
 */
import type { RunContext } from './contextTypes';
import type { SynthesisOptions } from './engineTypes';
import type { RunEventBody } from './events';
import type { RunState } from './runStateTypes';
import type { FixupLaunch, RunChecks } from './runChecks';
import { synthesize } from './synthesis';

/** What the epilogue needs of its run. */
export interface EpilogueHost {
  readonly context: RunContext;
  state(): RunState;
  emit(body: RunEventBody): void;
  /** The run has not ended or been interrupted meanwhile. */
  running(): boolean;
  /** No stop yet: fix-up rounds (new model turns) may start. */
  mayFix(): boolean;
  /** A stop that aborts the run (a cancel, the wall time): no synthesis. */
  aborted(): boolean;
  /** Starts these fix-ups and lets the run go on. */
  launchFixups(launches: readonly FixupLaunch[]): void;
  end(): void;
}

export class RunEpilogue {
  #checking = false;
  #synthesizing = false;

  constructor(
    private readonly host: EpilogueHost,
    private readonly checks: RunChecks | undefined,
    private readonly synthesis: SynthesisOptions | undefined,
  ) {}

  /** Every agent has ended: the check phase's next pass, or (checks done) the synthesis and the end. */
  afterAgents(): void {
    const { host, checks } = this;
    if (checks === undefined || checks.done(host.state())) {
      this.#synthesizeThenEnd();
      return;
    }
    if (this.#checking) return;
    this.#checking = true;
    void checks
      .afterAgents(
        () => host.state(),
        host.context.signal,
        () => host.mayFix(),
      )
      .catch((error: unknown) => {
        host.emit({ kind: 'run.warning', message: `The checks stopped on an internal error: ${String(error)}` });
        return { kind: 'end' } as const;
      })
      .then((next) => {
        this.#checking = false;
        if (!host.running()) return;
        if (next.kind === 'fixups') {
          host.launchFixups(next.launches);
          return;
        }
        if (!checks.done(host.state())) {
          host.emit({ kind: 'checks.finished', verdict: 'failing', passes: 0, rounds: 0, failing: [], owners: [], message: 'The checks did not finish.' });
        }
        this.#synthesizeThenEnd();
      });
  }

  /** The synthesis (once; not after a stop that aborted the run), then the end. Its tokens count against the run's budget. */
  #synthesizeThenEnd(): void {
    const { host, synthesis: options } = this;
    if (options === undefined || host.state().synthesis?.status === 'done' || host.aborted()) {
      host.end();
      return;
    }
    if (this.#synthesizing) return;
    this.#synthesizing = true;
    const context = host.context;
    host.emit({ kind: 'synthesis.started', model: context.modelTable.resolve(options.model).id });
    const call = { client: context.client, modelTable: context.modelTable, prices: context.prices, options, state: host.state(), signal: context.signal };
    void synthesize(call).then((result) => {
      this.#synthesizing = false;
      if (!host.running()) return;
      if (result.ok) {
        const { ok: _ok, ...body } = result;
        host.emit({ kind: 'synthesis.finished', ...body });
        context.runBudget.record(result.usage, result.costUsd);
      } else {
        host.emit({ kind: 'synthesis.failed', message: result.message });
      }
      host.end();
    });
  }
}
