// "Fanout: Review Run from Folder…": a run folder the CLI made on a (simulated) CI runner — see
// ciRun.ts, run by runInCodeServer.ts before the workbench starts — is imported into this window's
// review, listed in Source Control with its file, and accepted into the workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CommandId } from '../../src/host/commandIds';
import { CI_RUN_CONTENT, CI_RUN_FILE, CI_RUN_REQUEST } from './ciRun';
import { groupsOf, readWorkspace, review, reviewEnv, until, type ReviewEnv } from './reviewHelpers';

export function importRunTests(): void {
  describe('runs from CI, reviewed in VS Code', function () {
    this.timeout(60_000);
    let env: ReviewEnv;
    before(async () => {
      env = await reviewEnv();
    });

    it('imports a run folder made by `fanout run --out` and accepts its file into the workspace', async () => {
      const folder = process.env.FANOUT_TEST_CI_RUN;
      assert.ok(folder, 'runInCodeServer.ts made a CI run folder (FANOUT_TEST_CI_RUN)');
      assert.equal(readWorkspace(env, CI_RUN_FILE), undefined, 'the file is not in the workspace yet');
      const runId = await vscode.commands.executeCommand<string | undefined>(CommandId.reviewRunFromFolder, folder);
      assert.ok(runId, 'the folder was imported');
      await until(() => groupsOf(env, runId).length > 0, 'the imported run to be listed in Source Control', 10_000);
      assert.deepEqual(
        groupsOf(env, runId).map(([taskId, , files]) => [taskId, files]),
        [['note', [[CI_RUN_FILE, 'create', 'pending']]]],
      );
      assert.equal(
        env.api.review
          .groups()
          .find((g) => g.runId === runId)
          ?.label.includes('Note'),
        true,
      );
      assert.equal((await env.api.runs.state(runId))?.plan?.request, CI_RUN_REQUEST);

      await review(CommandId.reviewAcceptFile, { runId, taskId: 'note', path: CI_RUN_FILE });
      assert.equal(readWorkspace(env, CI_RUN_FILE), CI_RUN_CONTENT, 'the accepted file is in the workspace');

      const again = await vscode.commands.executeCommand<string | undefined>(CommandId.reviewRunFromFolder, folder);
      assert.equal(again, runId, 'importing the same folder again finds the run already here');
    });

    it('refuses a folder that is not a run folder and imports nothing', async () => {
      const before = (await env.api.runs.list()).length;
      const result = await vscode.commands.executeCommand<string | undefined>(CommandId.reviewRunFromFolder, env.root);
      assert.equal(result, undefined);
      assert.equal((await env.api.runs.list()).length, before);
    });
  });
}
