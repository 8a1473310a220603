import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateFanout } from './fanout';

const FANOUT_COMMANDS = ['fanout.distributeFeature', 'fanout.setApiKey', 'fanout.clearApiKey', 'fanout.showLog'] as const;

export function commandTests(): void {
  describe('commands and view', () => {
    before(async () => {
      await activateFanout();
    });

    it('registers every contributed command', async () => {
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const id of FANOUT_COMMANDS) {
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

    it('shows the log', async () => {
      await vscode.commands.executeCommand('fanout.showLog');
    });
  });
}
