/**
 * Fanout's run stage: the live run view (the other half of the sidebar's work) and its clock; once
 * the run has ended, a banner over it with what to do next (open the report, review the changes in
 * the Source Control view, a new request); for an interrupted run, Resume and Discard.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useCallback, useEffect, useState } from 'react';
import type { RunState } from '../src/core/run/runState';
import type { WebviewToHost } from '../src/protocol/messages';
import { EndOfRunBanner } from './run/EndOfRun';
import { InterruptedActions } from './run/InterruptedActions';
import { RunView } from './run/RunView';
import { useStageFocus } from './useStageFocus';

export interface RunStageProps {
  readonly run: RunState | undefined;
  readonly post: (message: WebviewToHost) => void;
  /** The clock to start from (tests pin it; the webview passes Date.now()). */
  readonly initialNow: number;
  /** Reads the time for each tick; the preview page pins it to its fixture's clock. */
  readonly clock?: () => number;
}

/** Ticks once a second while `live`, so elapsed times and retry countdowns move between events. */
function useClock(initialNow: number, live: boolean, clock: () => number): number {
  const [now, setNow] = useState(initialNow);
  useEffect(() => {
    if (!live) return undefined;
    const tick = (): void => setNow(clock());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [live, clock]);
  return now;
}

function isEnded(run: RunState): boolean {
  return run.status === 'done' || run.status === 'failed' || run.status === 'cancelled';
}

export function RunStage({ run, post, initialNow, clock = Date.now }: RunStageProps) {
  const region = useStageFocus<HTMLDivElement>();
  const now = useClock(initialNow, run?.status === 'running', clock);
  const onCancelRun = useCallback(() => post({ type: 'cancelRun' }), [post]);
  const onCancelAgent = useCallback((taskId: string) => post({ type: 'cancelAgent', taskId }), [post]);
  const onRetryAgent = useCallback((taskId: string) => post({ type: 'retryAgent', taskId }), [post]);
  const onReviewAgent = useCallback((taskId: string) => post({ type: 'reviewAgent', taskId }), [post]);

  if (!run || run.status === 'idle') {
    return (
      <main className="stage planning" aria-busy="true" aria-labelledby="run-starting-title">
        <h1 id="run-starting-title" className="stage-title" ref={region} tabIndex={-1}>
          Starting the run…
        </h1>
        <div className="progress-bar" role="progressbar" aria-label="Starting the run">
          <div className="progress-bar-fill" />
        </div>
      </main>
    );
  }
  return (
    <div className="run-stage" ref={region} tabIndex={-1} role="region" aria-labelledby="run-title">
      {isEnded(run) ? <EndOfRunBanner run={run} post={post} /> : null}{' '}
      {run.status === 'interrupted' ? (
        <div className="run-stage-actions">
          <p className="run-stage-hint">This run was interrupted (its window closed or its process stopped). Resume it, or discard it and what it staged.</p>{' '}
          <InterruptedActions runId={run.runId} request={run.plan?.request ?? ''} post={post} />
        </div>
      ) : null}{' '}
      <RunView
        state={run}
        now={now}
        post={post}
        onCancelRun={onCancelRun}
        onCancelAgent={onCancelAgent}
        onRetryAgent={onRetryAgent}
        onReviewAgent={onReviewAgent}
      />
    </div>
  );
}
