/**
 * The read-only fan-outs (a review, a research) of one window: started as the live run without a plan
 * review, their preparation (reading git, splitting a question) shown as planning and aborted when the
 * user moves on, and their end announced with the run folder so the report and the findings can be
 * published. Nothing is staged. No `vscode` import.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { ReadOnlyRun } from '../../core/readOnly/readOnlyRun';
import { runOptionsFrom } from '../../core/run/runSettings';
import type { RunState } from '../../core/run/runState';
import { Emitter, type Disposable, type Event } from '../runs/emitter';
import { describeFailure } from '../runs/failures';
import type { AccessProblem, ModelAccess } from '../runs/modelAccess';
import type { FanoutSettings } from '../settings';
import type { FlowContext } from './flowContext';
import { RunSession } from './runSession';

/** Makes a read-only fan-out ready to run (reads git, splits a question): its failure is shown as a planning failure. */
export type PrepareReadOnly = (input: {
  readonly workspaceRoot: string;
  readonly settings: FanoutSettings;
  readonly client: Anthropic;
  readonly signal: AbortSignal;
}) => Promise<ReadOnlyRun>;

/** A read-only run of this window ended (again, after a retry). */
export interface ReadOnlySettled {
  readonly run: ReadOnlyRun;
  readonly state: RunState;
  readonly runDir: string;
}

export class ReadOnlyStarts implements Disposable {
  private readonly settledEmitter = new Emitter<ReadOnlySettled>();
  /** A read-only run of this window ended: its report and findings are ready. */
  readonly onDidSettle: Event<ReadOnlySettled> = this.settledEmitter.event;
  /** The read-only runs this window started, by run id. */
  private readonly runs = new Map<string, { readonly run: ReadOnlyRun; runDir: string }>();
  /** A read-only run being prepared: aborted when the user moves on. */
  private preparing: AbortController | undefined;

  constructor(private readonly flow: FlowContext) {}

  /**
   * Runs a read-only fan-out as the live run of this window: `label` shows while `prepare` reads what
   * it needs, then the agents run side by side and a synthesis merges their findings. Resolves once it
   * runs, or was refused or failed (the view says why).
   */
  async start(label: string, prepare: PrepareReadOnly): Promise<void> {
    const { flow } = this;
    const { ports } = flow;
    const refusal = flow.refusal(label);
    const root = ports.workspaceRoot();
    if (refusal || root === undefined || ports.runs.runsDir === undefined) {
      if (refusal) flow.dispatch({ type: 'refused', request: label, ...refusal });
      return;
    }
    const settings = ports.readSettings();
    for (const problem of settings.problems) ports.log.warn(problem);
    flow.dropPlanning();
    const controller = new AbortController();
    this.preparing = controller;
    flow.dispatch({ type: 'submit', request: label, routed: true });
    const attempt = flow.state().attempt;
    const failed = (error: unknown) => {
      const failure = describeFailure(error);
      flow.dispatch({ type: 'planFailed', attempt, request: label, message: failure.message, action: failure.action });
    };
    let access: ModelAccess | AccessProblem;
    try {
      access = await ports.openModelAccess(root, settings);
    } catch (error) {
      failed(error);
      return;
    }
    if ('kind' in access) {
      flow.dispatch({ type: 'planFailed', attempt, request: label, message: access.message, action: 'setApiKey' });
      return;
    }
    let run: ReadOnlyRun;
    try {
      run = await prepare({ workspaceRoot: root, settings, client: access.client, signal: controller.signal });
    } catch (error) {
      void access.close();
      if (!controller.signal.aborted) failed(error);
      return;
    }
    // The user moved on while it was being prepared: nothing starts.
    if (this.preparing !== controller || flow.state().attempt !== attempt) {
      void access.close();
      return;
    }
    this.preparing = undefined;
    if (run.preparation)
      ports.log.info(
        `${label}: prepared with ${run.preparation.model} (cost ${run.preparation.costUsd === null ? 'unknown' : `$${run.preparation.costUsd.toFixed(4)}`}).`,
      );
    flow.dropSession();
    const client = access.client;
    const demo = access.demo;
    try {
      const session = RunSession.start(flow.sessionDeps(), access, (parts) => {
        this.runs.set(parts.runId, { run, runDir: parts.runDir });
        return {
          ...runOptionsFrom(settings, { ...parts, plan: run.plan, workspaceRoot: root, client, sharedContext: run.sharedContext, demo }),
          synthesis: { model: settings.models.validator, effort: settings.effort.validator, subject: run.subject },
        };
      });
      flow.setSession(session);
      flow.dispatch({ type: 'runStarted', run: session.state() });
    } catch (error) {
      const failure = describeFailure(error);
      flow.dispatch({ type: 'runFailed', request: label, message: failure.message, action: failure.action });
    }
  }

  /** Aborts the preparation under way: the user moved on. */
  abortPreparing(): void {
    this.preparing?.abort();
    this.preparing = undefined;
  }

  /** A run of this window ended: announced when it is one of these. */
  settled(state: RunState): void {
    const readOnly = this.runs.get(state.runId);
    if (readOnly) this.settledEmitter.fire({ ...readOnly, state });
  }

  dispose(): void {
    this.settledEmitter.dispose();
  }
}
