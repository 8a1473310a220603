/**
 * One run of the flow: the engine's handle (through the runs service), the run's AbortController,
 * the model access it runs on (closed when the session goes), the batching of its events for the
 * view, stopping on a rejected key, and the one settle sequence, called once each time the run
 * ends (again, after a retry). A resumed interrupted run is a session like a new one. When the window
 * closes, a run still going is interrupted, not cancelled: it stays resumable. No `vscode` import.
 */
import type { ResumeOptions, RunHandle, RunOptions } from '../../core/run/engineTypes';
import { EventBatcher } from '../../core/run/eventBatch';
import type { RunEvent } from '../../core/run/events';
import type { RunState } from '../../core/run/runState';
import { isAuthFailure } from '../runs/failures';
import type { ModelAccess } from '../runs/modelAccess';
import type { Disposable } from '../runs/emitter';
import type { RetryOutcome } from '../runs/runsService';
import type { FlowPorts } from './ports';

export const SET_API_KEY_ACTION = 'Set API Key';

export interface RunSessionDeps extends Pick<FlowPorts, 'runs' | 'notifier' | 'setApiKey'> {
  /** A batch of the run's events, coalesced (a few a second; at once when an agent or the run ends). */
  readonly onEvents: (events: readonly RunEvent[]) => void;
  /** Something the view shows changed at once (an agent or the run ended, a retry reopened it). */
  readonly onChange: () => void;
  /** The run ended, with its final state: its log on disk is complete. Once per end. */
  readonly onSettled: (state: RunState) => void;
}

/** The parts of the run's options the session owns. */
export interface SessionParts {
  readonly runId: string;
  readonly runDir: string;
  readonly signal: AbortSignal;
  readonly onEvent: (event: RunEvent) => void;
}

/** The message of an agent failure that no retry can fix because the API key was rejected (its `failure` kind says so). */
function authFailureOf(event: RunEvent): string | undefined {
  if (event.kind !== 'agent.finished' || !isAuthFailure(event)) return undefined;
  return event.message ?? '';
}

export class RunSession implements Disposable {
  private readonly controller = new AbortController();
  private readonly batcher: EventBatcher;
  private readonly subscription: Disposable;
  private handle: RunHandle | undefined;
  /** The run being resumed, before the engine hands its handle over. */
  private resumingId: string | undefined;
  private stoppedForAuth = false;

  /** Starts the run; throws (closing the access) when the engine refuses the plan. */
  static start(deps: RunSessionDeps, access: ModelAccess, options: (parts: SessionParts) => RunOptions): RunSession {
    const session = new RunSession(deps, access);
    try {
      session.handle = deps.runs.start(({ runId, runDir }) =>
        options({ runId, runDir, signal: session.controller.signal, onEvent: (e) => session.onEvent(e) }),
      );
    } catch (error) {
      session.abandon();
      throw error;
    }
    return session;
  }

  /** Resumes an interrupted run; rejects (closing the access) when it cannot be resumed. */
  static async resume(deps: RunSessionDeps, access: ModelAccess, runId: string, options: (parts: SessionParts) => ResumeOptions): Promise<RunSession> {
    const session = new RunSession(deps, access);
    session.resumingId = runId;
    try {
      session.handle = await deps.runs.resume(runId, ({ runDir }) =>
        options({ runId, runDir, signal: session.controller.signal, onEvent: (e) => session.onEvent(e) }),
      );
    } catch (error) {
      session.abandon();
      throw error;
    } finally {
      session.resumingId = undefined;
    }
    return session;
  }

  private constructor(
    private readonly deps: RunSessionDeps,
    private readonly access: ModelAccess,
  ) {
    this.batcher = new EventBatcher({ deliver: (events) => deps.onEvents(events) });
    this.subscription = deps.runs.onDidChange((change) => {
      if (change.kind === 'ended' && change.runId === (this.handle?.runId ?? this.resumingId) && change.state) this.settle(change.state);
    });
  }

  /** Undoes what the constructor set up, for a run the engine refused to start or resume. */
  private abandon(): void {
    this.subscription.dispose();
    this.batcher.dispose();
    void this.access.close();
  }

  get runId(): string {
    return this.started().runId;
  }

  /** The engine's state now (ahead of the batches delivered). */
  state(): RunState {
    return this.started().state();
  }

  cancel(reason: string): void {
    this.handle?.cancel(reason);
  }

  cancelAgent(taskId: string): void {
    this.handle?.cancelAgent(taskId);
  }

  /** Queues an agent again; what it changed reaches the view at once. */
  retryAgent(taskId: string): RetryOutcome {
    const handle = this.handle;
    if (!handle) return 'unknown';
    const outcome = this.deps.runs.retryAgent(handle.runId, taskId);
    if (outcome === 'retried') this.batcher.flush();
    return outcome;
  }

  /**
   * Interrupts a run that is still going (the window closes: its log stays without `run.finished`,
   * resumable later), forgets the engine, and closes the access once the agents stopped.
   */
  dispose(): void {
    this.subscription.dispose();
    const handle = this.handle;
    const stopped = handle ? this.deps.runs.interrupt(handle.runId) : Promise.resolve();
    this.batcher.dispose();
    if (handle) this.deps.runs.release(handle.runId);
    void stopped.then(() => this.access.close());
  }

  private started(): RunHandle {
    if (!this.handle) throw new Error('The run has not started.');
    return this.handle;
  }

  private onEvent(event: RunEvent): void {
    this.batcher.push(event);
    const auth = authFailureOf(event);
    if (auth !== undefined) this.stopForAuth(auth);
    if (event.kind === 'run.finished' || event.kind === 'agent.finished') {
      this.batcher.flush();
      this.deps.onChange();
    }
  }

  /** A rejected key fails every agent alike: stop the run and ask for the key, once. */
  private stopForAuth(message: string): void {
    this.handle?.cancel(message);
    if (this.stoppedForAuth) return;
    this.stoppedForAuth = true;
    void this.deps.notifier.showError(`Fanout stopped the run: ${message}`, SET_API_KEY_ACTION).then((choice) => {
      if (choice === SET_API_KEY_ACTION) this.deps.setApiKey();
    });
  }

  /** The one sequence after the run ends: the view gets the last events, then the final state. */
  private settle(state: RunState): void {
    this.batcher.flush();
    this.deps.onSettled(state);
  }
}
