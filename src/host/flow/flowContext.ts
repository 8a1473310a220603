/**
 * What the parts of the flow (planning, the plan review's edits, the approval, read-only starts,
 * resumes) get from `FlowController`, which holds the state they move on and the run session of the
 * window. No `vscode` import.
 */
import type { ChecksGate } from '../checks/checksGate';
import type { ModelAccess } from '../runs/modelAccess';
import type { FlowAction, FlowState } from './flowState';
import type { FlowPorts } from './ports';
import type { Refusal } from './refusals';
import type { RunSession, RunSessionDeps } from './runSession';

export interface FlowContext {
  readonly ports: FlowPorts;
  /** Decides a run's checks and asks about a list not approved for the workspace. */
  readonly checksGate: ChecksGate;
  /** The state now: read it again after every await. */
  state(): FlowState;
  /** Moves the state on through `flowReducer`; with `notify` false the view hears of it at the next `fire`. */
  dispatch(action: FlowAction, notify?: boolean): void;
  /** Tells the view the stage or the run shown changed. */
  fire(): void;
  /** Why nothing can start for `request` now, if it cannot. */
  refusal(request: string): Refusal | undefined;
  /** Drops a planning attempt (and its proposal's access) or a read-only fan-out being prepared. */
  dropPlanning(): void;
  /** Ends the planning attempt, taking over its model access (undefined: it was closed). */
  takePlanningAccess(): ModelAccess | undefined;
  /** The previous run of this window gives way: its engine and access go. */
  dropSession(): void;
  /** What a run session reports back to the controller. */
  sessionDeps(): RunSessionDeps;
  /** The run session that is now the live run of this window. */
  setSession(session: RunSession): void;
}
