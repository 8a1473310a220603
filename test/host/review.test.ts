import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/host/commandIds';
import { fromStagedUri, toStagedUri } from '../../src/host/review/stagedUri';
import {
  closeAllEditors,
  groupsOf,
  readWorkspace,
  review,
  reviewEnv,
  reviewEvents,
  runFolderExists,
  seed,
  stage,
  until,
  uriOf,
  type ReviewEnv,
} from './reviewHelpers';
import { deleteFile, editFile, reportFinding, startStagedRun, writeFile } from './stageRun';

const APP = 'export const one = 1;\nexport const two = 2;\nexport const three = 3;\nexport const four = 4;\nexport const five = 5;\n';
const decoder = new TextDecoder();

export function reviewTests(): void {
  describe('review: staged changes in VS Code', function () {
    this.timeout(30_000);
    let env: ReviewEnv;

    before(async () => {
      env = await reviewEnv();
    });
    afterEach(closeAllEditors);

    it('round-trips staged URIs with odd characters in run, task and path', () => {
      const ref = { runId: 'run 1/%#?"', taskId: 'ta sk:ü', path: 'dir with space/ü#?%.ts' };
      const uri = toStagedUri(ref, { root: vscode.Uri.file(env.root) });
      assert.equal(uri.scheme, 'fanout-staged');
      assert.equal(uri.path, `${vscode.Uri.file(env.root).path}/dir with space/ü#?%.ts`, "the path is the workspace file's");
      assert.deepEqual(fromStagedUri(vscode.Uri.parse(uri.toString())), { ref, side: 'proposed' });
      assert.deepEqual(fromStagedUri(vscode.Uri.parse(toStagedUri(ref, { side: 'empty' }).toString()))?.side, 'empty');
      assert.equal(fromStagedUri(vscode.Uri.file('/x/y/z.ts')), undefined);
    });

    it('shows an SCM group per agent, serves staged content, reports findings, and accepts files and agents', async () => {
      seed(env, { 'r1/app.ts': APP, 'r1/old.ts': 'export const old = true;\n' });
      const run = await stage(env, 'Add the types and update the app', [
        { id: 'types', title: 'Types', phase: 'contract', calls: [writeFile('r1/types.ts', 'export type Two = 2;\n')] },
        { id: 'app', title: 'App', calls: [editFile('r1/app.ts', 'two = 2', 'two: Two = 2'), deleteFile('r1/old.ts')] },
        { id: 'check', title: 'Check', phase: 'validate', calls: [reportFinding('warning', 'Line two needs a test.', 'r1/app.ts', 2)] },
      ]);
      assert.deepEqual(groupsOf(env, run.runId), [
        ['types', 'Types · 1 file', [['r1/types.ts', 'create', 'pending']]],
        [
          'app',
          'App · 2 files',
          [
            ['r1/app.ts', 'modify', 'pending'],
            ['r1/old.ts', 'delete', 'pending'],
          ],
        ],
      ]);
      assert.equal(readWorkspace(env, 'r1/types.ts'), undefined, 'nothing is written before an accept');

      // Staged content under its own scheme: proposed text, an empty file for a delete and for the empty side.
      const staged = (taskId: string, path: string, side?: 'empty') => toStagedUri({ runId: run.runId, taskId, path }, { side });
      const proposed = APP.replace('two = 2', 'two: Two = 2');
      assert.equal(decoder.decode(await vscode.workspace.fs.readFile(staged('app', 'r1/app.ts'))), proposed);
      assert.equal((await vscode.workspace.fs.readFile(staged('app', 'r1/old.ts'))).byteLength, 0);
      assert.equal((await vscode.workspace.fs.readFile(staged('types', 'r1/types.ts', 'empty'))).byteLength, 0);
      await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(staged('types', 'r1/app.ts'))), /FileNotFound|EntryNotFound|not found/i);
      await assert.rejects(
        Promise.resolve(vscode.workspace.fs.writeFile(staged('app', 'r1/app.ts'), new Uint8Array(1))),
        /NoPermissions|read-?only|permission/i,
      );

      // The validator's finding is a problem on the workspace file.
      const problems = vscode.languages.getDiagnostics(uriOf(env, 'r1/app.ts'));
      assert.deepEqual(
        problems.map((d) => [d.source, d.message, d.range.start.line, d.severity]),
        [['Fanout: Check', 'Line two needs a test.', 1, vscode.DiagnosticSeverity.Warning]],
      );

      // Clicking a file opens the diff; the agent's changes open in the multi-file changes editor.
      await vscode.commands.executeCommand(CommandId.reviewOpenDiff, { runId: run.runId, taskId: 'app', path: 'r1/app.ts' });
      await until(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, 'the diff editor');
      const diff = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.equal(diff?.label, 'r1/app.ts (App)');
      assert.equal(diff?.input instanceof vscode.TabInputTextDiff && diff.input.modified.scheme, 'fanout-staged');
      await vscode.commands.executeCommand(CommandId.reviewOpenAgentChanges, { runId: run.runId, taskId: 'app' });
      await until(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label.startsWith('Fanout: App') === true, 'the changes editor');

      // Accept one file: written, recorded, gone from the group, its diff tab closed.
      const one = await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'app', path: 'r1/app.ts' });
      assert.deepEqual([one.applied, one.conflicts], [['r1/app.ts'], []]);
      assert.equal(readWorkspace(env, 'r1/app.ts'), proposed);
      assert.deepEqual(groupsOf(env, run.runId)[1], ['app', 'App · 1 file', [['r1/old.ts', 'delete', 'pending']]]);
      assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'r1/app.ts (App)')), 'the diff tab was closed');
      const applied = reviewEvents(env, run.runId);
      assert.deepEqual(
        applied.map((e) => e.kind === 'review.applied' && [e.taskId, e.path, e.merged]),
        [['app', 'r1/app.ts', false]],
      );

      // Undo in the editor restores the previous content.
      const document = await vscode.workspace.openTextDocument(uriOf(env, 'r1/app.ts'));
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      assert.equal(document.getText(), APP);
      await document.save();

      // Accept agents: a delete, then a create; then the run is fully reviewed and cleaned up.
      assert.deepEqual((await review(CommandId.reviewAcceptAgent, { runId: run.runId, taskId: 'app' })).applied, ['r1/old.ts']);
      assert.equal(readWorkspace(env, 'r1/old.ts'), undefined);
      assert.ok(runFolderExists(env, run.runId));
      assert.deepEqual((await review(CommandId.reviewAcceptAgent, { runId: run.runId, taskId: 'types' })).applied, ['r1/types.ts']);
      assert.equal(readWorkspace(env, 'r1/types.ts'), 'export type Two = 2;\n');
      assert.equal(runFolderExists(env, run.runId), false, 'the staged contents are removed once every file is reviewed');
      assert.deepEqual(groupsOf(env, run.runId), []);
      assert.deepEqual(vscode.languages.getDiagnostics(uriOf(env, 'r1/app.ts')), [], 'its findings are cleared');
    });

    it('accepts every file of an agent together, in one edit', async () => {
      seed(env, { 'r2/a.ts': 'a\n', 'r2/b.ts': 'b\n' });
      const run = await stage(env, 'Change a and b', [
        { id: 'ab', title: 'AB', calls: [writeFile('r2/a.ts', 'A\n'), writeFile('r2/b.ts', 'B\n'), writeFile('r2/c.ts', 'C\n')] },
      ]);
      const outcome = await review(CommandId.reviewAcceptAgent, { runId: run.runId, taskId: 'ab' });
      assert.deepEqual([...outcome.applied].sort(), ['r2/a.ts', 'r2/b.ts', 'r2/c.ts']);
      assert.deepEqual(
        ['r2/a.ts', 'r2/b.ts', 'r2/c.ts'].map((p) => readWorkspace(env, p)),
        ['A\n', 'B\n', 'C\n'],
      );
      assert.equal(runFolderExists(env, run.runId), false);
    });

    it('discards a file and an agent without touching the workspace', async () => {
      seed(env, { 'r3/readme.md': '# Title\n' });
      const run = await stage(env, 'Write docs', [
        { id: 'docs', title: 'Docs', calls: [writeFile('r3/readme.md', '# Better title\n'), writeFile('r3/new.md', 'new\n')] },
      ]);
      const one = await review(CommandId.reviewDiscardFile, { runId: run.runId, taskId: 'docs', path: 'r3/readme.md' });
      assert.deepEqual(one.discarded, ['r3/readme.md']);
      assert.equal(readWorkspace(env, 'r3/readme.md'), '# Title\n');
      assert.deepEqual(
        reviewEvents(env, run.runId).map((e) => e.kind === 'review.discarded' && e.path),
        ['r3/readme.md'],
      );
      await review(CommandId.reviewDiscardAgent, { runId: run.runId, taskId: 'docs', confirmed: true });
      assert.equal(readWorkspace(env, 'r3/new.md'), undefined);
      assert.equal(runFolderExists(env, run.runId), false);
    });

    it('shows every run with changes to review, newest first, each group labelled with its role first and its run after the count', async () => {
      const older = await stage(env, 'Older request', [{ id: 'o', title: 'Old', calls: [writeFile('r5/o.ts', 'o\n')] }]);
      const newer = await stage(env, 'Newer request', [{ id: 'n', title: 'New', calls: [writeFile('r5/n.ts', 'n\n')] }]);
      const labels = env.api.review.groups().map((g) => g.label);
      assert.deepEqual(labels, ['New · 1 file — run “Newer request”', 'Old · 1 file — run “Older request”']);
      for (const run of [older, newer]) await review(CommandId.reviewDiscardAll, { runId: run.runId, confirmed: true });
      assert.deepEqual(env.api.review.groups(), []);
    });

    it('keeps a run this window is running out of the review until it ends, then shows it without a reload', async () => {
      let release = (): void => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const live = await startStagedRun({
        workspaceRoot: env.root,
        runsDir: env.runsDir,
        request: 'Live run',
        agents: [{ id: 'l', title: 'Live', calls: [writeFile('r6/l.ts', 'l\n')] }],
        gate,
        start: (build) => env.api.runs.start(build),
      });
      await until(() => live.handle.state().files['r6/l.ts'] !== undefined, 'the agent to stage its file');
      assert.equal(env.api.runs.isRunning(live.runId), true);
      assert.deepEqual(groupsOf(env, live.runId), []);
      await env.api.review.reload();
      assert.deepEqual(groupsOf(env, live.runId), []);
      const staged = toStagedUri({ runId: live.runId, taskId: 'l', path: 'r6/l.ts' });
      assert.equal(decoder.decode(await vscode.workspace.fs.readFile(staged)), 'l\n', 'a live run is read from its own staging store');
      release();
      await live.finished;
      await until(() => groupsOf(env, live.runId).length > 0, 'the ended run in the review');
      assert.deepEqual(groupsOf(env, live.runId), [['l', 'Live · 1 file', [['r6/l.ts', 'create', 'pending']]]]);
      await review(CommandId.reviewDiscardAll, { runId: live.runId, confirmed: true });
      assert.equal(runFolderExists(env, live.runId), false);
    });

    it('keeps the review across a reload from disk, and accepts everything from the title action', async () => {
      seed(env, { 'r4/x.ts': 'x\n', 'r4/y.ts': 'y\n' });
      const run = await stage(env, 'Touch x and y', [
        { id: 'x', title: 'X', calls: [writeFile('r4/x.ts', 'X\n')] },
        { id: 'y', title: 'Y', calls: [writeFile('r4/y.ts', 'Y\n'), writeFile('r4/z.ts', 'Z\n')] },
      ]);
      await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'y', path: 'r4/z.ts' });
      const before = groupsOf(env, run.runId);
      await env.api.review.reload();
      assert.deepEqual(groupsOf(env, run.runId), before);
      assert.deepEqual(before, [
        ['x', 'X · 1 file', [['r4/x.ts', 'modify', 'pending']]],
        ['y', 'Y · 1 file', [['r4/y.ts', 'modify', 'pending']]],
      ]);
      const staged = toStagedUri({ runId: run.runId, taskId: 'y', path: 'r4/y.ts' });
      assert.equal(decoder.decode(await vscode.workspace.fs.readFile(staged)), 'Y\n', 'a restored diff still resolves');
      const all = await vscode.commands.executeCommand<{ applied: string[] }>(CommandId.reviewAcceptAll);
      assert.deepEqual([...all.applied].sort(), ['r4/x.ts', 'r4/y.ts']);
      assert.equal(runFolderExists(env, run.runId), false);
    });
  });
}
