/**
 * The Fanout sidebar for one view state: the current stage (compose, planning, review, run or
 * error) and the run history under it. Pure props in, messages out through `post`, so tests and
 * the preview page render it without a webview. The stage and the history are spaced apart, so
 * their texts never run together when read as text.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { ReactNode } from 'react';
import type { WebviewToHost } from '../src/protocol/messages';
import { Composer } from './compose/Composer';
import { ErrorView } from './compose/ErrorView';
import { PlanningView } from './compose/PlanningView';
import { EmptyState } from './EmptyState';
import { HistoryPanel } from './history/HistoryPanel';
import { PlanReview } from './planReview/PlanReview';
import { RunStage } from './RunStage';
import { composerContext, type ViewState } from './state';
import type { UiState } from './uiState';

export interface SidebarProps {
  readonly state: ViewState;
  readonly ui: UiState;
  readonly onUi: (patch: Partial<UiState>) => void;
  /** The user removed the composer's context chip. */
  readonly onRemoveContext: () => void;
  readonly post: (message: WebviewToHost) => void;
  /** Epoch ms for relative times and the run clock's start. */
  readonly now: number;
  /** "Ctrl+Enter" or "⌘Enter". */
  readonly submitKeys: string;
  /** The run clock's time source (Date.now unless a preview pins it). */
  readonly clock?: () => number;
}

export function Sidebar({ state, ui, onUi, onRemoveContext, post, now, submitKeys, clock }: SidebarProps) {
  const { snapshot } = state;
  if (!snapshot) {
    return (
      <main className="stage loading" aria-busy="true">
        <p className="review-none">Loading Fanout…</p>
      </main>
    );
  }
  const { stage } = snapshot;
  let body: ReactNode;
  switch (stage.kind) {
    case 'compose':
      body = (
        <Composer
          draft={stage.draft}
          context={composerContext(state)}
          onRemoveContext={onRemoveContext}
          workspace={snapshot.workspace}
          demoMode={snapshot.demoMode}
          patterns={snapshot.patterns}
          ui={ui}
          onUi={onUi}
          focusRequests={state.focusRequests}
          post={post}
          submitKeys={submitKeys}
        />
      );
      break;
    case 'planning':
      body = <PlanningView request={stage.request} step={stage.step} post={post} />;
      break;
    case 'review':
      body = <PlanReview review={stage.review} post={post} />;
      break;
    case 'run':
      body = (
        <RunStage
          key={stage.runId}
          run={snapshot.run?.runId === stage.runId ? snapshot.run : undefined}
          post={post}
          initialNow={now}
          {...(clock ? { clock } : {})}
        />
      );
      break;
    case 'error':
      body = <ErrorView stage={stage} post={post} />;
      break;
  }
  return (
    <>
      {body} {stage.kind === 'compose' && snapshot.history.length === 0 ? <EmptyState post={post} /> : null}{' '}
      <HistoryPanel history={snapshot.history} now={now} open={ui.historyOpen} onToggle={(historyOpen) => onUi({ historyOpen })} post={post} />
    </>
  );
}
