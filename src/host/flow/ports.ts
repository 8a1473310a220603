/**
 * What the flow needs from the window, as small interfaces: the VS Code adapter implements them in
 * `src/host/runs/runController.ts`, the unit tests with fakes. No `vscode` import.
 */
import type { ProposedRun, ProposeOptions } from '../../core/planning/propose';
import type { CheckApproval } from '../checks/checkApproval';
import type { FoundChecks } from '../checks/planReviewChecks';
import type { AccessProblem, ModelAccess } from '../runs/modelAccess';
import type { RunsService } from '../runs/runsService';
import type { FanoutSettings } from '../settings';

/** Messages for the user; each resolves with the action chosen, if any. */
export interface FlowNotifier {
  showInfo(message: string, ...actions: string[]): Promise<string | undefined>;
  showWarning(message: string, ...actions: string[]): Promise<string | undefined>;
  showError(message: string, ...actions: string[]): Promise<string | undefined>;
  /** A modal warning with `detail` under it; undefined when dismissed (Escape, Cancel). */
  showModalWarning(message: string, detail: string, ...actions: string[]): Promise<string | undefined>;
}

/** The "Fanout" log. */
export interface FlowLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface FlowPorts {
  readonly notifier: FlowNotifier;
  readonly log: FlowLog;
  readonly runs: RunsService;
  /** The local folder agents work in; undefined when none is open. */
  workspaceRoot(): string | undefined;
  /** Agents read and stage files only in a trusted workspace. */
  isTrusted(): boolean;
  readSettings(): FanoutSettings;
  /** The key and endpoint (or the demo), opened for one proposal and the run it becomes. */
  openModelAccess(workspaceRoot: string, settings: FanoutSettings): Promise<ModelAccess | AccessProblem>;
  propose(options: ProposeOptions): Promise<ProposedRun>;
  /** The project's check commands: `setting` (`fanout.checks`) when not empty, else detected from the project. */
  detectChecks(workspaceRoot: string, setting: readonly string[], signal: AbortSignal): Promise<FoundChecks>;
  /** Which check lists the user approved for this workspace. */
  readonly checkApproval: CheckApproval;
  /** Runs "Fanout: Set API Key". */
  setApiKey(): void;
}
