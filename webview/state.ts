import type { HostToWebview, SidebarSnapshot } from '../src/protocol/messages';

/** The webview's view model: what the host last told it, plus UI-only requests. */
export interface ViewState {
  readonly snapshot: SidebarSnapshot | undefined;
  /** Increments each time the host asks to focus the request composer. */
  readonly focusRequests: number;
}

export const initialViewState: ViewState = { snapshot: undefined, focusRequests: 0 };

/** Pure: folds one host message into the view state. */
export function reduceHostMessage(state: ViewState, message: HostToWebview): ViewState {
  switch (message.type) {
    case 'snapshot':
      return { ...state, snapshot: message.snapshot };
    case 'focusComposer':
      return { ...state, focusRequests: state.focusRequests + 1 };
  }
}
