import * as assert from 'node:assert/strict';
import { mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent, RunEventBody } from '../../../src/core/run/events';
import { sha256, StagingRefusal, StagingStore } from '../../../src/core/workspace/staging';
import { tempWorkspace, type TempWorkspace } from './fixtures';

async function refusal(promise: Promise<unknown>): Promise<StagingRefusal> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof StagingRefusal, `expected a StagingRefusal, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('staging store', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace();
    await ws.write('src/a.ts', 'original a\n');
    await ws.write('src/b.ts', 'original b\n');
  });
  afterEach(() => ws.remove());

  it("lets an agent read its own writes, a listed task's writes, and not a sibling's", async () => {
    const store = new StagingStore(ws.root);
    await store.viewFor('types', []).write('src/types.ts', 'types\n');
    await store.viewFor('api', ['types']).write('src/a.ts', 'api a\n');
    await store.viewFor('ui', ['types']).write('src/b.ts', 'ui b\n');

    const api = store.viewFor('api', ['types']);
    assert.deepEqual(await api.read('src/a.ts'), { kind: 'file', content: 'api a\n', source: 'staged', stagedBy: 'api' });
    assert.deepEqual(await api.read('src/types.ts'), { kind: 'file', content: 'types\n', source: 'staged', stagedBy: 'types' });
    assert.deepEqual(await api.read('src/b.ts'), { kind: 'file', content: 'original b\n', source: 'workspace' });
    assert.deepEqual(
      api.stagedPaths().map((p) => p.path),
      ['src/a.ts', 'src/types.ts'],
    );
    const validator = store.viewFor('review', 'all');
    assert.deepEqual(await validator.read('src/b.ts'), { kind: 'file', content: 'ui b\n', source: 'staged', stagedBy: 'ui' });
    assert.equal(validator.stagedPaths().length, 3);
    assert.deepEqual(await validator.read('src/none.ts'), { kind: 'missing' });
    // The workspace itself is untouched.
    assert.equal(await readFile(join(ws.root, 'src/a.ts'), 'utf8'), 'original a\n');
  });

  it('reads deleted files as deleted for those who can see the delete', async () => {
    const store = new StagingStore(ws.root);
    const body = await store.viewFor('api', []).write('src/a.ts', null);
    assert.deepEqual(body, {
      kind: 'file.staged',
      taskId: 'api',
      path: 'src/a.ts',
      change: 'delete',
      baseHash: sha256('original a\n'),
      proposedHash: null,
      bytes: 0,
    });
    assert.deepEqual(await store.viewFor('api', []).read('src/a.ts'), { kind: 'deleted', stagedBy: 'api' });
    assert.deepEqual(await store.viewFor('review', 'all').read('src/a.ts'), { kind: 'deleted', stagedBy: 'api' });
    assert.equal((await store.viewFor('ui', []).read('src/a.ts')).kind, 'file');
    assert.deepEqual(store.viewFor('api', []).stagedPaths(), [{ path: 'src/a.ts', deleted: true }]);
  });

  it('captures the base once, from the workspace', async () => {
    const store = new StagingStore(ws.root);
    const view = store.viewFor('api', []);
    const first = await view.write('src/a.ts', 'one\n');
    await ws.write('src/a.ts', 'changed by the user meanwhile\n');
    const second = await view.write('src/a.ts', 'two\n');
    assert.equal(first.baseHash, sha256('original a\n'));
    assert.equal(second.baseHash, sha256('original a\n'));
    assert.equal(second.change, 'modify');
    assert.deepEqual(store.entry('src/a.ts'), {
      path: 'src/a.ts',
      taskId: 'api',
      base: { content: 'original a\n', hash: sha256('original a\n') },
      proposed: 'two\n',
      proposedHash: sha256('two\n'),
    });
  });

  it('refuses a path staged by another task', async () => {
    const store = new StagingStore(ws.root);
    await store.viewFor('api', []).write('src/a.ts', 'api\n');
    const error = await refusal(store.viewFor('ui', []).write('src/a.ts', 'ui\n'));
    assert.equal(error.reason, 'conflict');
    assert.equal(error.owner, 'api');
    assert.match(error.message, /src\/a\.ts is already staged by task api/);
  });

  it('treats NFC and NFD spellings of a name as one file, for another task and for the same one', async () => {
    const nfc = 'src/Caf\u00e9.ts';
    const nfd = 'src/Cafe\u0301.ts';
    assert.notEqual(nfc, nfd);
    const store = new StagingStore(ws.root);
    await store.viewFor('api', []).write(nfc, 'api\n');
    const other = await refusal(store.viewFor('ui', []).write(nfd, 'ui\n'));
    assert.equal(other.reason, 'path-conflict');
    assert.equal(other.owner, 'api');
    assert.equal(
      other.message,
      `${nfd} is the same file as ${nfc} (one file on macOS and Windows, or through a symlink), which task api already staged; only one task may change a file.`,
    );
    const mine = await refusal(store.viewFor('api', []).write(nfd, 'again\n'));
    assert.equal(mine.reason, 'path-conflict');
    assert.equal(mine.owner, undefined);
    assert.match(mine.message, /which you \(task api\) already staged; keep writing src\/Café\.ts\.$/);
    assert.deepEqual(await store.viewFor('api', []).read(nfd), { kind: 'file', content: 'api\n', source: 'staged', stagedBy: 'api' });
    assert.deepEqual(
      store.entries().map((e) => e.path),
      [nfc],
    );
  });

  it('keys staged files on their real path: two names of one file through a symlink are one file', async () => {
    await ws.write('src/b/real.ts', 'real\n');
    await mkdir(join(ws.root, 'src/a'), { recursive: true });
    await symlink('../b', join(ws.root, 'src/a/link'));
    const store = new StagingStore(ws.root);
    await store.viewFor('b', []).write('src/b/real.ts', 'from b\n');
    const other = await refusal(store.viewFor('a', []).write('src/a/link/real.ts', 'from a\n'));
    assert.equal(other.reason, 'path-conflict');
    assert.equal(other.owner, 'b');
    assert.match(other.message, /^src\/a\/link\/real\.ts is the same file as src\/b\/real\.ts/);
    const mine = await refusal(store.viewFor('b', []).write('src/a/link/real.ts', 'twice\n'));
    assert.equal(mine.reason, 'path-conflict');
    assert.equal(mine.owner, undefined);
    // The other way round: the link name first, then the real name.
    const fresh = new StagingStore(ws.root);
    await fresh.viewFor('a', []).write('src/a/link/new.ts', 'new\n');
    assert.equal((await refusal(fresh.viewFor('b', []).write('src/b/new.ts', 'b\n'))).reason, 'path-conflict');
  });

  it('refuses paths that cannot coexist, naming the other path and its author', async () => {
    const store = new StagingStore(ws.root);
    await store.viewFor('gen', []).write('src/gen/x', 'a file\n');
    const under = await refusal(store.viewFor('other', []).write('src/gen/x/y.ts', 'y\n'));
    assert.equal(under.reason, 'path-conflict');
    assert.equal(under.owner, 'gen');
    assert.equal(
      under.message,
      'src/gen/x/y.ts cannot be created: src/gen/x is staged as a file by task gen, and a file cannot also be a folder. Choose another path.',
    );
    const self = await refusal(store.viewFor('gen', []).write('src/gen/x/z/deep.ts', 'z\n'));
    assert.match(self.message, /src\/gen\/x is staged as a file by you \(task gen\)/);

    await store.viewFor('lib', []).write('src/lib/x/y.ts', 'y\n');
    const over = await refusal(store.viewFor('other', []).write('src/lib/x', 'file\n'));
    assert.equal(over.reason, 'path-conflict');
    assert.equal(over.owner, 'lib');
    assert.equal(over.message, 'src/lib/x cannot be a file: src/lib/x/y.ts is staged by task lib, so src/lib/x must stay a folder. Choose another name.');
    // Case and Unicode spelling do not get around it.
    assert.equal((await refusal(store.viewFor('other', []).write('SRC/Lib/X', 'file\n'))).reason, 'path-conflict');

    const onDisk = await refusal(store.viewFor('other', []).write('src/a.ts/inner.ts', 'x\n'));
    assert.equal(onDisk.reason, 'path-conflict');
    assert.equal(
      onDisk.message,
      'src/a.ts/inner.ts cannot be created: src/a.ts is a file in the workspace, and a file cannot also be a folder. Choose another path.',
    );

    // Unstaging the file frees the folder again.
    await store.viewFor('gen', []).write('src/gen/x', null);
    await store.viewFor('other', []).write('src/gen/x/y.ts', 'y\n');
    assert.deepEqual(
      store.entries().map((e) => e.path),
      ['src/gen/x/y.ts', 'src/lib/x/y.ts'],
    );
  });

  it('refuses a name the file system finds too long as invalid-path', async () => {
    const store = new StagingStore(ws.root);
    const long = `src/${'d'.repeat(200)}/`.repeat(21) + 'x.ts'; // short names, but over PATH_MAX with the root
    const error = await refusal(store.viewFor('api', []).write(long, 'x\n'));
    assert.equal(error.reason, 'invalid-path');
    assert.match(error.message, /is longer than the file system allows; use a shorter path\.$/);
  });

  it("unstages a write back to the base and a delete of the task's own new file", async () => {
    const store = new StagingStore(ws.root);
    const view = store.viewFor('api', []);
    await view.write('src/a.ts', 'changed\n');
    const back = await view.write('src/a.ts', 'original a\n');
    assert.equal(back.proposedHash, back.baseHash);
    assert.equal(store.entry('src/a.ts'), undefined);
    await view.write('src/new.ts', 'new\n');
    const undo = await view.write('src/new.ts', null);
    assert.equal(undo.baseHash, null);
    assert.equal(undo.proposedHash, null);
    assert.deepEqual(store.entries(), []);
  });

  it('refuses deleting a missing file', async () => {
    const store = new StagingStore(ws.root);
    const error = await refusal(store.viewFor('api', []).write('src/none.ts', null));
    assert.equal(error.reason, 'missing');
    assert.match(error.message, /Cannot delete src\/none\.ts: it does not exist/);
  });

  it('refuses binary, oversized and folder reads, and oversized or binary writes', async () => {
    await ws.write('img.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await ws.write('big.txt', 'x'.repeat(2048));
    const store = new StagingStore(ws.root, { maxFileBytes: 1024 });
    const view = store.viewFor('api', []);
    assert.equal((await refusal(view.read('img.png'))).reason, 'binary');
    const big = await refusal(view.read('big.txt'));
    assert.equal(big.reason, 'too-large');
    assert.match(big.message, /big\.txt is 2048 bytes, over the 1024-byte limit/);
    assert.equal((await refusal(view.read('src'))).reason, 'not-a-file');
    assert.equal((await refusal(view.write('src/c.ts', 'y'.repeat(1025)))).reason, 'too-large');
    assert.equal((await refusal(view.write('src/c.ts', 'a\0b'))).reason, 'binary');
    assert.equal((await refusal(view.write('img.png', 'text'))).reason, 'binary');
  });

  it("takes a changed file's size from the path check that just looked at it, not from a second look", async () => {
    const store = new StagingStore(ws.root, { maxFileBytes: 1024 });
    const view = store.viewFor('api', []);
    // src/a.ts is 11 bytes on disk; the path check's size is the one the base read is judged by.
    const told = await refusal(view.write('src/a.ts', 'changed\n', { real: 'src/a.ts', exists: true, fileBytes: 4096 }));
    assert.equal(told.reason, 'too-large');
    assert.match(told.message, /src\/a\.ts is 4096 bytes/);
    const looked = await view.write('src/a.ts', 'changed\n', { real: 'src/a.ts', exists: true });
    assert.equal(looked.change, 'modify');
  });

  it('reads workspace files byte for byte, empty and multi-byte ones included', async () => {
    const text = `${'ünïcode ✓ '.repeat(500)}\n`;
    await ws.write('src/u.ts', text);
    await ws.write('src/empty.ts', '');
    const store = new StagingStore(ws.root);
    assert.deepEqual(await store.readWorkspace('src/u.ts'), { kind: 'file', content: text });
    assert.deepEqual(await store.readWorkspace('src/empty.ts'), { kind: 'file', content: '' });
    assert.deepEqual(await store.readWorkspace('src/none.ts'), { kind: 'missing' });
  });

  it('stages a new file as a create with no base, and a changed one with its workspace base', async () => {
    const store = new StagingStore(ws.root, { blobDir: join(ws.root, '.fanout-run', 'blobs') });
    const created = await store.viewFor('api', []).write('src/new/deep.ts', 'new\n');
    assert.equal(created.change, 'create');
    assert.equal(created.baseHash, null);
    const changed = await store.viewFor('api', []).write('src/a.ts', 'changed\n');
    assert.equal(changed.change, 'modify');
    assert.equal(changed.baseHash, sha256('original a\n'));
    assert.deepEqual(store.entry('src/a.ts')?.base, { content: 'original a\n', hash: sha256('original a\n') });
  });

  it('persists blobs and rebuilds the store from the events', async () => {
    const blobDir = join(ws.root, '.fanout-run', 'blobs');
    const store = new StagingStore(ws.root, { blobDir });
    const bodies: RunEventBody[] = [];
    bodies.push(await store.viewFor('api', []).write('src/a.ts', 'first\n'));
    bodies.push(await store.viewFor('api', []).write('src/a.ts', 'second\n'));
    bodies.push(await store.viewFor('ui', []).write('src/b.ts', null));
    bodies.push(await store.viewFor('ui', []).write('src/c.ts', 'c\n'));
    bodies.push(await store.viewFor('ui', []).write('src/c.ts', null));
    const names = await readdir(blobDir);
    assert.ok(names.includes(sha256('second\n')));
    assert.ok(names.includes(sha256('original a\n')));
    assert.equal(await readFile(join(blobDir, sha256('second\n')), 'utf8'), 'second\n');
    const events: RunEvent[] = bodies.map((body, i) => ({ runId: 'r', seq: i + 1, at: i, ...body }) as RunEvent);
    const rebuilt = await StagingStore.fromEvents(ws.root, events, { blobDir });
    assert.deepEqual(rebuilt.entries(), store.entries());
    assert.deepEqual(
      rebuilt.entries().map((e) => e.path),
      ['src/a.ts', 'src/b.ts'],
    );
  });

  it('restores entries from a snapshot', () => {
    const store = new StagingStore(ws.root);
    const entry = { path: 'x.ts', taskId: 'api', base: null, proposed: 'x', proposedHash: sha256('x') };
    store.restore([entry]);
    assert.deepEqual(store.entry('x.ts'), entry);
  });
});
