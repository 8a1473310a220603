import * as assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SKIPPED_FOLDERS, walkFiles } from '../../../src/core/workspace/fileWalk';
import { listRepoFiles } from '../../../src/core/planning/repoFiles';
import { StagingStore } from '../../../src/core/workspace/staging';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import { plan, task, tempWorkspace, toolContext, type TempWorkspace } from './fixtures';

const MANY = 10_000;
/** Text only files the walk skips contain. */
const HIDDEN = 'hidden-marker';

describe('the workspace walk (list_files, search_text and the repo map)', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('fanout-walk-');
    await ws.write('README.md', '# Demo\n');
    await ws.write('src/app.ts', 'export const app = 1;\n');
    await ws.write('src/.DS_Store', 'x');
    // Skipped by name, with no .gitignore saying so.
    await ws.write('node_modules/pkg/index.js', HIDDEN);
    await ws.write('.git/config', 'x');
    await ws.write('dist/bundle.js', HIDDEN);
    await ws.write('build/out.js', HIDDEN);
    await ws.write('.fanout-runs/run-1/events.jsonl', HIDDEN);
    await ws.write('packages/web/node_modules/dep/index.js', HIDDEN);
    await ws.write('lib/__pycache__/mod.pyc', HIDDEN);
    // .gitignore at two levels, the deeper one re-including a file.
    await ws.write('.gitignore', '*.log\ngenerated/\n');
    await ws.write('debug.log', HIDDEN);
    await ws.write('generated/schema.ts', HIDDEN);
    await ws.write('src/.gitignore', '!keep.log\n');
    await ws.write('src/keep.log', 'x');
  });
  afterEach(() => ws.remove());

  const visible = ['.gitignore', 'README.md', 'src/.gitignore', 'src/app.ts', 'src/keep.log'];

  it('has one skip list: VCS, dependencies, build output, caches and the runs folder', () => {
    for (const name of ['.git', 'node_modules', 'dist', 'build', 'out', 'coverage', '.fanout-runs', '__pycache__']) assert.ok(SKIPPED_FOLDERS.has(name), name);
  });

  it('lists files under .gitignore rules at every level, without skipped folders or OS litter', async () => {
    const walk = await walkFiles(ws.root, { maxEntries: MANY });
    assert.deepEqual(walk, { files: visible, stopped: false });
  });

  it('list_files and the repo map see the same files', async () => {
    const writer = task('a', 'implement', ['src/**']);
    const ctx = toolContext(ws.root, writer, plan(writer), new StagingStore(ws.root).viewFor('a', []));
    const listed = await createToolbox().execute('list_files', {}, ctx);
    assert.deepEqual(listed.content.split('\n'), visible);
    const repo = await listRepoFiles(ws.root);
    assert.deepEqual(
      repo.files.map((f) => f.path),
      visible,
    );
    assert.equal(repo.files.find((f) => f.path === 'src/app.ts')?.bytes, 'export const app = 1;\n'.length);
    const search = await createToolbox().execute('search_text', { query: HIDDEN }, ctx);
    assert.equal(search.content, `No matches for "${HIDDEN}".`, 'search_text reads only the listed files');
  });

  it('starts at a base folder with the rules above it, and says when the base itself is skipped', async () => {
    assert.deepEqual((await walkFiles(ws.root, { base: 'src', maxEntries: MANY })).files, ['src/.gitignore', 'src/app.ts', 'src/keep.log']);
    assert.deepEqual(await walkFiles(ws.root, { base: 'generated', maxEntries: MANY }), { files: [], stopped: false, skippedBase: 'generated' });
    const deep = await walkFiles(ws.root, { base: 'packages/web/node_modules/dep', maxEntries: MANY });
    assert.deepEqual(deep, { files: [], stopped: false, skippedBase: 'packages/web/node_modules' });
    const writer = task('a', 'implement', ['src/**']);
    const ctx = toolContext(ws.root, writer, plan(writer), new StagingStore(ws.root).viewFor('a', []));
    const listed = await createToolbox().execute('list_files', { pattern: 'dist/**' }, ctx);
    assert.equal(
      listed.content,
      'No files match "dist/**" (dist is skipped: .git, node_modules, build output, caches, .gitignored and symlinked folders are not listed).',
    );
  });

  it('lists a symlinked file that stays inside the workspace, never a symlinked folder', async () => {
    const outside = await tempWorkspace('fanout-walk-outside-');
    try {
      await outside.write('secret.ts', 'x');
      await symlink(join(ws.root, 'src/app.ts'), join(ws.root, 'src/alias.ts'));
      await symlink(join(outside.root, 'secret.ts'), join(ws.root, 'src/secret.ts'));
      await symlink(outside.root, join(ws.root, 'src/outside'));
      const walk = await walkFiles(ws.root, { maxEntries: MANY });
      assert.deepEqual(walk.files, ['.gitignore', 'README.md', 'src/.gitignore', 'src/alias.ts', 'src/app.ts', 'src/keep.log']);
      assert.equal((await walkFiles(ws.root, { base: 'src/outside', maxEntries: MANY })).skippedBase, 'src/outside');
      assert.deepEqual(
        (await listRepoFiles(ws.root)).files.map((f) => f.path),
        walk.files,
      );
    } finally {
      await outside.remove();
    }
  });

  it('stops at its entry limit, breadth-first in name order, and says so', async () => {
    // Root entries in name order: .fanout-runs .git .gitignore README.md build debug.log dist generated lib node_modules packages src
    const walk = await walkFiles(ws.root, { maxEntries: 4 });
    assert.deepEqual(walk, { files: ['.gitignore', 'README.md'], stopped: true });
    const repo = await listRepoFiles(ws.root, undefined, 4);
    assert.deepEqual(repo, {
      files: [
        { path: '.gitignore', bytes: 17 },
        { path: 'README.md', bytes: 7 },
      ],
      stopped: true,
    });
  });

  it('stops with the signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(walkFiles(ws.root, { maxEntries: MANY, signal: controller.signal }), { name: 'AbortError' });
  });
});
