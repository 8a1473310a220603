import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import type { StagedEntry, StagingReader } from '../../../src/core/workspace/stagingTypes';
import { CheckSnapshot, SnapshotError } from '../../../src/core/checks/snapshot';
import { tempWorkspace, type TempWorkspace } from '../core/fixtures';

const run = promisify(execFile);

/** A staging reader over fixed entries: path → proposed content, or null for a delete. */
function staged(changes: Readonly<Record<string, string | null>>): StagingReader {
  const entries: StagedEntry[] = Object.entries(changes).map(([path, proposed]) => ({
    path,
    taskId: 'task-a',
    base: null,
    proposed,
    proposedHash: proposed === null ? null : createHash('sha256').update(proposed).digest('hex'),
  }));
  return { entries: () => entries, entry: (path) => entries.find((e) => e.path === path) };
}

/** Every entry under `root` (files with mode and content hash, links with their target), following no link. */
async function treeHash(root: string): Promise<string> {
  const lines: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = relative(root, abs);
      const info = await lstat(abs);
      if (info.isSymbolicLink()) lines.push(`link ${rel} -> ${await readlink(abs)}`);
      else if (info.isDirectory()) {
        lines.push(`dir ${rel} ${info.mode}`);
        await visit(abs);
      } else
        lines.push(
          `file ${rel} ${info.mode} ${createHash('sha256')
            .update(await readFile(abs))
            .digest('hex')}`,
        );
    }
  };
  await visit(root);
  return lines.join('\n');
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function snapshotError(promise: Promise<unknown>): Promise<SnapshotError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SnapshotError, `expected a SnapshotError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a SnapshotError');
}

describe('CheckSnapshot (the scratch copy checks run in)', () => {
  let ws: TempWorkspace;
  let scratch: string;
  let outside: string;
  const made: CheckSnapshot[] = [];

  beforeEach(async () => {
    ws = await tempWorkspace('fanout-snapws-');
    scratch = await mkdtemp(join(tmpdir(), 'fanout-snapscratch-'));
    outside = await mkdtemp(join(tmpdir(), 'fanout-snapoutside-'));
    await ws.write('package.json', '{"name":"demo","private":true}\n');
    await ws.write('src/a.ts', 'export const a = 1;\n');
    await ws.write('src/b.ts', 'export const b = 1;\n');
    await ws.write('src/del.ts', 'export const gone = 1;\n');
    await ws.write('.gitignore', 'ignored.txt\n');
    await ws.write('ignored.txt', 'ignored\n');
    await ws.write('dist/out.js', 'built\n');
    await ws.write('.git/config', '[core]\n');
    await ws.write('node_modules/dep/package.json', '{"name":"dep","main":"index.js"}\n');
    await ws.write('node_modules/dep/index.js', "module.exports = 'dep-ok';\n");
    await ws.write('packages/web/package.json', '{"name":"web"}\n');
    await ws.write('packages/web/node_modules/webdep/index.js', "module.exports = 'webdep-ok';\n");
    await ws.write('scripts/run.sh', '#!/bin/sh\necho run\n');
    await chmod(join(ws.root, 'scripts/run.sh'), 0o755);
    await writeFile(join(outside, 'secret.txt'), 'outside the workspace\n');
    await symlink(join(ws.root, 'src/a.ts'), join(ws.root, 'link-inside.ts'));
    await symlink(join(outside, 'secret.txt'), join(ws.root, 'link-outside.txt'));
  });

  afterEach(async () => {
    for (const snapshot of made.splice(0)) await snapshot.dispose();
    await ws.remove();
    await rm(scratch, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  async function create(changes: Readonly<Record<string, string | null>> = {}, extra: { maxFiles?: number; maxBytes?: number } = {}): Promise<CheckSnapshot> {
    const snapshot = await CheckSnapshot.create({ workspaceRoot: ws.root, staging: staged(changes), scratchRoot: scratch, runId: 'run-1', ...extra });
    made.push(snapshot);
    return snapshot;
  }

  it('holds the saved workspace files with the staged changes and deletions applied', async () => {
    const snapshot = await create({ 'src/b.ts': 'export const b = 2;\n', 'src/new.ts': 'export const n = 1;\n', 'src/del.ts': null });
    const at = (rel: string) => join(snapshot.dir, rel);
    assert.ok(basename(snapshot.dir).startsWith('fanout-check-run-1-'));
    assert.equal(relative(await realpath(scratch), snapshot.dir).split(sep).length, 1);
    assert.equal(await readFile(at('src/a.ts'), 'utf8'), 'export const a = 1;\n');
    assert.equal(await readFile(at('src/b.ts'), 'utf8'), 'export const b = 2;\n');
    assert.equal(await readFile(at('src/new.ts'), 'utf8'), 'export const n = 1;\n');
    assert.equal(await exists(at('src/del.ts')), false);
    assert.equal(await readFile(at('package.json'), 'utf8'), '{"name":"demo","private":true}\n');
    // Not copied: VCS internals, build output, ignored files, and a link leading out of the workspace.
    for (const rel of ['.git', 'dist', 'ignored.txt', 'link-outside.txt']) assert.equal(await exists(at(rel)), false, `${rel} was copied`);
    // A link to a file inside the workspace is copied as that file's content.
    assert.equal((await lstat(at('link-inside.ts'))).isSymbolicLink(), false);
    assert.equal(await readFile(at('link-inside.ts'), 'utf8'), 'export const a = 1;\n');
    // Executable bits survive the copy.
    assert.equal((await stat(at('scripts/run.sh'))).mode & 0o777, 0o755);
    assert.deepEqual(snapshot.stats.linked, ['node_modules', 'packages/web/node_modules']);
    assert.equal(await readlink(at('node_modules')), join(ws.root, 'node_modules'));
    // .gitignore, link-inside.ts, package.json, packages/web/package.json, scripts/run.sh, src/a.ts, src/b.ts, src/new.ts.
    assert.equal(snapshot.stats.files, 8);
  });

  it('leaves the workspace byte for byte unchanged through create, sync and dispose', async () => {
    const before = await treeHash(ws.root);
    const snapshot = await create({ 'src/a.ts': 'changed\n', 'src/del.ts': null, 'scripts/run.sh': '#!/bin/sh\necho changed\n' });
    await snapshot.sync(staged({ 'src/a.ts': 'changed again\n', 'src/b.ts': null, 'packages/web/x.ts': 'x\n' }));
    await snapshot.dispose();
    assert.equal(await treeHash(ws.root), before);
  });

  it('resolves dependencies from the workspace node_modules, at the root and in a package', async () => {
    const snapshot = await create();
    const root = await run(process.execPath, ['-e', "process.stdout.write(require('dep'))"], { cwd: snapshot.dir });
    assert.equal(root.stdout, 'dep-ok');
    const web = await run(process.execPath, ['-e', "process.stdout.write(require('webdep'))"], { cwd: join(snapshot.dir, 'packages/web') });
    assert.equal(web.stdout, 'webdep-ok');
  });

  it('refuses a scratch folder inside the workspace, also through a link', async () => {
    const direct = await snapshotError(CheckSnapshot.create({ workspaceRoot: ws.root, staging: staged({}), scratchRoot: join(ws.root, 'tmp'), runId: 'r' }));
    assert.equal(direct.reason, 'inside-workspace');
    assert.match(direct.message, /inside the workspace/);
    assert.equal(await exists(join(ws.root, 'tmp')), false);
    await mkdir(join(ws.root, 'scratch-here'));
    await symlink(join(ws.root, 'scratch-here'), join(outside, 'link-to-workspace'));
    const linked = await snapshotError(
      CheckSnapshot.create({ workspaceRoot: ws.root, staging: staged({}), scratchRoot: join(outside, 'link-to-workspace', 'deeper'), runId: 'r' }),
    );
    assert.equal(linked.reason, 'inside-workspace');
    assert.deepEqual(await readdir(join(ws.root, 'scratch-here')), []);
  });

  it('applies a second round of changes with sync', async () => {
    const snapshot = await create({ 'src/b.ts': 'round 1\n', 'src/new.ts': 'new in round 1\n', 'src/del.ts': null, 'scripts/run.sh': 'round 1\n' });
    await snapshot.sync(
      staged({
        'src/b.ts': 'round 2\n',
        'src/a.ts': null,
        'src/other.ts': 'other\n',
        'scripts/run.sh': 'round 2\n',
        // src/new.ts and src/del.ts are no longer staged.
      }),
    );
    const at = (rel: string) => join(snapshot.dir, rel);
    assert.equal(await readFile(at('src/b.ts'), 'utf8'), 'round 2\n');
    assert.equal(await exists(at('src/a.ts')), false);
    assert.equal(await readFile(at('src/other.ts'), 'utf8'), 'other\n');
    assert.equal(await readFile(at('scripts/run.sh'), 'utf8'), 'round 2\n');
    assert.equal((await stat(at('scripts/run.sh'))).mode & 0o777, 0o755);
    // No longer staged: back to what the workspace has (a file, or nothing).
    assert.equal(await exists(at('src/new.ts')), false);
    assert.equal(await readFile(at('src/del.ts'), 'utf8'), 'export const gone = 1;\n');
  });

  it('is removed by dispose, without following its links, and dispose can be called again', async () => {
    const snapshot = await create({ 'src/b.ts': 'x\n' });
    assert.ok(await exists(snapshot.dir));
    await snapshot.dispose();
    assert.equal(await exists(snapshot.dir), false);
    await snapshot.dispose();
    assert.equal(await readFile(join(ws.root, 'node_modules/dep/index.js'), 'utf8'), "module.exports = 'dep-ok';\n");
    await assert.rejects(snapshot.sync(staged({})), SnapshotError);
  });

  it('refuses a staged path that climbs out, and leaves nothing behind', async () => {
    const error = await snapshotError(
      CheckSnapshot.create({ workspaceRoot: ws.root, staging: staged({ 'src/ok.ts': 'ok\n', '../x': 'escaped\n' }), scratchRoot: scratch, runId: 'r' }),
    );
    assert.equal(error.reason, 'invalid-path');
    assert.match(error.message, /"\.\.\/x"/);
    assert.deepEqual(await readdir(scratch), []);
    assert.equal(await exists(join(ws.root, '..', 'x')), false);
    for (const bad of ['/etc/passwd', 'src/../../x', '.git/config']) {
      await snapshotError(CheckSnapshot.create({ workspaceRoot: ws.root, staging: staged({ [bad]: 'bad\n' }), scratchRoot: scratch, runId: 'r' }));
    }
    assert.deepEqual(await readdir(scratch), []);
  });

  it('never writes through the linked node_modules', async () => {
    const before = await treeHash(join(ws.root, 'node_modules'));
    const error = await snapshotError(create({ 'node_modules/dep/index.js': "module.exports = 'hijacked';\n" }));
    assert.equal(error.reason, 'through-link');
    const snapshot = await create();
    await snapshotError(snapshot.sync(staged({ 'node_modules/dep/extra.js': 'x\n' })));
    await snapshotError(snapshot.sync(staged({ 'node_modules/dep/index.js': null })));
    assert.equal(await treeHash(join(ws.root, 'node_modules')), before);
  });

  it('refuses a workspace with more files than maxFiles, with a clear message', async () => {
    const error = await snapshotError(create({}, { maxFiles: 3 }));
    assert.equal(error.reason, 'too-many-files');
    assert.match(error.message, /more than 3 files/);
    assert.match(error.message, /\.gitignore/);
    assert.deepEqual(await readdir(scratch), []);
  });

  it('refuses more bytes than maxBytes', async () => {
    await ws.write('big.bin', Buffer.alloc(64 * 1024, 1));
    const error = await snapshotError(create({}, { maxBytes: 32 * 1024 }));
    assert.equal(error.reason, 'too-many-bytes');
    assert.deepEqual(await readdir(scratch), []);
  });

  it('copies thousands of files and stops when cancelled', async () => {
    for (let i = 0; i < 2000; i++) await ws.write(`many/f${String(i).padStart(4, '0')}.ts`, `export const v${i} = ${i};\n`);
    const snapshot = await create();
    assert.equal(snapshot.stats.files, 2008);
    assert.equal(await readFile(join(snapshot.dir, 'many/f1999.ts'), 'utf8'), 'export const v1999 = 1999;\n');
    await snapshot.dispose();

    const controller = new AbortController();
    const pending = CheckSnapshot.create({ workspaceRoot: ws.root, staging: staged({}), scratchRoot: scratch, runId: 'r', signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(pending, (error: Error) => error.name === 'AbortError');
    assert.deepEqual(await readdir(scratch), []);
  });
});
