import * as assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeRequestedPath, resolveForRead, resolveForWrite, type ResolvedPath } from '../../../src/core/workspace/pathPolicy';
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
    assert.deepEqual(read, { ok: true, rel: 'src/api/user.ts', abs: join(ws.root, 'src/api/user.ts'), found: 'other' });
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
    await symlink(join(ws.root, 'src/api/user.ts'), join(ws.root, 'user-link.ts'));
    assert.equal((await resolveForWrite(ws.root, 'user-link.ts', everything, plan(everything))).ok, true);
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

  it('refuses writing a folder and allows an owned file', async () => {
    assert.equal(
      denied(await resolveForWrite(ws.root, 'src/api', task('x', 'implement', ['src/**']), plan(task('x', 'implement', ['src/**'])))).reason,
      'not-a-file',
    );
    const ok = await resolveForWrite(ws.root, 'src/api/new.ts', api, thePlan);
    assert.deepEqual(ok, { ok: true, rel: 'src/api/new.ts', abs: join(ws.root, 'src/api/new.ts'), found: 'missing' });
  });
});
