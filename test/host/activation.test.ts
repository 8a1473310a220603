import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateFanout, EXTENSION_ID, fanoutExtension } from './fanout';

/** Activation cost budget: Fanout does no I/O and starts no model work in `activate`. */
const ACTIVATION_BUDGET_MS = 20;

interface ViewContribution {
  readonly id: string;
  readonly type?: string;
}

interface Manifest {
  readonly contributes: {
    readonly viewsContainers: { readonly activitybar: readonly { readonly id: string }[] };
    readonly views: Readonly<Record<string, readonly ViewContribution[]>>;
  };
}

export function activationTests(): void {
  describe('activation', () => {
    it('is installed in the extension host', () => {
      const extension = fanoutExtension();
      assert.equal(extension.id, EXTENSION_ID);
      // Where it was loaded from: the checkout in development, an extensions dir when installed.
      console.log(`extensionPath=${extension.extensionPath}`);
    });

    it(`activates and reports an activation cost under ${ACTIVATION_BUDGET_MS} ms`, async () => {
      const api = await activateFanout();
      assert.equal(typeof api.activationMs, 'number');
      assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs=${api.activationMs}`);
      // Read by scripts/test.sh and reported with the test summary.
      console.log(`activationMs=${api.activationMs.toFixed(2)}`);
      assert.ok(api.activationMs < ACTIVATION_BUDGET_MS, `activate took ${api.activationMs.toFixed(2)} ms`);
    });

    it('contributes the Fanout activity bar container with the Agents webview view', () => {
      const manifest = fanoutExtension().packageJSON as Manifest;
      assert.ok(manifest.contributes.viewsContainers.activitybar.some((c) => c.id === 'fanout'));
      const views = manifest.contributes.views['fanout'] ?? [];
      assert.deepEqual(
        views.map((v) => [v.id, v.type]),
        [['fanout.sidebar', 'webview']],
      );
    });

    it('runs in a workspace with the demo folder open', () => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      assert.equal(folders.length, 1, 'expected exactly one workspace folder');
    });
  });
}
