/**
 * Interrupted runs in the window: the palette's pickers ("Resume Interrupted Run", "Discard
 * Interrupted Run") and the one way both the palette and the sidebar resume or discard a run. Resume
 * goes through the flow (model access, live view, review, as a new run); discard asks first (modal),
 * then ends the run in its log through the runs service.
 */
import * as vscode from 'vscode';
import type { RunSummary } from '../../protocol/messages';
import { SIDEBAR_VIEW_ID } from '../commandIds';
import type { FlowController } from '../flow/flowController';
import type { RunsService } from './runsService';

export interface InterruptedRunsDeps {
  readonly runs: RunsService;
  readonly controller: FlowController;
  readonly log: vscode.LogOutputChannel;
}

const DISCARD = 'Discard Run';

function describe(run: RunSummary): string {
  const request = run.request.replace(/\s+/g, ' ').trim();
  return request === '' ? run.runId : request.length > 80 ? `${request.slice(0, 79)}…` : request;
}

/** The interrupted runs of the history, newest first. */
export async function interruptedRuns(runs: RunsService): Promise<RunSummary[]> {
  return (await runs.history()).filter((r) => r.status === 'interrupted');
}

/** Asks which interrupted run to act on; says so when there is none. */
export async function pickInterruptedRun(runs: RunsService, title: string): Promise<string | undefined> {
  const candidates = await interruptedRuns(runs);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('Fanout: no interrupted run in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((r) => ({
      label: describe(r),
      description: new Date(r.startedAt).toLocaleString(),
      detail: `${r.agents} agents, ${r.filesStaged} files staged${r.pendingReview > 0 ? `, ${r.pendingReview} waiting for review` : ''}${r.demo ? ' (demo)' : ''}`,
      runId: r.runId,
    })),
    { title, placeHolder: 'Pick an interrupted run', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.runId;
}

/** Resumes a run in the Fanout view (the flow refuses, with a message, what cannot resume). */
export async function resumeInterruptedRun(deps: InterruptedRunsDeps, runId: string): Promise<void> {
  await vscode.commands.executeCommand(`${SIDEBAR_VIEW_ID}.focus`);
  await deps.controller.resume(runId);
}

/** Asks (modal), then discards the run; the run view, when it shows that run, shows it ended. */
export async function discardInterruptedRun(deps: InterruptedRunsDeps, runId: string): Promise<void> {
  const run = await deps.runs.state(runId).catch(() => undefined);
  const request = run?.plan?.request.replace(/\s+/g, ' ').trim() ?? runId;
  const pending = run ? Object.values(run.files).filter((f) => f.review === 'pending' || f.review === 'conflict').length : 0;
  const choice = await vscode.window.showWarningMessage(
    `Discard the interrupted run "${request.length > 80 ? `${request.slice(0, 79)}…` : request}"?`,
    {
      modal: true,
      detail:
        pending > 0
          ? `Its ${pending} staged file${pending === 1 ? '' : 's'} will be discarded and it can no longer be resumed. The workspace is not changed.`
          : 'It will end as cancelled and can no longer be resumed. The workspace is not changed.',
    },
    DISCARD,
  );
  if (choice !== DISCARD) return;
  try {
    const after = await deps.runs.discard(runId);
    deps.log.info(`Run ${runId} discarded after an interruption.`);
    if (deps.controller.run?.runId === runId) deps.controller.showRun(after);
  } catch (error) {
    void vscode.window.showErrorMessage(`Fanout: ${error instanceof Error ? error.message : String(error)}`);
  }
}
