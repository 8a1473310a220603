import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Plan } from '../../../src/core/plan/plan';
import { pathRefusal, refusedPaths } from '../../../src/host/review/applyPathCheck';
import { plan, task } from '../core/fixtures';

describe('review: the paths of an accept, checked again', () => {
  let base: string;
  let root: string;
  let outside: string;
  const thePlan: Plan = plan(task('gen', 'implement', ['gen/**', '.vscode/tasks.json', '**/*.md']), task('other', 'implement', ['other/**']));
  const check = (path: string, taskId = 'gen') => pathRefusal(root, { path, taskId }, thePlan);

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'fanout-apply-check-'));
    root = join(base, 'ws');
    outside = join(base, 'outside');
    await mkdir(join(root, 'gen'), { recursive: true });
    await mkdir(join(root, 'other'), { recursive: true });
    await mkdir(outside);
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it('lets through a path its author owns, with no symlink on it', async () => {
    assert.equal(await check('gen/a.ts'), undefined);
    assert.equal(await check('gen/new/deep/a.ts'), undefined, 'folders that do not exist yet');
    assert.equal(await check('.vscode/tasks.json'), undefined, 'a sensitive path the plan named exactly');
  });

  it('refuses a folder on the path replaced by a symlink out of the workspace, naming the path', async () => {
    await rm(join(root, 'gen'), { recursive: true });
    await symlink(outside, join(root, 'gen'));
    assert.match((await check('gen/a.ts')) ?? '', /^gen\/a\.ts is refused: .*symlink "gen".*outside the workspace/);
  });

  it('refuses any symlink on the path, even one to another folder of the workspace', async () => {
    await rm(join(root, 'gen'), { recursive: true });
    await symlink(join(root, 'other'), join(root, 'gen'));
    assert.equal(
      await check('gen/a.ts'),
      'gen/a.ts now goes through the symlink gen, which was not there when the agent staged it; Fanout does not write through symlinks. Replace the symlink with a folder or file, or discard the change.',
    );
    await writeFile(join(root, 'other/b.ts'), 'x');
    await symlink(join(root, 'other/b.ts'), join(root, 'gen-b.md'));
    assert.match((await check('gen-b.md')) ?? '', /^gen-b\.md is now a symlink/);
  });

  it("refuses a path its author did not own in the run's plan, or a sensitive path the plan did not name", async () => {
    assert.match((await check('other/x.ts')) ?? '', /^other\/x\.ts is refused: task gen did not own it in the run's plan \(owns: gen\/\*\*, /);
    assert.match(
      (await check('gen/.env', 'gen')) ?? '',
      /^gen\/\.env is refused: it is execution-sensitive and the run's plan did not name it exactly for task gen\./,
    );
    // The path policy itself reads `.git.` as `.git` (Windows resolves it there).
    assert.match((await check('.git./config')) ?? '', /^\.git\.\/config is refused: .*inside \.git/);
    assert.match((await check('../x.ts')) ?? '', /^\.\.\/x\.ts is refused: .*outside the workspace/);
    assert.match((await check('gen/a.ts', 'ghost')) ?? '', /the run's plan, which says what task ghost may write, cannot be found/);
    assert.match((await pathRefusal(root, { path: 'gen/a.ts', taskId: 'gen' }, undefined)) ?? '', /cannot be found/);
  });

  it('lists every refused file of an accept', async () => {
    const files = [
      { runId: 'r1', taskId: 'gen', path: 'gen/a.ts' },
      { runId: 'r1', taskId: 'gen', path: 'other/a.ts' },
      { runId: 'r2', taskId: 'gen', path: 'gen/b.ts' },
    ];
    const refusals = await refusedPaths(root, files, (runId) => (runId === 'r1' ? thePlan : undefined));
    assert.deepEqual(
      refusals.map((r) => r.file),
      [files[1], files[2]],
    );
  });
});
