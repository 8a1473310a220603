/**
 * Why a run cannot start now: what stops any start (an empty request, no folder, Restricted Mode, a
 * run going) and what stops only a resume. The messages are shown as they are. No `vscode` import.
 */
import type { RunState } from '../../core/run/runState';
import type { FlowPorts } from './ports';

export interface Refusal {
  readonly message: string;
  readonly action?: 'openFolder' | 'trust';
}

/** Why nothing can start for `request` now, if it cannot; `running`: a run of this window is going. */
export function startRefusal(ports: Pick<FlowPorts, 'workspaceRoot' | 'isTrusted'>, running: boolean, request: string): Refusal | undefined {
  if (request.trim() === '')
    return { message: 'The feature request is empty. Describe the change you want, for example "Add a --json flag to the list command".' };
  if (ports.workspaceRoot() === undefined) return { message: 'Open a folder first: agents work on the files of a workspace.', action: 'openFolder' };
  if (!ports.isTrusted()) return { message: 'This workspace is in Restricted Mode. Trust it to let agents read and stage changes.', action: 'trust' };
  if (running) return { message: 'A run is still going. Cancel it or wait for it to finish before starting another.' };
  return undefined;
}

/** Why `runId` cannot be resumed now (beyond what stops any run), if it cannot; `resuming`: another resume is under way. */
export function resumeRefusal(runId: string, run: RunState | undefined, resuming: boolean): Refusal | undefined {
  if (resuming) return { message: 'A run is already being resumed. Wait for it to start.' };
  if (!run) return { message: `Run ${runId} is no longer on disk.` };
  if (run.status === 'running')
    return { message: 'This run is still running in another VS Code window or a CLI process; it can only be resumed once that one stops.' };
  if (run.status !== 'interrupted') return { message: `This run has already ended (${run.status}); there is nothing to resume.` };
  return undefined;
}
