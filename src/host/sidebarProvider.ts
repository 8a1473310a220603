import * as vscode from 'vscode';
import type { HostToWebview, SidebarSnapshot } from '../protocol/messages';
import { PROTOCOL_VERSION } from '../protocol/messages';
import type { ApiKeyStore } from './apiKey';
import { CommandId } from './commandIds';
import { WebviewHost } from './webviewHost';
import { currentWorkspaceStatus } from './workspaceStatus';

/** The Fanout sidebar: a WebviewView whose state is pushed as snapshots from the host. */
export class SidebarProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private host: WebviewHost | undefined;
  private seq = 0;
  private demoMode = true;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly apiKeys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      apiKeys.onDidChange(() => void this.refresh()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
    );
    void this.refresh();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.host?.dispose();
    const host = new WebviewHost(view.webview, {
      extensionUri: this.extensionUri,
      title: 'Fanout',
      log: this.log,
      onReady: () => [{ type: 'snapshot', snapshot: this.snapshot() }],
      handlers: {
        distribute: () => vscode.commands.executeCommand(CommandId.distributeFeature),
        setApiKey: () => vscode.commands.executeCommand(CommandId.setApiKey),
        openSettings: () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:fanout.fanout'),
      },
    });
    this.host = host;
    const viewDisposables = [
      host,
      view.onDidDispose(() => {
        if (this.host === host) {
          this.host = undefined;
        }
        for (const d of viewDisposables) {
          d.dispose();
        }
      }),
    ];
  }

  /** Asks the view to put the cursor in the request composer (once it exists). */
  focusComposer(): void {
    this.post({ type: 'focusComposer', seq: ++this.seq });
  }

  private async refresh(): Promise<void> {
    this.demoMode = (await this.apiKeys.resolve()) === undefined;
    this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  private snapshot(): SidebarSnapshot {
    return { protocol: PROTOCOL_VERSION, seq: ++this.seq, workspace: currentWorkspaceStatus(), demoMode: this.demoMode };
  }

  private post(message: HostToWebview): void {
    this.host?.post(message);
  }

  dispose(): void {
    this.host?.dispose();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}
