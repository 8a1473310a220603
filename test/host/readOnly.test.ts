// "Fanout: Distribute Review" and "Fanout: Distribute Research" inside VS Code, in demo mode on the
// sample workspace (no key): the run goes through the real engine and the demo's fake Messages API,
// its report is written in the run folder and opened, its findings reach the Problems panel with a
// source per role, and the workspace is byte-for-byte unchanged.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/host/commandIds';
import type { PublishedReadOnly } from '../../src/host/readOnly/readOnlyResults';
import { activateFanout } from './fanout';

async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      if (entry.isDirectory()) await walk(path);
      else hash.update(`${relative(root, path)}\0`).update(await readFile(path));
    }
  };
  await walk(root);
  return hash.digest('hex');
}

function fanoutDiagnostics(prefix: string): { path: string; source: string; line: number; message: string }[] {
  return vscode.languages
    .getDiagnostics()
    .flatMap(([uri, list]) =>
      list.map((d) => ({ path: vscode.workspace.asRelativePath(uri, false), source: d.source ?? '', line: d.range.start.line + 1, message: d.message })),
    )
    .filter((d) => d.source.startsWith(prefix));
}

export function readOnlyTests(): void {
  describe('read-only fan-outs: Distribute Review and Distribute Research (demo mode)', function () {
    this.timeout(120_000);
    let root: string;

    before(async () => {
      await activateFanout();
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder, 'the suite runs with the sample workspace open');
      root = folder.uri.fsPath;
    });

    async function runAndWait(command: string, args: unknown): Promise<PublishedReadOnly> {
      const api = await activateFanout();
      const published = new Promise<PublishedReadOnly>((resolve) => {
        const sub = api.readOnly.onDidPublish((p) => {
          sub.dispose();
          resolve(p);
        });
      });
      await vscode.commands.executeCommand(command, args);
      const stage = api.flow.stage;
      assert.equal(stage.kind, 'run', `the run started (stage: ${JSON.stringify(stage)})`);
      return published;
    }

    it('reviews the whole workspace with two roles side by side: one report opened, findings in Problems per role, nothing written', async () => {
      const before = await hashTree(root);
      const published = await runAndWait(CommandId.distributeReview, { scope: 'workspace', roles: ['Security', 'qa-edge-cases'] });
      const api = await activateFanout();
      const run = api.flow.run;
      assert.ok(run);
      assert.equal(run.status, 'done');
      assert.deepEqual(run.agentOrder, ['security', 'qa-edge-cases']);
      assert.equal(run.plan?.request, 'Review of the whole workspace');
      assert.equal(run.synthesis?.status, 'done');
      assert.equal(published.kind, 'review');
      assert.ok(published.findings > 0, 'the demo reviewers report findings');

      const report = await readFile(published.reportPath, 'utf8');
      assert.equal(report.trimEnd(), (run.synthesis?.report ?? '').trimEnd(), 'report.md holds the synthesis report');
      assert.ok(published.reportPath.startsWith(api.runs.runsDir ?? '\0'), 'the report is in the run folder, not the workspace');

      const problems = fanoutDiagnostics('Fanout review: ');
      assert.equal(problems.length, published.problems);
      assert.ok(problems.length > 0);
      for (const p of problems) {
        assert.match(p.source, /^Fanout review: (Security|QA & edge cases)(, (Security|QA & edge cases))*$/);
        await vscode.workspace.fs.stat(vscode.Uri.file(join(root, p.path)));
      }
      assert.equal(await hashTree(root), before, 'the workspace is unchanged');
      assert.equal(
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.includes('report.md')),
        true,
        'the report is open',
      );
    });

    it('researches a question: split into questions answered side by side, one report, nothing written; the next run replaces the Problems', async () => {
      const before = await hashTree(root);
      const published = await runAndWait(CommandId.distributeResearch, { question: 'How are todos validated and stored?' });
      const api = await activateFanout();
      const run = api.flow.run;
      assert.ok(run);
      assert.equal(run.status, 'done');
      assert.ok(run.agentOrder.length >= 2, `several questions ran (${run.agentOrder.join(', ')})`);
      assert.ok(run.agentOrder.every((id) => /^q\d+$/.test(id)));
      assert.equal(published.kind, 'research');
      assert.match(await readFile(published.reportPath, 'utf8'), /\S/);
      assert.equal(fanoutDiagnostics('Fanout review: ').length, 0, 'the review problems gave way to the research');
      assert.equal(fanoutDiagnostics('Fanout research: ').length, published.problems);
      assert.equal(await hashTree(root), before, 'the workspace is unchanged');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
}
