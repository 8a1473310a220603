import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CommandId } from '../../src/host/commandIds';
import {
  closeAllEditors,
  editUnsaved,
  groupsOf,
  readWorkspace,
  removeFromWorkspace,
  review,
  reviewEnv,
  reviewEvents,
  runFolderExists,
  seed,
  stage,
  type ReviewEnv,
} from './reviewHelpers';
import { deleteFile, editFile, writeFile } from './stageRun';

const FILE = 'line one\nline two\nline three\nline four\nline five\n';
const AGENT = FILE.replace('line two', 'line two (agent)');

export function reviewConflictTests(): void {
  describe("review: the user's edits are never lost", function () {
    this.timeout(30_000);
    let env: ReviewEnv;

    before(async () => {
      env = await reviewEnv();
    });
    afterEach(closeAllEditors);

    const stageEdit = (dir: string, files: readonly string[]) => {
      seed(env, Object.fromEntries(files.map((f) => [`${dir}/${f}`, FILE])));
      return stage(env, `Edit ${files.join(', ')}`, [
        { id: 'edit', title: 'Editor', calls: files.map((f) => editFile(`${dir}/${f}`, 'line two', 'line two (agent)')) },
      ]);
    };

    it('merges edits saved to disk since the agent read the file', async () => {
      const run = await stageEdit('c1', ['m.ts', 'n.ts']);
      writeFileSync(join(env.root, 'c1/m.ts'), FILE.replace('line five', 'line five (yours)'));
      const outcome = await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'edit', path: 'c1/m.ts' });
      assert.deepEqual([outcome.applied, outcome.merged], [['c1/m.ts'], ['c1/m.ts']]);
      assert.match(outcome.message, /Merged with your edits/);
      assert.equal(readWorkspace(env, 'c1/m.ts'), AGENT.replace('line five', 'line five (yours)'));
      assert.deepEqual(
        reviewEvents(env, run.runId).map((e) => e.kind === 'review.applied' && e.merged),
        [true],
      );
      await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'edit', path: 'c1/n.ts' });
      assert.equal(runFolderExists(env, run.runId), false);
    });

    it('merges into an unsaved buffer and leaves it unsaved', async () => {
      const run = await stageEdit('c2', ['b.ts']);
      const document = await editUnsaved(env, 'c2/b.ts', 4, 'line five (unsaved)');
      const outcome = await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'edit', path: 'c2/b.ts' });
      assert.deepEqual(outcome.merged, ['c2/b.ts']);
      assert.equal(document.getText(), AGENT.replace('line five', 'line five (unsaved)'));
      assert.ok(document.isDirty, 'what the user had not saved stays unsaved');
      assert.equal(readWorkspace(env, 'c2/b.ts'), FILE);
    });

    it('refuses a conflict with an unsaved buffer: nothing applied, the merge opened, the change kept', async () => {
      const run = await stageEdit('c3', ['k.ts']);
      const document = await editUnsaved(env, 'c3/k.ts', 1, 'line two (yours)');
      const outcome = await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'edit', path: 'c3/k.ts' });
      assert.deepEqual(outcome.applied, []);
      assert.equal(outcome.conflicts[0]?.path, 'c3/k.ts');
      assert.match(outcome.message, /Nothing was applied/);
      assert.equal(document.getText(), FILE.replace('line two', 'line two (yours)'));
      assert.equal(readWorkspace(env, 'c3/k.ts'), FILE);
      const merge = vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().includes('<<<<<<< yours'));
      assert.ok(merge, 'the merge with conflict markers is open');
      assert.match(
        merge.getText(),
        /<<<<<<< yours\nline two \(yours\)\n\|\|\|\|\|\|\| base\nline two\n=======\nline two \(agent\)\n>>>>>>> agent \(Editor\)\n/,
      );
      assert.equal(merge.languageId, 'typescript');
      assert.deepEqual(groupsOf(env, run.runId), [['edit', 'Editor · 1 file', [['c3/k.ts', 'modify', 'conflict']]]]);
      assert.deepEqual(
        reviewEvents(env, run.runId).map((e) => e.kind),
        ['review.conflict'],
      );
      await review(CommandId.reviewDiscardAll, { runId: run.runId, confirmed: true });
      assert.equal(runFolderExists(env, run.runId), false);
    });

    it("applies none of an agent's files when one of them conflicts", async () => {
      const run = await stageEdit('c4', ['a.ts', 'b.ts']);
      writeFileSync(join(env.root, 'c4/b.ts'), FILE.replace('line two', 'line 2'));
      const outcome = await review(CommandId.reviewAcceptAgent, { runId: run.runId, taskId: 'edit' });
      assert.deepEqual([outcome.applied, outcome.conflicts.map((c) => c.path)], [[], ['c4/b.ts']]);
      assert.match(outcome.message, /The other 1 file was not applied either/);
      assert.equal(readWorkspace(env, 'c4/a.ts'), FILE);
      assert.equal(readWorkspace(env, 'c4/b.ts'), FILE.replace('line two', 'line 2'));
      assert.deepEqual(groupsOf(env, run.runId)[0]?.[2], [
        ['c4/a.ts', 'modify', 'pending'],
        ['c4/b.ts', 'modify', 'conflict'],
      ]);
      await review(CommandId.reviewDiscardAgent, { runId: run.runId, taskId: 'edit', confirmed: true });
    });

    it('refuses a file deleted since, a folder, a binary, an oversized file and a delete of an edited file', async () => {
      seed(env, { 'c5/gone.ts': FILE, 'c5/dir.ts': FILE, 'c5/bin.ts': FILE, 'c5/big.ts': FILE, 'c5/del.ts': FILE });
      const run = await stage(env, 'Edit everything', [
        {
          id: 'bad',
          title: 'Bad',
          calls: ['gone', 'dir', 'bin', 'big'].map((n) => editFile(`c5/${n}.ts`, 'line two', 'line two (agent)')).concat(deleteFile('c5/del.ts')),
        },
      ]);
      removeFromWorkspace(env, 'c5/gone.ts');
      removeFromWorkspace(env, 'c5/dir.ts');
      mkdirSync(join(env.root, 'c5/dir.ts'));
      writeFileSync(join(env.root, 'c5/bin.ts'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
      writeFileSync(join(env.root, 'c5/big.ts'), 'x'.repeat(1_200_000));
      writeFileSync(join(env.root, 'c5/del.ts'), `${FILE}line six (yours)\n`);
      const expected: [string, RegExp][] = [
        ['c5/gone.ts', /was deleted after agent Bad read it/],
        ['c5/dir.ts', /is now a folder/],
        ['c5/bin.ts', /binary file/],
        ['c5/big.ts', /1200000 bytes, over the 1048576-byte limit/],
        ['c5/del.ts', /does not delete your edits/],
      ];
      for (const [path, message] of expected) {
        const outcome = await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'bad', path });
        assert.deepEqual(outcome.applied, [], path);
        assert.match(outcome.conflicts[0]?.message ?? '', message);
      }
      assert.equal(readWorkspace(env, 'c5/gone.ts'), undefined);
      assert.equal(readWorkspace(env, 'c5/del.ts'), `${FILE}line six (yours)\n`);
      assert.equal(readWorkspace(env, 'c5/big.ts')?.length, 1_200_000);
      assert.deepEqual(
        groupsOf(env, run.runId)[0]?.[2].map(([, , state]) => state),
        ['conflict', 'conflict', 'conflict', 'conflict', 'conflict'],
      );
      await review(CommandId.reviewDiscardAll, { runId: run.runId, confirmed: true });
      assert.equal(runFolderExists(env, run.runId), false);
    });

    it('creates a file whose path the user filled meanwhile only when the contents agree', async () => {
      const run = await stage(env, 'Create', [{ id: 'new', title: 'New', calls: [writeFile('c6/same.ts', 'same\n'), writeFile('c6/other.ts', 'agent\n')] }]);
      seed(env, { 'c6/same.ts': 'same\n', 'c6/other.ts': 'mine\n' });
      const same = await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'new', path: 'c6/same.ts' });
      assert.deepEqual(same.applied, ['c6/same.ts']);
      const other = await review(CommandId.reviewAcceptFile, { runId: run.runId, taskId: 'new', path: 'c6/other.ts' });
      assert.deepEqual(other.applied, []);
      assert.equal(readWorkspace(env, 'c6/other.ts'), 'mine\n');
      await review(CommandId.reviewDiscardFile, { runId: run.runId, taskId: 'new', path: 'c6/other.ts' });
      assert.equal(runFolderExists(env, run.runId), false);
    });
  });
}
