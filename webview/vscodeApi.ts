import type { WebviewToHost } from '../src/protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The host bridge; `acquireVsCodeApi` may be called once per document. */
const api: VsCodeApi = acquireVsCodeApi();

/** Sends a typed message to the extension host (which validates it again). */
export function postToHost(message: WebviewToHost): void {
  api.postMessage(message);
}

/** The UI state the webview saved before it was last hidden (undefined on first show). */
export function loadWebviewState(): unknown {
  return api.getState();
}

/** Saves UI-only state (never run state: that lives in the host and its run log). */
export function saveWebviewState(state: unknown): void {
  api.setState(state);
}
