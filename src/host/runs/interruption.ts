/**
 * What may happen to a run whose log ends without `run.finished`: only an interrupted one (nothing
 * writes its log any more) is resumed or discarded, and a discard ends it cancelled with every staged
 * file still waiting discarded. No `vscode` import.
 */
import type { RunEventBody } from '../../core/run/events';
import type { RunState } from '../../core/run/runState';

/** The message of the `run.finished` a discarded interrupted run ends with. */
export const DISCARDED_MESSAGE = 'Discarded after an interruption.';

/** `state` when the run is interrupted; otherwise throws saying why it cannot be resumed or discarded. */
export function interruptedOrThrow(runId: string, state: RunState | undefined): RunState {
  if (!state) throw new Error(`Run ${runId} is no longer on disk.`);
  if (state.status === 'running') {
    throw new Error(`Run ${runId} is still running in another VS Code window or a CLI process. Stop it there first, or wait for it to end.`);
  }
  if (state.status !== 'interrupted') throw new Error(`Run ${runId} has already ended (${state.status}); there is nothing to resume or discard.`);
  return state;
}

/** The events that end an interrupted run for good: `run.finished` (cancelled), then a discard per file still waiting. */
export function discardEvents(state: RunState): RunEventBody[] {
  const waiting = Object.values(state.files).filter((f) => f.review === 'pending' || f.review === 'conflict');
  return [
    { kind: 'run.finished', outcome: 'cancelled', message: DISCARDED_MESSAGE },
    ...waiting.map((f): RunEventBody => ({ kind: 'review.discarded', taskId: f.taskId, path: f.path })),
  ];
}
