import * as vscode from 'vscode';
import type { RunController } from './runs/runController';

/** Shows an active run ("Fanout: 3 running · 2/7 done") and focuses the Fanout view on click. */
export class RunStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fanout.run', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly controller: RunController) {
    this.item.name = 'Fanout Run';
    this.item.command = 'fanout.sidebar.focus';
    // Stage changes and agent ends come as onDidChange; agents starting, retrying and resuming only
    // as run events (batched, a few a second), so the counts follow both.
    this.subscriptions = [controller.onDidChange(() => this.update()), controller.onEvents(() => this.update())];
  }

  private update(): void {
    const run = this.controller.run;
    if (run?.status !== 'running') {
      this.item.hide();
      return;
    }
    const agents = Object.values(run.agents);
    const active = agents.filter((a) => a.status === 'running' || a.status === 'waiting' || a.status === 'retrying').length;
    const done = agents.filter((a) => a.status === 'done').length;
    this.item.text = `$(sync~spin) Fanout: ${active} running · ${done}/${agents.length} done`;
    this.item.tooltip = `${run.plan?.request ?? 'Fanout run'}\nClick to open the Fanout view.`;
    this.item.accessibilityInformation = { label: `Fanout run: ${active} agents running, ${done} of ${agents.length} done` };
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
