import * as vscode from 'vscode';
import { ApiKeyStore } from './host/apiKey';
import { registerCommands } from './host/commands';
import { SIDEBAR_VIEW_ID } from './host/commandIds';
import { SidebarProvider } from './host/sidebarProvider';

/** What `activate` returns: a small surface for tests and other extensions. */
export interface FanoutApi {
  /** Milliseconds spent inside `activate`. */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): FanoutApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Fanout', { log: true });
  context.subscriptions.push(log);

  const apiKeys = new ApiKeyStore(context.secrets);
  context.subscriptions.push(apiKeys);

  const sidebar = new SidebarProvider(context.extensionUri, apiKeys, log);
  context.subscriptions.push(
    sidebar,
    vscode.window.registerWebviewViewProvider(SIDEBAR_VIEW_ID, sidebar, { webviewOptions: { retainContextWhenHidden: false } }),
    ...registerCommands({ apiKeys, sidebar, log }),
  );

  const activationMs = performance.now() - started;
  log.info(`Fanout activated in ${activationMs.toFixed(1)} ms.`);
  return { activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
