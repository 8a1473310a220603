import * as assert from 'node:assert/strict';
import { mkdir, realpath, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeRequestedPath, resolveForRead, type ResolvedPath } from '../../../src/core/workspace/pathPolicy';
import { resolveForWrite } from '../../../src/core/workspace/writePolicy';
import { locateOnDisk } from '../../../src/core/workspace/diskLocation';
import { plan, task, tempWorkspace, type TempWorkspace } from './fixtures';

function denied(result: ResolvedPath): Exclude<ResolvedPath, { ok: true }> {
  assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
  return result as Exclude<ResolvedPath, { ok: true }>;
}

describe('path policy', () => {
  let ws: TempWorkspace;
  let outside: TempWorkspace;
  const api = task('api', 'implement', ['src/api/**', 'link/**', 'linkdir/**', 'evil.ts']);
  const integration = task('integration', 'implement', ['src/index.ts']);
  const review = task('review', 'validate');
  const thePlan = plan(api, integration, review);

  beforeEach(async () => {
    ws = await tempWorkspace();
    outside = await tempWorkspace('fanout-outside-');
    await ws.write('src/api/user.ts', 'export {};\n');
    await ws.write('src/index.ts', 'export {};\n');
    await outside.write('secret.txt', 'secret\n');
  });
  afterEach(async () => {
    await ws.remove();
    await outside.remove();
  });

  it('normalises harmless paths', async () => {
    assert.deepEqual(normalizeRequestedPath('src/../src/./api//user.ts'), { ok: true, rel: 'src/api/user.ts' });
    assert.deepEqual(normalizeRequestedPath('src\\api\\user.ts'), { ok: true, rel: 'src/api/user.ts' });
    const read = await resolveForRead(ws.root, './src/api/user.ts');
    assert.deepEqual(read, {
      ok: true,
      rel: 'src/api/user.ts',
      abs: join(ws.root, 'src/api/user.ts'),
      found: 'other',
      onDisk: { real: 'src/api/user.ts', exists: true, fileBytes: 'export {};\n'.length },
    });
  });

  it('refuses every way out of the workspace', async () => {
    const cases: [string, string, RegExp][] = [
      ['src/../../etc/passwd', 'outside-workspace', /leads outside the workspace/],
      ['..', 'outside-workspace', /leads outside the workspace/],
      ['a/../../x', 'outside-workspace', /leads outside/],
      ['/etc/passwd', 'absolute-path', /is an absolute path/],
      ['C:\\x', 'absolute-path', /is an absolute path/],
      ['c:/windows/system.ini', 'absolute-path', /absolute/],
      ['\\\\server\\share\\x', 'absolute-path', /absolute/],
      ['src/a\0.ts', 'outside-workspace', /NUL byte/],
      ['.git/config', 'git-internal', /inside \.git/],
      ['a/.git/hooks/x', 'git-internal', /inside \.git/],
      ['.GIT/HEAD', 'git-internal', /inside \.git/],
      // Spellings Windows and macOS resolve to .git (git's own core.protectNTFS / protectHFS list).
      ['.git./config', 'git-internal', /inside \.git/],
      ['.git /config', 'git-internal', /inside \.git/],
      ['GIT~1/config', 'git-internal', /inside \.git/],
    ];
    for (const [requested, reason, message] of cases) {
      const result = denied(await resolveForRead(ws.root, requested));
      assert.equal(result.reason, reason, requested);
      assert.match(result.message, message, requested);
    }
  });

  it('suggests the relative form of an absolute path inside the workspace', async () => {
    const result = denied(await resolveForRead(ws.root, join(ws.root, 'src/index.ts')));
    assert.equal(result.reason, 'absolute-path');
    assert.match(result.message, /use the workspace-relative path "src\/index\.ts"/);
  });

  it('refuses a symlinked file and a symlinked folder that lead outside', async () => {
    await symlink(join(outside.root, 'secret.txt'), join(ws.root, 'link'));
    await symlink(outside.root, join(ws.root, 'linkdir'));
    const file = denied(await resolveForRead(ws.root, 'link'));
    assert.equal(file.reason, 'symlink-escape');
    assert.match(file.message, /^"link" is a symlink that points outside the workspace/);
    const dir = denied(await resolveForRead(ws.root, 'linkdir/secret.txt'));
    assert.equal(dir.reason, 'symlink-escape');
    assert.match(dir.message, /goes through the symlink "linkdir"/);
    const write = denied(await resolveForWrite(ws.root, 'linkdir/new.ts', api, thePlan));
    assert.equal(write.reason, 'symlink-escape');
  });

  it('refuses a dangling symlink and one into .git, and allows one inside the workspace', async () => {
    await mkdir(join(ws.root, '.git'));
    await symlink(join(ws.root, 'nowhere'), join(ws.root, 'evil.ts'));
    assert.equal(denied(await resolveForWrite(ws.root, 'evil.ts', api, thePlan)).reason, 'symlink-escape');
    await symlink(join(ws.root, '.git'), join(ws.root, 'g'));
    assert.equal(denied(await resolveForRead(ws.root, 'g/config')).reason, 'git-internal');
    await symlink(join(ws.root, 'src/api'), join(ws.root, 'alias'));
    assert.equal((await resolveForRead(ws.root, 'alias/user.ts')).ok, true);
    // A symlink inside the workspace is followed to see what it names: a folder cannot be written.
    const everything = task('all', 'implement', ['**']);
    const folder = denied(await resolveForWrite(ws.root, 'alias', everything, plan(everything)));
    assert.equal(folder.reason, 'not-a-file');
    // A write through a symlink is refused even when the task owns both names: it names the real path.
    await symlink(join(ws.root, 'src/api/user.ts'), join(ws.root, 'user-link.ts'));
    const through = denied(await resolveForWrite(ws.root, 'user-link.ts', everything, plan(everything)));
    assert.equal(through.reason, 'symlink-escape');
    assert.match(
      through.message,
      /^"user-link\.ts" is a symlink to src\/api\/user\.ts\. Fanout does not write through symlinks .*; write src\/api\/user\.ts instead\.$/,
    );
  });

  describe('symlinks inside the workspace', () => {
    const a = task('a', 'implement', ['src/a/**']);
    const b = task('b', 'implement', ['src/b/**']);
    const twoTasks = plan(a, b);
    beforeEach(async () => {
      await ws.write('src/b/real.ts', 'export const real = 1;\n');
      await ws.write('package.json', '{}\n');
      await mkdir(join(ws.root, 'src/a'), { recursive: true });
      await symlink('../b', join(ws.root, 'src/a/link'));
      await symlink('../../package.json', join(ws.root, 'src/a/pkg.json'));
    });

    it("decides a write on the real path: another task's file and a file no task owns are not owned", async () => {
      const other = denied(await resolveForWrite(ws.root, 'src/a/link/real.ts', a, twoTasks));
      assert.equal(other.reason, 'not-owned');
      assert.equal(other.owner, 'b');
      assert.match(
        other.message,
        /^"src\/a\/link\/real\.ts" goes through the symlink "src\/a\/link" \(to src\/b\), so it is really src\/b\/real\.ts: you do not own src\/b\/real\.ts; its owner is task b/,
      );
      const created = denied(await resolveForWrite(ws.root, 'src/a/link/new.ts', a, twoTasks));
      assert.equal(created.owner, 'b', 'a file that does not exist yet is decided on its real folder too');
      const manifest = denied(await resolveForWrite(ws.root, 'src/a/pkg.json', a, twoTasks));
      assert.equal(manifest.reason, 'not-owned');
      assert.equal(manifest.owner, undefined);
      assert.match(manifest.message, /^"src\/a\/pkg\.json" is a symlink to package\.json: no task owns package\.json/);
    });

    it('refuses the owner of the real path too, naming the path to write instead; reads follow the link', async () => {
      const own = denied(await resolveForWrite(ws.root, 'src/a/link/real.ts', b, twoTasks));
      assert.equal(own.reason, 'symlink-escape');
      assert.match(own.message, /write src\/b\/real\.ts instead\.$/);
      const read = await resolveForRead(ws.root, 'src/a/link/real.ts');
      assert.ok(read.ok);
      assert.deepEqual(read.via, { link: 'src/a/link', target: 'src/b', real: 'src/b/real.ts' });
      assert.equal((await resolveForWrite(ws.root, 'src/b/real.ts', b, twoTasks)).ok, true);
    });
  });

  it('works when the workspace root itself is a symlink', async () => {
    const linkedRoot = join(outside.root, 'ws-link');
    await symlink(ws.root, linkedRoot);
    const result = await resolveForRead(linkedRoot, 'src/api/user.ts');
    assert.equal(result.ok, true);
    await symlink(join(outside.root, 'secret.txt'), join(ws.root, 'link'));
    assert.equal(denied(await resolveForRead(linkedRoot, 'link')).reason, 'symlink-escape');
  });

  it('refuses a write the task does not own and names the owner', async () => {
    const result = denied(await resolveForWrite(ws.root, 'src/index.ts', api, thePlan));
    assert.equal(result.reason, 'not-owned');
    assert.equal(result.owner, 'integration');
    assert.match(result.message, /^you do not own src\/index\.ts; its owner is task integration/);
  });

  it('refuses a write nobody owns, listing what the task may write', async () => {
    const result = denied(await resolveForWrite(ws.root, 'README.md', api, thePlan));
    assert.equal(result.reason, 'not-owned');
    assert.equal(result.owner, undefined);
    assert.match(result.message, /^no task owns README\.md; you may write only paths matching src\/api\/\*\*/);
  });

  it('refuses every write by a validator', async () => {
    const result = denied(await resolveForWrite(ws.root, 'src/api/user.ts', review, thePlan));
    assert.equal(result.reason, 'not-owned');
    assert.match(result.message, /^validators cannot write files/);
  });

  it('refuses a write or delete of a path that ends in a slash: it names a folder, not a file', async () => {
    for (const requested of ['src/api/newdir/', 'src/api/newdir\\', 'src/api/newdir/.', 'src/api/x/..']) {
      const result = denied(await resolveForWrite(ws.root, requested, api, thePlan));
      assert.equal(result.reason, 'invalid-path', requested);
      assert.match(result.message, /so it names a folder; name a file, like "src\/api\/(newdir|x\/\.\.)?/, requested);
    }
    // Reading a folder name with a slash is harmless and stays allowed.
    assert.equal((await resolveForRead(ws.root, 'src/api/')).ok, true);
  });

  it('refuses over-long names and paths as invalid-path, for reads and writes', async () => {
    const longName = `src/api/${'é'.repeat(128)}.ts`; // 259 bytes in one name
    for (const result of [await resolveForRead(ws.root, longName), await resolveForWrite(ws.root, longName, api, thePlan)]) {
      const refusal = denied(result);
      assert.equal(refusal.reason, 'invalid-path');
      assert.match(refusal.message, /is 259 bytes long; file and folder names can be at most 255 bytes/);
    }
    const longPath = `src/api/${'abcdefgh/'.repeat(460)}x.ts`;
    const refusal = denied(await resolveForWrite(ws.root, longPath, api, thePlan));
    assert.equal(refusal.reason, 'invalid-path');
    assert.match(refusal.message, /^The path "src\/api\/abcdefgh\/.{40,}…" is 4152 bytes long, over the 4096-byte limit/);
    assert.equal(normalizeRequestedPath(`${'a'.repeat(255)}/b.ts`).ok, true, '255 bytes is still a name');
  });

  it('refuses writing a folder and allows an owned file', async () => {
    assert.equal(
      denied(await resolveForWrite(ws.root, 'src/api', task('x', 'implement', ['src/**']), plan(task('x', 'implement', ['src/**'])))).reason,
      'not-a-file',
    );
    const ok = await resolveForWrite(ws.root, 'src/api/new.ts', api, thePlan);
    assert.deepEqual(ok, {
      ok: true,
      rel: 'src/api/new.ts',
      abs: join(ws.root, 'src/api/new.ts'),
      found: 'missing',
      onDisk: { real: 'src/api/new.ts', exists: false, absent: true },
    });
  });

  it('finds where a path lands on disk exactly as the staging store would look it up, and the size of a file there', async () => {
    await ws.write('README.md', '# r\n');
    await mkdir(join(ws.root, 'src', 'real'), { recursive: true });
    await ws.write('src/real/a.ts', 'export {};\n');
    await symlink(join(ws.root, 'src', 'real'), join(ws.root, 'src', 'alias'));
    const realRoot = await realpath(ws.root);
    const paths = [
      'src/api/user.ts',
      'src/api/new.ts',
      'src/api/deep/er/new.ts',
      'README.md/x.ts',
      'README.md/a/b.ts',
      'src/alias/a.ts',
      'src/alias/new.ts',
      'new.ts',
      'src',
    ];
    for (const path of paths) {
      const resolved = await resolveForRead(ws.root, path);
      assert.ok(resolved.ok, `${path}: ${JSON.stringify(resolved)}`);
      const { fileBytes, ...location } = resolved.onDisk;
      assert.deepEqual(location, await locateOnDisk(ws.root, realRoot, path), path);
      const size = await stat(join(ws.root, path)).then(
        (info) => (info.isFile() ? info.size : undefined),
        () => undefined,
      );
      assert.equal(fileBytes, size, path);
    }
  });
});
