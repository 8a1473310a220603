/**
 * Importing a run folder made elsewhere (a CI runner's `fanout run --out DIR`): a real engine run
 * written to one folder is imported into another runs folder and replays with its staged files; a
 * folder that is not a run, a symlinked or altered blob, a missing blob and a run already imported
 * are refused with words that say why, and leave nothing behind.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importRunFolder, RunImportError } from '../../../src/core/store/importRun';
import { RunStore } from '../../../src/core/store/runStore';
import { stageRun, writeFile as writeTool, type StagedRun } from '../../host/stageRun';

describe('importing a run folder made elsewhere', function () {
  this.timeout(30_000);
  let dir: string;
  let ws: string;
  let ci: string;
  let runs: string;
  let made: StagedRun;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-import-'));
    ws = join(dir, 'ws');
    ci = join(dir, 'ci');
    runs = join(dir, 'runs');
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeFileSync(join(ws, 'src', 'a.ts'), 'export const a = 1;\n');
    made = await stageRun({
      workspaceRoot: ws,
      runsDir: ci,
      request: 'Change a and add b',
      agents: [
        { id: 'a', title: 'A', owns: ['src/a.ts'], calls: [writeTool('src/a.ts', 'export const a = 2;\n')] },
        { id: 'b', title: 'B', owns: ['src/b.ts'], calls: [writeTool('src/b.ts', 'export const b = 3;\n')] },
      ],
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const refused = async (folder: string, pattern: RegExp): Promise<void> => {
    const store = new RunStore(runs);
    await assert.rejects(importRunFolder(folder, store, ws), (e: unknown) => e instanceof RunImportError && pattern.test(e.message));
    assert.deepEqual(await store.list(), [], 'nothing was imported');
    const left = (() => {
      try {
        return readdirSync(runs);
      } catch {
        return [];
      }
    })();
    assert.deepEqual(left, [], 'no temp folder is left behind');
  };

  it('imports the run with its staged files, which replay as pending; the source folder and the workspace are untouched', async () => {
    const store = new RunStore(runs);
    const imported = await importRunFolder(made.dir, store, ws);
    assert.equal(imported.runId, made.runId);
    assert.equal(imported.pendingFiles, 2);
    assert.equal(imported.state.plan?.request, 'Change a and add b');
    assert.deepEqual(await store.list(), [made.runId]);
    const loaded = await store.load(made.runId);
    assert.ok(loaded);
    const staging = await store.staging(loaded, ws);
    assert.equal(staging.entry('src/a.ts')?.proposed, 'export const a = 2;\n');
    assert.equal(staging.entry('src/b.ts')?.proposed, 'export const b = 3;\n');
    assert.equal(readFileSync(join(ws, 'src', 'a.ts'), 'utf8'), 'export const a = 1;\n');
    assert.deepEqual(readdirSync(join(made.dir)).includes('events.jsonl'), true);

    await assert.rejects(importRunFolder(made.dir, store, ws), (e: unknown) => e instanceof RunImportError && e.existingRunId === made.runId);
  });

  it('refuses a folder that is not a run, with the command that makes one', async () => {
    mkdirSync(join(dir, 'empty'));
    await refused(join(dir, 'empty'), /no events\.jsonl.*fanout run --out DIR/);
    await refused(join(dir, 'nope'), /does not exist/);
    mkdirSync(join(dir, 'garbage'));
    writeFileSync(join(dir, 'garbage', 'events.jsonl'), 'not json\n{"also": "not an event"}\n');
    await refused(join(dir, 'garbage'), /holds no run/);
  });

  it('refuses an altered blob and a missing one; a symlinked blob is not followed', async () => {
    const blobs = join(made.dir, 'blobs');
    const names = readdirSync(blobs).filter((n) => /^[0-9a-f]{64}$/.test(n));
    assert.ok(names.length >= 2);
    const [first] = names;
    writeFileSync(join(blobs, first as string), 'tampered');
    await refused(made.dir, /does not hold the content its name promises/);

    unlinkSync(join(blobs, first as string));
    writeFileSync(join(dir, 'outside.txt'), 'a secret outside the run folder');
    symlinkSync(join(dir, 'outside.txt'), join(blobs, first as string));
    await refused(made.dir, /incomplete/);
  });
});
