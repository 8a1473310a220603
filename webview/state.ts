/**
 * The Fanout sidebar's view model as a pure reducer over host messages: a snapshot replaces what
 * the view shows, run events fold into the snapshot's run, and focus requests bump a counter the
 * composer watches. One local action hides a context chip the user removed until the host's next
 * snapshot confirms it. Runs in Node tests as well as in the webview.
 */
import type { RunEvent } from '../src/core/run/events';
import { initialRunState, reduceRunEvent, type RunState } from '../src/core/run/runState';
import type { HostToWebview, SidebarSnapshot } from '../src/protocol/messages';

export interface ViewState {
  /** What the host last said; undefined until the first snapshot after `ready`. */
  readonly snapshot: SidebarSnapshot | undefined;
  /** Increments each time the host asks to focus the request composer. */
  readonly focusRequests: number;
  /**
   * Context the last focus request attached ("Selection from src/x.ts:10-20"), shown until a
   * snapshot leaves the compose stage.
   */
  readonly focusContext?: string;
  /** True from the user removing the context chip until the next snapshot (which no longer has it). */
  readonly contextRemoved?: boolean;
}

/** What the reducer folds: host messages, and the user removing the context chip. */
export type ViewAction = HostToWebview | { readonly type: 'contextRemoved' };

export const initialViewState: ViewState = { snapshot: undefined, focusRequests: 0 };

/** Folds a batch into the run; returns the same object when no event applied (stale, repeated or foreign). */
function foldEvents(run: RunState, events: readonly RunEvent[]): RunState {
  let next = run;
  for (const event of events) {
    if (event.runId === next.runId && event.seq > next.lastSeq) {
      next = reduceRunEvent(next, event);
    }
  }
  return next;
}

/** The run events apply to: the snapshot's run, or a fresh one when the run stage names a run not yet started. */
function runFor(snapshot: SidebarSnapshot, runId: string): RunState | undefined {
  if (snapshot.run) {
    return snapshot.run.runId === runId ? snapshot.run : undefined;
  }
  return snapshot.stage.kind === 'run' && snapshot.stage.runId === runId ? initialRunState(runId) : undefined;
}

/** Pure: folds one host message (or the local context removal) into the view state. */
export function reduceHostMessage(state: ViewState, message: ViewAction): ViewState {
  switch (message.type) {
    case 'snapshot': {
      const { snapshot } = message;
      const keepContext = snapshot.stage.kind === 'compose' && state.focusContext !== undefined;
      return keepContext
        ? { snapshot, focusRequests: state.focusRequests, focusContext: state.focusContext }
        : { snapshot, focusRequests: state.focusRequests };
    }
    case 'events': {
      const { snapshot } = state;
      const run = snapshot ? runFor(snapshot, message.runId) : undefined;
      if (!snapshot || !run) {
        return state;
      }
      const next = foldEvents(run, message.events);
      return next === run ? state : { ...state, snapshot: { ...snapshot, run: next } };
    }
    case 'focusComposer':
      return message.context !== undefined
        ? { snapshot: state.snapshot, focusRequests: state.focusRequests + 1, focusContext: message.context }
        : { ...state, focusRequests: state.focusRequests + 1 };
    case 'contextRemoved':
      return { snapshot: state.snapshot, focusRequests: state.focusRequests, contextRemoved: true };
  }
}

/** The context chip's text: the compose stage's own context wins over the one a focus request brought. */
export function composerContext(state: ViewState): string | undefined {
  const stage = state.snapshot?.stage;
  return stage?.kind === 'compose' && !state.contextRemoved ? (stage.context ?? state.focusContext) : undefined;
}
