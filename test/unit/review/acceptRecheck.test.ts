/**
 * Accept checks every path again just before writing. Runs `ReviewActions` (src/host/review/apply.ts)
 * against the `vscode` fake, whose `applyEdit` writes to the real disk and follows symlinks like VS
 * Code's file system does, with files staged by the real write tool.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Plan, TaskSpec } from '../../../src/core/plan/plan';
import type { RunEventBody } from '../../../src/core/run/events';
import { StagingStore } from '../../../src/core/workspace/staging';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import type * as ApplyModule from '../../../src/host/review/apply';
import type { PendingFile, ReviewModel } from '../../../src/host/review/reviewModel';
import { plan, task, toolContext } from '../core/fixtures';
import { fakeWindow, loadWithVscodeFake, silentLog, Uri } from '../../support/vscodeFake';

const RUN = 'run-1';

/** The part of the review model accept uses: pending files, one action at a time, recorded events, the run's plan. */
class FakeModel {
  readonly recorded: RunEventBody[] = [];
  constructor(
    private files: PendingFile[],
    private readonly thePlan: Plan,
  ) {}
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }
  pendingFiles(filter: { runId?: string; taskId?: string; path?: string } = {}): PendingFile[] {
    return this.files.filter((f) => (filter.path === undefined || f.path === filter.path) && (filter.taskId === undefined || f.taskId === filter.taskId));
  }
  planOf(runId: string): Plan | undefined {
    return runId === RUN ? this.thePlan : undefined;
  }
  record(_runId: string, bodies: readonly RunEventBody[]): Promise<void> {
    this.recorded.push(...bodies);
    const applied = new Set(bodies.filter((b) => b.kind === 'review.applied').map((b) => b.path));
    this.files = this.files.filter((f) => !applied.has(f.path));
    return Promise.resolve();
  }
}

/** Every file under a folder (symlinks not followed), relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix + entry.name;
    return entry.isDirectory() ? filesUnder(join(dir, entry.name), `${rel}/`) : [rel];
  });
}

describe('review: accept checks every path again before writing', () => {
  let apply: typeof ApplyModule;
  let base: string;
  let root: string;
  let outside: string;
  const author: TaskSpec = task('gen', 'implement', ['gen/**', 'src/**']);
  const thePlan = plan(author);

  before(() => {
    apply = loadWithVscodeFake<typeof ApplyModule>(resolve(__dirname, '../../../src/host/review/apply'));
  });

  beforeEach(async () => {
    fakeWindow.reset();
    base = await mkdtemp(join(tmpdir(), 'fanout-accept-'));
    root = join(base, 'ws');
    outside = join(base, 'outside');
    await mkdir(join(root, 'gen'), { recursive: true });
    await mkdir(join(root, 'src'), { recursive: true });
    await mkdir(join(root, 'elsewhere'), { recursive: true });
    await mkdir(outside);
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  /** Stages files with the real write tool and returns them as the review offers them. */
  async function stage(files: Readonly<Record<string, string>>): Promise<PendingFile[]> {
    const store = new StagingStore(root);
    const ctx = toolContext(root, author, thePlan, store.viewFor(author.id, []));
    for (const [path, content] of Object.entries(files)) {
      const result = await createToolbox().execute('write_file', { path, content }, ctx);
      assert.equal(result.isError, false, result.content);
    }
    return store.entries().map((entry) => ({
      runId: RUN,
      taskId: entry.taskId,
      path: entry.path,
      change: entry.base === null ? 'create' : 'modify',
      review: 'pending',
      agentTitle: author.title,
      entry,
    }));
  }

  function actions(model: FakeModel) {
    return new apply.ReviewActions(model as unknown as ReviewModel, Uri.file(root) as never, silentLog as never);
  }

  it('applies staged files when nothing changed on their paths', async () => {
    const files = await stage({ 'gen/out.ts': 'export const out = 1;\n' });
    const outcome = await actions(new FakeModel(files, thePlan)).accept(files);
    assert.deepEqual(outcome.applied, ['gen/out.ts'], outcome.message);
    assert.equal(readFileSync(join(root, 'gen/out.ts'), 'utf8'), 'export const out = 1;\n');
  });

  it('writes nothing anywhere when a folder on the path became a symlink out of the workspace, and names the path', async () => {
    const files = await stage({ 'gen/out.ts': 'export const out = 1;\n', 'src/keep.ts': 'export const keep = 1;\n' });
    await rm(join(root, 'gen'), { recursive: true });
    await symlink(outside, join(root, 'gen'));
    const model = new FakeModel(files, thePlan);

    const outcome = await actions(model).accept(files);

    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(filesUnder(outside), [], 'nothing was written outside the workspace');
    assert.deepEqual(filesUnder(root), ['gen'], 'nothing was written in the workspace either (all or nothing)');
    assert.deepEqual(fakeWindow.appliedEdits, [], 'no edit reached VS Code');
    assert.match(outcome.message, /^Fanout applied nothing\. gen\/out\.ts is refused: .*symlink "gen".*outside the workspace/);
    assert.match(outcome.message, /The other 1 file was not applied either/);
    assert.deepEqual(
      outcome.conflicts.map((c) => c.path),
      ['gen/out.ts'],
    );
    assert.deepEqual(
      model.recorded.map((e) => [e.kind, e.kind === 'review.conflict' ? e.path : '']),
      [['review.conflict', 'gen/out.ts']],
    );
    assert.equal(fakeWindow.messages[0]?.level, 'warning');
  });

  it('writes nothing when the folder became a symlink to another folder of the workspace', async () => {
    const files = await stage({ 'gen/out.ts': 'export const out = 1;\n' });
    await rm(join(root, 'gen'), { recursive: true });
    await symlink(join(root, 'elsewhere'), join(root, 'gen'));

    const outcome = await actions(new FakeModel(files, thePlan)).accept(files);

    assert.deepEqual(outcome.applied, []);
    assert.equal(existsSync(join(root, 'elsewhere/out.ts')), false);
    assert.match(outcome.message, /gen\/out\.ts now goes through the symlink gen, which was not there when the agent staged it/);
  });

  it('checks again right before the edit: a symlink made while the accept reads the files is caught', async () => {
    const files = await stage({ 'gen/out.ts': 'export const out = 1;\n' });
    fakeWindow.onStat = async () => {
      fakeWindow.onStat = undefined;
      await rm(join(root, 'gen'), { recursive: true });
      await symlink(outside, join(root, 'gen'));
    };

    const outcome = await actions(new FakeModel(files, thePlan)).accept(files);

    assert.deepEqual(outcome.applied, []);
    assert.deepEqual(filesUnder(outside), []);
    assert.deepEqual(fakeWindow.appliedEdits, []);
    assert.match(outcome.message, /gen\/out\.ts is refused/);
  });

  it("refuses a file its author did not own in the run's plan (a run log edited on disk)", async () => {
    const [file] = await stage({ 'gen/out.ts': 'x\n' });
    assert.ok(file);
    const forged: PendingFile = { ...file, path: 'elsewhere/out.ts', entry: { ...file.entry, path: 'elsewhere/out.ts' } };
    await writeFile(join(root, 'elsewhere/other.ts'), 'y\n');

    const outcome = await actions(new FakeModel([forged], thePlan)).accept([forged]);

    assert.deepEqual(outcome.applied, []);
    assert.equal(existsSync(join(root, 'elsewhere/out.ts')), false);
    assert.match(outcome.message, /elsewhere\/out\.ts is refused: task gen did not own it in the run's plan/);
  });
});
