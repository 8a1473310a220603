import * as assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { findSymlinks } from '../../../src/core/workspace/symlinkScan';
import { tempWorkspace, type TempWorkspace } from './fixtures';

describe('symlink scan (plan lint)', () => {
  let ws: TempWorkspace;
  const limits = { maxEntries: 1000, maxLinks: 100 };
  beforeEach(async () => {
    ws = await tempWorkspace();
    await ws.write('src/b/real.ts', 'x\n');
    await ws.write('src/b/deep/inner.ts', 'x\n');
    await mkdir(join(ws.root, 'src/a'), { recursive: true });
    await symlink('../b', join(ws.root, 'src/a/link'));
    await symlink('deep/inner.ts', join(ws.root, 'src/b/alias.ts'));
    await symlink('missing.ts', join(ws.root, 'src/b/dangling.ts'));
    await ws.write('node_modules/pkg/index.js', 'x');
    await symlink('../../src', join(ws.root, 'node_modules/pkg/src'));
  });
  afterEach(() => ws.remove());

  it('lists symlinks and their targets in walk order, without following a linked folder or entering skipped ones', () => {
    const scan = findSymlinks(ws.root, [''], limits);
    assert.equal(scan.stopped, false);
    assert.deepEqual(scan.links, [
      { path: 'src/a/link', leads: 'inside', target: 'src/b' },
      { path: 'src/b/alias.ts', leads: 'inside', target: 'src/b/deep/inner.ts' },
      { path: 'src/b/dangling.ts', leads: 'missing' },
    ]);
    // Walking src/a alone: src/b's links are not reached through src/a/link.
    assert.deepEqual(
      findSymlinks(ws.root, ['src/a', 'src/a/link', 'src/a'], limits).links.map((l) => l.path),
      ['src/a/link'],
    );
    assert.deepEqual(findSymlinks(ws.root, ['src/nowhere', 'src/b/real.ts'], limits).links, []);
  });

  it('stops at its entry limit and its link limit, and says so', async () => {
    for (let i = 0; i < 30; i++) await ws.write(`many/f${String(i).padStart(2, '0')}.ts`, 'x');
    const entries = findSymlinks(ws.root, [''], { maxEntries: 10, maxLinks: 100 });
    assert.equal(entries.stopped, true);
    const links = findSymlinks(ws.root, ['src'], { maxEntries: 1000, maxLinks: 1 });
    assert.equal(links.stopped, true);
    assert.equal(links.links.length, 1);
  });
});
