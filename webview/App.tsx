import { useEffect, useReducer } from 'react';
import type { HostToWebview } from '../src/protocol/messages';
import { PROTOCOL_VERSION } from '../src/protocol/version';
import { EmptyState } from './EmptyState';
import { initialViewState, reduceHostMessage } from './state';
import { postToHost } from './vscodeApi';

export function App() {
  const [state, dispatch] = useReducer(reduceHostMessage, initialViewState);

  useEffect(() => {
    const listener = (event: MessageEvent<HostToWebview>) => dispatch(event.data);
    window.addEventListener('message', listener);
    postToHost({ type: 'ready', protocol: PROTOCOL_VERSION });
    return () => window.removeEventListener('message', listener);
  }, []);

  return <EmptyState snapshot={state.snapshot} />;
}
