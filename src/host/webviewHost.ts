import * as vscode from 'vscode';
import { parseWebviewMessage, PROTOCOL_VERSION, type HostToWebview, type WebviewMessageOf, type WebviewToHostType } from '../protocol/messages';
import { createNonce, renderWebviewHtml } from './webviewHtml';

/** One handler per inbound message type: dispatch is a lookup, not a switch. */
export type WebviewHandlers = {
  readonly [T in WebviewToHostType]: (message: WebviewMessageOf<T>) => void | Thenable<void>;
};

export interface WebviewHostOptions {
  readonly extensionUri: vscode.Uri;
  readonly title: string;
  /** Called after each `ready`; returns the messages that bring the webview up to date. */
  readonly onReady: () => readonly HostToWebview[];
  readonly handlers: Omit<WebviewHandlers, 'ready'>;
  readonly log: vscode.LogOutputChannel;
}

/** Folder of the built webview bundle, the only local resource root. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/**
 * A generic host for one Fanout webview: strict CSP HTML, a ready handshake that queues posts
 * until the webview listens, schema validation of every inbound message, and disposal.
 */
export class WebviewHost implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending: HostToWebview[] = [];
  private ready = false;

  constructor(
    private readonly webview: vscode.Webview,
    private readonly options: WebviewHostOptions,
  ) {
    const root = webviewRoot(options.extensionUri);
    webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [root] };
    this.disposables.push(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    webview.html = renderWebviewHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')).toString(),
      title: options.title,
    });
  }

  /** Posts now when the webview is listening, otherwise after its next `ready`. */
  post(message: HostToWebview): void {
    if (!this.ready) {
      this.pending.push(message);
      return;
    }
    void this.webview.postMessage(message);
  }

  /** Marks the webview as not listening (hidden and disposed of its document, or reloading). */
  reset(): void {
    this.ready = false;
    this.pending.length = 0;
  }

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.options.log.warn(`Ignored an invalid message from the ${this.options.title} view: ${parsed.error}`);
      return;
    }
    const message = parsed.message;
    if (message.type === 'ready') {
      this.handleReady(message.protocol);
      return;
    }
    const handler = this.options.handlers[message.type] as (m: typeof message) => void | Thenable<void>;
    Promise.resolve()
      .then(() => handler(message))
      .catch((error: unknown) => {
        this.options.log.error(`Handling "${message.type}" failed: ${String(error)}`);
      });
  }

  private handleReady(protocol: number): void {
    if (protocol !== PROTOCOL_VERSION) {
      this.options.log.warn(`The ${this.options.title} view speaks protocol ${protocol}, expected ${PROTOCOL_VERSION}.`);
    }
    this.ready = true;
    // The fresh snapshot supersedes queued snapshots; other queued messages (focus requests) follow it.
    const queued = this.pending.splice(0).filter((m) => m.type !== 'snapshot');
    for (const message of [...this.options.onReady(), ...queued]) {
      void this.webview.postMessage(message);
    }
  }

  dispose(): void {
    this.ready = false;
    this.pending.length = 0;
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
