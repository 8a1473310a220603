/**
 * The Fanout sidebar app: connects the view to the extension host (the ready handshake, host
 * messages into the reducer, typed messages out) and keeps UI-only state with the webview's
 * setState. Everything it shows is `Sidebar`.
 */
import { useCallback, useEffect, useReducer, useState } from 'react';
import type { HostToWebview } from '../src/protocol/messages';
import { PROTOCOL_VERSION } from '../src/protocol/version';
import './app.css';
import { Sidebar } from './Sidebar';
import { initialViewState, reduceHostMessage } from './state';
import { parseUiState, type UiState } from './uiState';
import { loadWebviewState, postToHost, saveWebviewState } from './vscodeApi';

const HOST_MESSAGES: ReadonlySet<string> = new Set<HostToWebview['type']>(['snapshot', 'events', 'focusComposer']);

function isHostMessage(data: unknown): data is HostToWebview {
  return typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string' && HOST_MESSAGES.has(data.type);
}

const SUBMIT_KEYS = /Mac|iPhone|iPad/.test(navigator.userAgent) ? '⌘Enter' : 'Ctrl+Enter';

/** A clock for relative times in the history: once a minute is plenty. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function App() {
  const [state, dispatch] = useReducer(reduceHostMessage, initialViewState);
  const [ui, setUi] = useState<UiState>(() => parseUiState(loadWebviewState()));
  const onUi = useCallback((patch: Partial<UiState>) => setUi((current) => ({ ...current, ...patch })), []);
  const onRemoveContext = useCallback(() => dispatch({ type: 'contextRemoved' }), []);
  const now = useMinuteClock();

  useEffect(() => saveWebviewState(ui), [ui]);

  useEffect(() => {
    const listener = (event: MessageEvent<unknown>) => {
      if (isHostMessage(event.data)) dispatch(event.data);
    };
    window.addEventListener('message', listener);
    postToHost({ type: 'ready', protocol: PROTOCOL_VERSION });
    return () => window.removeEventListener('message', listener);
  }, []);

  return <Sidebar state={state} ui={ui} onUi={onUi} onRemoveContext={onRemoveContext} post={postToHost} now={now} submitKeys={SUBMIT_KEYS} />;
}
