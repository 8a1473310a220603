/**
 * Resume and Discard for an interrupted run (its window closed or its process died mid-run), in the
 * history list and the run view. The host checks the run is interrupted and asks before discarding.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { WebviewToHost } from '../../src/protocol/messages';

export interface InterruptedActionsProps {
  readonly runId: string;
  /** What the run was asked to do, for the buttons' accessible names. */
  readonly request: string;
  readonly post: (message: WebviewToHost) => void;
  readonly small?: boolean;
}

export function InterruptedActions({ runId, request, post, small = false }: InterruptedActionsProps) {
  const size = small ? ' small' : '';
  const what = request.trim() === '' ? 'the interrupted run' : `the interrupted run "${request.trim().slice(0, 80)}"`;
  return (
    <div className="interrupted-actions" role="group" aria-label="Interrupted run">
      <button type="button" className={`ui-button${size}`} aria-label={`Resume ${what}`} onClick={() => post({ type: 'resumeRun', runId })}>
        Resume
      </button>
      <button type="button" className={`ui-button secondary${size}`} aria-label={`Discard ${what}`} onClick={() => post({ type: 'discardRun', runId })}>
        Discard
      </button>
    </div>
  );
}
