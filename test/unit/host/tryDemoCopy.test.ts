/**
 * The copy step of "Fanout: Try the Demo" (src/host/tryDemoCopy.ts) on real temp folders: the
 * sample lands in a new `fanout-demo` folder that Fanout treats as the demo workspace, a taken name
 * moves on to `fanout-demo-2` … without touching what is there, symlinks in the sample are neither
 * followed nor copied, and a copy that cannot finish leaves nothing behind.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isDemoWorkspace } from '../../../src/host/runs/modelAccess';
import { copyDemo, createDemoFolder, createTempParent, DEMO_FOLDER_NAME, DemoCopyError, MAX_NAME_ATTEMPTS } from '../../../src/host/tryDemoCopy';

const SAMPLE = join(__dirname, '..', '..', '..', 'samples', 'demo-workspace');

/** Every file under `root` (relative, `/`-separated, sorted) with its content. */
async function filesOf(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.set(relative(root, path).split('\\').join('/'), await readFile(path, 'utf8'));
    }
  };
  await walk(root);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function rejectsWith(work: Promise<unknown>, problem: DemoCopyError['problem']): Promise<DemoCopyError> {
  const error: unknown = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof DemoCopyError, `expected a DemoCopyError (${problem}), got ${String(error)}`);
  assert.equal(error.problem, problem, error.message);
  return error;
}

describe('Try the Demo: copying the sample project', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fanout-try-demo-test-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('copies the whole sample into <parent>/fanout-demo, a folder Fanout treats as the demo workspace', async () => {
    const copy = await copyDemo(SAMPLE, dir);
    assert.equal(copy.folder, join(dir, DEMO_FOLDER_NAME));
    const expected = await filesOf(SAMPLE);
    assert.deepEqual(await filesOf(copy.folder), expected);
    assert.equal(copy.files, expected.size);
    assert.deepEqual(copy.skipped, []);
    assert.ok(await isDemoWorkspace(copy.folder), 'the copy is recognised as the demo workspace (package.json named todo-api)');
  });

  it('moves on to fanout-demo-2, fanout-demo-4 … past taken names (a folder, a file), and leaves what is there untouched', async () => {
    await mkdir(join(dir, DEMO_FOLDER_NAME));
    await writeFile(join(dir, DEMO_FOLDER_NAME, 'package.json'), '{"name":"mine"}');
    const second = await copyDemo(SAMPLE, dir);
    assert.equal(second.folder, join(dir, `${DEMO_FOLDER_NAME}-2`));
    // A file (not a folder) of the next name is taken too.
    await writeFile(join(dir, `${DEMO_FOLDER_NAME}-3`), 'not a folder');
    const fourth = await copyDemo(SAMPLE, dir);
    assert.equal(fourth.folder, join(dir, `${DEMO_FOLDER_NAME}-4`));

    assert.equal(await readFile(join(dir, DEMO_FOLDER_NAME, 'package.json'), 'utf8'), '{"name":"mine"}');
    assert.deepEqual(await readdir(join(dir, DEMO_FOLDER_NAME)), ['package.json']);
    assert.equal(await readFile(join(dir, `${DEMO_FOLDER_NAME}-3`), 'utf8'), 'not a folder');
    assert.ok(await isDemoWorkspace(fourth.folder));
  });

  it('does not reuse a symlink that has the name, even one pointing at an empty folder', async () => {
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, join(dir, DEMO_FOLDER_NAME));
    const copy = await copyDemo(SAMPLE, dir);
    assert.equal(copy.folder, join(dir, `${DEMO_FOLDER_NAME}-2`));
    assert.deepEqual(await readdir(elsewhere), [], 'nothing was written through the symlink');
  });

  it('gives up with a clear message when every name up to fanout-demo-100 is taken', async () => {
    for (let i = 1; i <= MAX_NAME_ATTEMPTS; i++) await mkdir(join(dir, i === 1 ? DEMO_FOLDER_NAME : `${DEMO_FOLDER_NAME}-${i}`));
    const error = await rejectsWith(createDemoFolder(dir), 'no-free-name');
    assert.match(error.message, /choose another folder/);
  });

  it('neither follows nor copies symlinks in the sample', async () => {
    const source = join(dir, 'source');
    const secrets = join(dir, 'secrets');
    await mkdir(join(source, 'src'), { recursive: true });
    await mkdir(secrets);
    await writeFile(join(source, 'package.json'), '{"name":"todo-api"}');
    await writeFile(join(source, 'src', 'a.ts'), 'export const a = 1;\n');
    await writeFile(join(secrets, 'key.txt'), 'SECRET-CONTENT');
    await symlink(join(secrets, 'key.txt'), join(source, 'src', 'linked.txt'));
    await symlink(secrets, join(source, 'linked-dir'));
    const parent = join(dir, 'parent');
    await mkdir(parent);

    const copy = await copyDemo(source, parent);
    assert.deepEqual([...(await filesOf(copy.folder)).keys()], ['package.json', 'src/a.ts']);
    assert.deepEqual([...copy.skipped].sort(), ['linked-dir', 'src/linked.txt']);
    for (const content of (await filesOf(copy.folder)).values()) assert.doesNotMatch(content, /SECRET-CONTENT/);
  });

  it('refuses a sample folder that is itself a symlink, or missing', async () => {
    await symlink(SAMPLE, join(dir, 'linked-sample'));
    const parent = join(dir, 'parent');
    await mkdir(parent);
    await rejectsWith(copyDemo(join(dir, 'linked-sample'), parent), 'source-missing');
    const error = await rejectsWith(copyDemo(join(dir, 'no-such-sample'), parent), 'source-missing');
    assert.match(error.message, /Reinstall Fanout/);
    assert.deepEqual(await readdir(parent), [], 'no folder was created');
  });

  it('stops at its size bounds and removes the folder it created', async () => {
    const entries = await rejectsWith(copyDemo(SAMPLE, dir, { limits: { maxEntries: 3, maxBytes: 1 << 20, maxDepth: 8 } }), 'too-large');
    assert.match(entries.message, /nothing was copied/);
    await rejectsWith(copyDemo(SAMPLE, dir, { limits: { maxEntries: 500, maxBytes: 100, maxDepth: 8 } }), 'too-large');
    await rejectsWith(copyDemo(SAMPLE, dir, { limits: { maxEntries: 500, maxBytes: 1 << 20, maxDepth: 0 } }), 'too-large');
    assert.deepEqual(await readdir(dir), [], 'every partial copy was removed');
  });

  it('says the place is not a folder when the parent is a file or missing', async () => {
    await writeFile(join(dir, 'a-file'), '');
    const error = await rejectsWith(copyDemo(SAMPLE, join(dir, 'a-file')), 'not-a-folder');
    assert.match(error.message, /Choose another folder/);
    await rejectsWith(copyDemo(SAMPLE, join(dir, 'missing', 'deeper')), 'not-a-folder');
  });

  it('copies nothing when cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await rejectsWith(copyDemo(SAMPLE, dir, { signal: abort.signal }), 'cancelled');
    assert.ok(!existsSync(join(dir, DEMO_FOLDER_NAME)));
  });

  it('makes a fresh temp parent each time, inside the given base', async () => {
    const a = await createTempParent(dir);
    const b = await createTempParent(dir);
    assert.notEqual(a, b);
    assert.equal(relative(dir, a).includes('..'), false);
    const copy = await copyDemo(SAMPLE, a);
    assert.equal(copy.folder, join(a, DEMO_FOLDER_NAME));
    await rejectsWith(createTempParent(join(dir, 'missing')), 'not-a-folder');
  });
});
