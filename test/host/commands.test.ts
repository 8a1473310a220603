import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateFanout, fanoutExtension } from './fanout';
import { until } from './reviewHelpers';

export function commandTests(): void {
  describe('commands and view', () => {
    before(async () => {
      await activateFanout();
    });

    it('registers every contributed command', async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      const contributed = (fanoutExtension().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
      assert.ok(contributed.includes('fanout.distributeReview') && contributed.includes('fanout.distributeResearch'));
      for (const id of contributed) {
        assert.ok(registered.has(id), `${id} is not registered`);
      }
    });

    it('opens the Fanout view container', async () => {
      await vscode.commands.executeCommand('workbench.view.extension.fanout');
    });

    it('focuses the Agents view', async () => {
      await vscode.commands.executeCommand('fanout.sidebar.focus');
    });

    it('runs "Fanout: Distribute Feature" without error', async () => {
      await vscode.commands.executeCommand('fanout.distributeFeature');
    });

    it('opens the view in one editor tab with "Fanout: Open in Editor", and reveals that tab when run again', async () => {
      const fanoutTabs = () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('fanout.editor'));
      await vscode.commands.executeCommand('fanout.openInEditor');
      // The tab model follows the workbench asynchronously.
      await until(() => fanoutTabs().length > 0, 'the Fanout editor tab to open');
      assert.equal(fanoutTabs().length, 1);
      assert.equal(fanoutTabs()[0]?.label, 'Fanout');
      await vscode.commands.executeCommand('fanout.openInEditor');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(fanoutTabs().length, 1, 'a second call reveals the same tab');
      await vscode.window.tabGroups.close(fanoutTabs());
      await until(() => fanoutTabs().length === 0, 'the Fanout editor tab to close');
    });

    it('shows the log', async () => {
      await vscode.commands.executeCommand('fanout.showLog');
    });
  });
}
