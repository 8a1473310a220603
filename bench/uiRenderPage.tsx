/**
 * Browser entry of the `ui-render` scenario (bundled by bench/uiRender.ts with production React):
 * exposes `window.fanoutUiRender(batches)`, which folds each delivered batch into the run state and
 * re-renders `RunView` synchronously (flushSync), timing render + commit + a forced layout read.
 */
/* @jsxRuntime automatic */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import '../webview/styles.css';
import '../webview/run/run.css';
import '../webview/preview/themes.css';
import type { RunEvent } from '../src/core/run/events';
import { initialRunState, reduceRunEvent } from '../src/core/run/runState';
import { RunView } from '../webview/run/RunView';

/** Mirrored in bench/uiRender.ts. */
export interface UiRenderPageResult {
  /** Render + commit + layout per batch, ms (the first one is the mount). */
  readonly renderMs: number[];
  /** The reduce of each batch, ms (not part of renderMs). */
  readonly reduceMs: number[];
  readonly domNodes: number;
  readonly bodyHeight: number;
}

const noop = () => undefined;

function run(batches: readonly (readonly RunEvent[])[]): UiRenderPageResult {
  const container = document.getElementById('root');
  if (!container) throw new Error('no #root');
  const root = createRoot(container);
  let state = initialRunState(batches[0]?.[0]?.runId ?? '');
  const renderMs: number[] = [];
  const reduceMs: number[] = [];
  for (const batch of batches) {
    const t0 = performance.now();
    for (const event of batch) state = reduceRunEvent(state, event);
    const now = batch[batch.length - 1]?.at ?? 0;
    const t1 = performance.now();
    const current = state;
    flushSync(() =>
      root.render(<RunView state={current} now={now} onCancelRun={noop} onCancelAgent={noop} onRetryAgent={noop} onReviewAgent={noop} onOpenFile={noop} />),
    );
    const height = document.body.offsetHeight;
    const t2 = performance.now();
    if (height < 0) throw new Error('unreachable');
    reduceMs.push(t1 - t0);
    renderMs.push(t2 - t1);
  }
  return { renderMs, reduceMs, domNodes: document.getElementsByTagName('*').length, bodyHeight: document.body.offsetHeight };
}

(window as unknown as { fanoutUiRender: typeof run }).fanoutUiRender = run;
